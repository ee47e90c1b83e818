package dev.autoencoders.kernels;

/**
 * The one way an op of {@code tensor/} runs a loop over elements or rows on several threads. The op gives the loop
 * body over a range, {@code (from, to) -> { for (int i = from; i < to; i++) y[i] = f(x[i]); }}, and the {@link Cost}
 * of one element; this class decides from the size whether the loop is split, one contiguous range per thread
 * ({@link Parallelism}), or runs as one range on the calling thread. The thresholds live here and nowhere else.
 *
 * <p>What holds: a loop given to {@link #elementwise} or {@link #rows} computes every element (row) on its own, from
 * inputs no other iteration writes, so any split gives the same bits as the plain loop. A loop in which several
 * iterations add into one element (the gradient of a broadcast operand) is a sum whose order fixes its bits: it goes
 * through {@link #scatterAdd}, which never splits it.
 *
 * <p>Why a body over a range and not a function of one element: the JIT compiles each op's range loop on its own
 * (and vectorises it); a shared loop calling a per-element function cannot be inlined once a few ops use it, and runs
 * several times slower on cheap elements (docs/performance.md, "One way to split a loop").
 */
public final class Loops {
    private Loops() {}

    /**
     * The cost of one element of a loop, which sets the size from which the loop is split between threads: below it,
     * handing a range to another thread and waking the caller again (tens of microseconds on a shared machine) costs
     * more than the second thread saves.
     */
    public enum Cost {
        /** One or two arithmetic operations an element (add, multiply, relu, clamp): split from 2^17 elements. */
        CHEAP(1 << 17),
        /** A division and a square root an element over several arrays (Adam's step, bound by memory): from 2^16. */
        MODERATE(1 << 16),
        /** A call of {@code Math.exp}, {@code log}, {@code log1p} or {@code tanh} an element: from 2^15. */
        TRANSCENDENTAL(1 << 15);

        private final int minToSplit;

        Cost(int minToSplit) {
            this.minToSplit = minToSplit;
        }

        /** The number of elements from which a loop of this cost is split between threads. */
        public int minToSplit() {
            return minToSplit;
        }
    }

    /** A loop over the elements (or rows) {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)}: in {@link Parallelism#threads()} contiguous ranges, one per thread, when
     * {@code n >= cost.minToSplit()}, else as one range on the calling thread. Every element must be computed on its
     * own (see the class comment).
     */
    public static void elementwise(int n, Cost cost, Range body) {
        int parts = n >= cost.minToSplit ? Parallelism.threads() : 1;
        Parallelism.run(parts, t -> body.run((int) ((long) n * t / parts), (int) ((long) n * (t + 1) / parts)));
    }

    /**
     * Runs {@code body} over the rows {@code [0, rows)} of {@code rowLength} elements each: in ranges of whole rows,
     * at most one per thread and per row, when {@code rows * rowLength >= cost.minToSplit()}, else as one range on the
     * calling thread. Every row must be computed on its own (a row's own sums stay in one iteration, in their order).
     */
    public static void rows(int rows, long rowLength, Cost cost, Range body) {
        int parts = (long) rows * rowLength >= cost.minToSplit ? Math.min(rows, Parallelism.threads()) : 1;
        Parallelism.run(parts, t -> body.run((int) ((long) rows * t / parts), (int) ((long) rows * (t + 1) / parts)));
    }

    /**
     * Runs {@code body} over {@code [0, n)}, a loop whose iteration k adds into element {@code target[k]} of an array
     * ({@code k} itself when {@code target} is null). With no target map every iteration has its own element and the
     * loop is split as {@link #elementwise}; with one, several iterations may add into one element, in the order of k,
     * so the loop runs on the calling thread alone and the sums keep that order.
     */
    public static void scatterAdd(int n, int[] target, Cost cost, Range body) {
        if (target == null) elementwise(n, cost, body);
        else body.run(0, n);
    }
}

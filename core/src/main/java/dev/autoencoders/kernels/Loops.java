package dev.autoencoders.kernels;

/**
 * The one way a loop runs on several threads: an op of {@code tensor/} over elements or rows, a kernel over images,
 * taps or tiles. The caller gives the loop body over a range,
 * {@code (from, to) -> { for (int i = from; i < to; i++) y[i] = f(x[i]); }}, and the {@link Cost} of its work; this
 * class decides from the size whether the loop is split, one contiguous range per thread ({@link Parallelism}), or
 * runs as one range on the calling thread. The thresholds live here and nowhere else.
 *
 * <p>What holds: a loop given to {@link #elementwise} or {@link #rows} computes every element (row) on its own, from
 * inputs no other iteration writes, so any split gives the same bits as the plain loop. A loop in which several
 * iterations add into one element (the gradient of a broadcast operand) is a sum whose order fixes its bits: it goes
 * through {@link #scatterAdd}, which never splits it.
 *
 * <p>Why a body over a range and not a function of one element: the JIT compiles each op's range loop on its own
 * (and vectorises it); a shared loop calling a per-element function cannot be inlined once a few ops use it, and runs
 * several times slower on cheap elements (docs/performance.md, "Kernel choices").
 */
public final class Loops {
    private Loops() {}

    /**
     * The cost of one element of a loop, which sets the size from which the loop is split between threads: below it,
     * handing a range to another thread (a microsecond to a spinning worker, tens of microseconds to a parked one,
     * see {@link Parallelism}) and spreading the loop's data over two cores' caches cost more than the second thread
     * saves (docs/performance.md, "Kernel choices").
     */
    public enum Cost {
        // the ops' loops, counted in elements
        /** One or two arithmetic operations an element (add, multiply, relu, clamp): split from 2^17 elements. */
        CHEAP(1 << 17),
        /** A division and a square root an element over several arrays (Adam's step, bound by memory): from 2^16. */
        MODERATE(1 << 16),
        /** A call of {@code Math.exp}, {@code log}, {@code log1p} or {@code tanh} an element: from 2^15. */
        TRANSCENDENTAL(1 << 15),

        // the kernels' loops, counted in their own unit of work
        /** A value copied or scattered (zero-bordered images, packed weights, a chunk's outputs): from 2^17 values. */
        COPY(1 << 17),
        /** An addition of a look-up, or a multiply-add of its small products ({@link LookupConv}): from 2^18. */
        LOOKUP_ADD(1 << 18),
        /** A multiply-add of a direct convolution ({@link DirectConv}): from 2^20. */
        DIRECT_MAC(1 << 20),
        /**
         * A multiply-add of an implicit GEMM ({@link ImplicitConv}): from 2^23, so that conv-ae's layers (1 to 5
         * million) stay on one thread, shorter than handing half of one over and waiting for it.
         */
        IMPLICIT_MAC(1 << 23),
        /** A floating-point operation of a GEMM, {@code 2 m n k} of them ({@link Gemm}): from 10^7. */
        GEMM_FLOP(10_000_000);

        private final long minToSplit;

        Cost(long minToSplit) {
            this.minToSplit = minToSplit;
        }

        /** The amount of work (elements, values, multiply-adds) from which a loop of this cost is split between threads. */
        public long minToSplit() {
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
        // below the threshold: the loop itself, on this thread (a call the JIT inlines, as if written in the op)
        if (n < cost.minToSplit || Parallelism.threads() == 1) body.run(0, n);
        else inParts(n, Parallelism.threads(), body);
    }

    /**
     * Runs {@code body} over the rows {@code [0, rows)} of {@code rowLength} elements each: in ranges of whole rows,
     * at most one per thread and per row, when {@code rows * rowLength >= cost.minToSplit()}, else as one range on the
     * calling thread. Every row must be computed on its own (a row's own sums stay in one iteration, in their order).
     */
    public static void rows(int rows, long rowLength, Cost cost, Range body) {
        split(rows, (long) rows * rowLength, cost, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} (images, taps, channels, tiles of a kernel): in ranges, at most one per
     * thread and per item, when the whole loop has at least {@code cost.minToSplit()} units of {@code work}, else as
     * one range on the calling thread. The parts must not write the same values.
     */
    public static void split(int count, long work, Cost cost, Range body) {
        int parts = work >= cost.minToSplit ? Math.min(count, Parallelism.threads()) : 1;
        if (parts <= 1) body.run(0, count);
        else inParts(count, parts, body);
    }

    /** {@code [0, n)} as {@code parts} contiguous ranges, one per thread of {@link Parallelism#run}. */
    private static void inParts(int n, int parts, Range body) {
        Parallelism.run(parts, t -> body.run((int) ((long) n * t / parts), (int) ((long) n * (t + 1) / parts)));
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

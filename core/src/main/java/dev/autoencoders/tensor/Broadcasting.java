package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Parallelism;
import java.util.Arrays;

/**
 * The four arithmetic operations between two tensors with NumPy broadcasting:
 * {@code a: (*A), b: (*B) -> y: broadcast(A, B)}, e.g. {@code (N, D) + (D) -> (N, D)}.
 *
 * <p>Backward: where an input was broadcast (repeated) to fill the output, its gradient is the sum of the
 * output gradients over the repeats. The index maps below make that automatic:
 * {@code ga[ia[k]] += ...} adds every output position k into the input element it read.
 */
public final class Broadcasting {
    private Broadcasting() {}

    /** Where each output element reads its inputs; {@code null} index maps mean "same position" (shapes equal). */
    private record Plan(int[] shape, int[] ia, int[] ib) {
        int a(int k) { return ia == null ? k : ia[k]; }
        int b(int k) { return ib == null ? k : ib[k]; }
    }

    private static Plan plan(String op, Tensor a, Tensor b) {
        if (Arrays.equals(a.shape, b.shape)) return new Plan(a.shape, null, null);
        int[] out = Shape.broadcast(op, a.shape, b.shape);
        int[] ia = Arrays.equals(a.shape, out) ? null : Shape.broadcastIndex(a.shape, out);
        int[] ib = Arrays.equals(b.shape, out) ? null : Shape.broadcastIndex(b.shape, out);
        return new Plan(out, ia, ib);
    }

    /** {@code y = a + b};  {@code dy/da = 1}, {@code dy/db = 1}. */
    public static Tensor add(Tensor a, Tensor b) {
        Plan p = plan("add", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        // each element on its own: large ones split into ranges between threads (same bits), as is the backward
        // where no element of the operand is shared (a broadcast operand's gradient sums, so it stays on one thread)
        Parallelism.inRanges(y.length, PARALLEL_MIN_ELEMENTS, (from, to) -> {
            for (int k = from; k < to; k++) y[k] = a.data[p.a(k)] + b.data[p.b(k)];
        });
        return Tensor.result("add", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                Parallelism.inRanges(g.length, p.ia() == null ? PARALLEL_MIN_ELEMENTS : Integer.MAX_VALUE, (from, to) -> {
                    for (int k = from; k < to; k++) ga[p.a(k)] += g[k];
                });
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                Parallelism.inRanges(g.length, p.ib() == null ? PARALLEL_MIN_ELEMENTS : Integer.MAX_VALUE, (from, to) -> {
                    for (int k = from; k < to; k++) gb[p.b(k)] += g[k];
                });
            }
        });
    }

    /** Loops over fewer elements run on the calling thread alone (a broadcast operand's gradient always does). */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 17;

    /** {@code y = a - b};  {@code dy/da = 1}, {@code dy/db = -1}. */
    public static Tensor sub(Tensor a, Tensor b) {
        Plan p = plan("sub", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        for (int k = 0; k < y.length; k++) y[k] = a.data[p.a(k)] - b.data[p.b(k)];
        return Tensor.result("sub", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int k = 0; k < g.length; k++) ga[p.a(k)] += g[k];
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int k = 0; k < g.length; k++) gb[p.b(k)] -= g[k];
            }
        });
    }

    /** {@code y = a * b};  {@code dy/da = b}, {@code dy/db = a}. */
    public static Tensor mul(Tensor a, Tensor b) {
        Plan p = plan("mul", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        for (int k = 0; k < y.length; k++) y[k] = a.data[p.a(k)] * b.data[p.b(k)];
        return Tensor.result("mul", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int k = 0; k < g.length; k++) ga[p.a(k)] += g[k] * b.data[p.b(k)];
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int k = 0; k < g.length; k++) gb[p.b(k)] += g[k] * a.data[p.a(k)];
            }
        });
    }

    /** {@code y = a / b};  {@code dy/da = 1 / b}, {@code dy/db = -a / b^2}. */
    public static Tensor div(Tensor a, Tensor b) {
        Plan p = plan("div", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        for (int k = 0; k < y.length; k++) y[k] = a.data[p.a(k)] / b.data[p.b(k)];
        return Tensor.result("div", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                for (int k = 0; k < g.length; k++) ga[p.a(k)] += g[k] / b.data[p.b(k)];
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int k = 0; k < g.length; k++) {
                    double bk = b.data[p.b(k)];
                    gb[p.b(k)] -= g[k] * a.data[p.a(k)] / (bk * bk);
                }
            }
        });
    }
}

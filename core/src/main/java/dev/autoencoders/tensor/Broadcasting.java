package dev.autoencoders.tensor;

import static dev.autoencoders.kernels.Loops.Cost.CHEAP;
import static dev.autoencoders.kernels.Loops.elementwise;
import static dev.autoencoders.kernels.Loops.scatterAdd;

import java.util.Arrays;

/**
 * The four arithmetic operations between two tensors with NumPy broadcasting:
 * {@code a: (*A), b: (*B) -> y: broadcast(A, B)}, e.g. {@code (N, D) + (D) -> (N, D)}.
 *
 * <p>Backward: where an input was broadcast (repeated) to fill the output, its gradient is the sum of the
 * output gradients over the repeats. The index maps below make that automatic:
 * {@code ga[ia[k]] += ...} adds every output position k into the input element it read. Such a sum runs in the
 * order of k on one thread ({@link dev.autoencoders.kernels.Loops#scatterAdd}); every other loop here computes each
 * element on its own and may be split between threads.
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
        elementwise(y.length, CHEAP, (from, to) -> { for (int k = from; k < to; k++) y[k] = a.data[p.a(k)] + b.data[p.b(k)]; });
        return Tensor.result("add", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                scatterAdd(g.length, p.ia, CHEAP, (from, to) -> { for (int k = from; k < to; k++) ga[p.a(k)] += g[k]; });
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                scatterAdd(g.length, p.ib, CHEAP, (from, to) -> { for (int k = from; k < to; k++) gb[p.b(k)] += g[k]; });
            }
        });
    }

    /** {@code y = a - b};  {@code dy/da = 1}, {@code dy/db = -1}. */
    public static Tensor sub(Tensor a, Tensor b) {
        Plan p = plan("sub", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        elementwise(y.length, CHEAP, (from, to) -> { for (int k = from; k < to; k++) y[k] = a.data[p.a(k)] - b.data[p.b(k)]; });
        return Tensor.result("sub", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                scatterAdd(g.length, p.ia, CHEAP, (from, to) -> { for (int k = from; k < to; k++) ga[p.a(k)] += g[k]; });
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                scatterAdd(g.length, p.ib, CHEAP, (from, to) -> { for (int k = from; k < to; k++) gb[p.b(k)] -= g[k]; });
            }
        });
    }

    /** {@code y = a * b};  {@code dy/da = b}, {@code dy/db = a}. */
    public static Tensor mul(Tensor a, Tensor b) {
        Plan p = plan("mul", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        elementwise(y.length, CHEAP, (from, to) -> { for (int k = from; k < to; k++) y[k] = a.data[p.a(k)] * b.data[p.b(k)]; });
        return Tensor.result("mul", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                scatterAdd(g.length, p.ia, CHEAP, (from, to) -> { for (int k = from; k < to; k++) ga[p.a(k)] += g[k] * b.data[p.b(k)]; });
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                scatterAdd(g.length, p.ib, CHEAP, (from, to) -> { for (int k = from; k < to; k++) gb[p.b(k)] += g[k] * a.data[p.a(k)]; });
            }
        });
    }

    /** {@code y = a / b};  {@code dy/da = 1 / b}, {@code dy/db = -a / b^2}. */
    public static Tensor div(Tensor a, Tensor b) {
        Plan p = plan("div", a, b);
        double[] y = new double[Shape.numel(p.shape)];
        elementwise(y.length, CHEAP, (from, to) -> { for (int k = from; k < to; k++) y[k] = a.data[p.a(k)] / b.data[p.b(k)]; });
        return Tensor.result("div", y, p.shape, a, b).onBackward(g -> {
            if (a.requiresGrad()) {
                double[] ga = a.gradBuffer();
                scatterAdd(g.length, p.ia, CHEAP, (from, to) -> { for (int k = from; k < to; k++) ga[p.a(k)] += g[k] / b.data[p.b(k)]; });
            }
            if (b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                scatterAdd(g.length, p.ib, CHEAP, (from, to) -> {
                    for (int k = from; k < to; k++) gb[p.b(k)] -= g[k] * a.data[p.a(k)] / (b.data[p.b(k)] * b.data[p.b(k)]);
                });
            }
        });
    }
}

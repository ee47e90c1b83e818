package dev.autoencoders.tensor;

import static dev.autoencoders.kernels.Loops.Cost.TRANSCENDENTAL;
import static dev.autoencoders.kernels.Loops.rows;

import dev.autoencoders.kernels.AxisSum;

/**
 * Reductions over one axis, and the softmax family. An axis splits a row-major tensor into
 * {@code (outer, n, inner)}: element {@code (o, j, i)} sits at {@code (o * n + j) * inner + i}, and the reduction
 * runs over {@code j}. Shapes: {@code x: (..., n, ...) -> y: (..., ...)}, or {@code (..., 1, ...)} with keepDim.
 */
public final class Reductions {
    private Reductions() {}

    private static int[] reducedShape(int[] shape, int axis, boolean keepDim) {
        int[] out = new int[keepDim ? shape.length : shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d == axis) {
                if (keepDim) out[k++] = 1;
            } else {
                out[k++] = shape[d];
            }
        }
        return out;
    }

    /** {@code y = sum_i x_i} (a scalar);  {@code dy/dx_i = 1}. */
    public static Tensor sumAll(Tensor x) {
        double s = 0;
        for (double v : x.data) s += v;
        return Tensor.result("sum", new double[] {s}, new int[0], x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < gx.length; i++) gx[i] += g[0];
        });
    }

    /** {@code y = (1/n) sum_i x_i} (a scalar);  {@code dy/dx_i = 1/n}. */
    public static Tensor meanAll(Tensor x) {
        return Pointwise.mulScalar(sumAll(x), 1.0 / x.data.length);
    }

    /** {@code y[o, i] = sum_j x[o, j, i]};  {@code dy[o, i]/dx[o, j, i] = 1}. */
    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int ax = Shape.axis("sum", axis, x.shape);
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        double[] y = new double[outer * inner];
        AxisSum.sum(x.data, outer, n, inner, y);                                     // y[o, i] = sum_j x[o, j, i]
        return Tensor.result("sum", y, reducedShape(x.shape, ax, keepDim), x).onBackward(g -> {
            AxisSum.broadcast(g, outer, n, inner, x.gradBuffer());                  // dx[o, j, i] += dy[o, i]
        });
    }

    /** {@code y = (1/n) sum_j x[o, j, i]};  {@code dy/dx = 1/n}. */
    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        int ax = Shape.axis("mean", axis, x.shape);
        return Pointwise.mulScalar(sum(x, ax, keepDim), 1.0 / x.shape[ax]);
    }

    /**
     * {@code y[o, i] = max_j x[o, j, i]};  the gradient flows to the first position attaining the maximum:
     * {@code dy/dx[o, j, i] = [j = argmax]}.
     */
    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        int ax = Shape.axis("max", axis, x.shape);
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        if (n == 0) throw new ShapeException("max", "cannot reduce an empty axis " + ax, x.shape);
        int[] arg = argExtreme(x, ax, true);
        double[] y = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) y[o * inner + i] = x.data[(o * n + arg[o * inner + i]) * inner + i];
        }
        return Tensor.result("max", y, reducedShape(x.shape, ax, keepDim), x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) gx[(o * n + arg[o * inner + i]) * inner + i] += g[o * inner + i];
            }
        });
    }

    /**
     * {@code y = log sum_j exp(x_j)}, computed as {@code m + log sum_j exp(x_j - m)} with {@code m = max_j x_j}
     * so that nothing overflows;  {@code dy/dx_j = exp(x_j - y) = softmax(x)_j}.
     */
    public static Tensor logsumexp(Tensor x, int axis, boolean keepDim) {
        int ax = Shape.axis("logsumexp", axis, x.shape);
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        double[] y = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) y[o * inner + i] = lse(x.data, (o * n) * inner + i, n, inner);
        }
        return Tensor.result("logsumexp", y, reducedShape(x.shape, ax, keepDim), x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < inner; i++) {
                        int k = (o * n + j) * inner + i;
                        gx[k] += g[o * inner + i] * Math.exp(x.data[k] - y[o * inner + i]);
                    }
                }
            }
        });
    }

    /** log sum exp of {@code n} values starting at {@code start}, {@code stride} apart. */
    static double lse(double[] v, int start, int n, int stride) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, v[start + j * stride]);
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
        double s = 0;
        for (int j = 0; j < n; j++) s += Math.exp(v[start + j * stride] - m);
        return m + Math.log(s);
    }

    /**
     * {@code y_j = x_j - log sum_k exp(x_k)} (log-probabilities along {@code axis}, same shape as x);
     * {@code dL/dx_j = g_j - softmax(x)_j * sum_k g_k}. Each block o of lines is computed on its own, so the loops
     * over o may be split between threads.
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        int ax = Shape.axis("log_softmax", axis, x.shape);
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        double[] xs = x.data, y = new double[xs.length];
        rows(outer, (long) n * inner, TRANSCENDENTAL, (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int i = 0; i < inner; i++) {
                    double l = lse(xs, (o * n) * inner + i, n, inner);
                    for (int j = 0, k = (o * n) * inner + i; j < n; j++, k += inner) y[k] = xs[k] - l;
                }
            }
        });
        return Tensor.result("log_softmax", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            rows(outer, (long) n * inner, TRANSCENDENTAL, (from, to) -> {
                for (int o = from; o < to; o++) {
                    for (int i = 0; i < inner; i++) {
                        double gsum = 0;
                        for (int j = 0, k = (o * n) * inner + i; j < n; j++, k += inner) gsum += g[k];
                        for (int j = 0, k = (o * n) * inner + i; j < n; j++, k += inner) gx[k] += g[k] - Math.exp(y[k]) * gsum;
                    }
                }
            });
        });
    }

    /** Index of the largest value along {@code axis} (first one on ties); shape of x without that axis, flattened. No gradient. */
    public static int[] argmax(Tensor x, int axis) {
        return argExtreme(x, Shape.axis("argmax", axis, x.shape), true);
    }

    /** Index of the smallest value along {@code axis} (first one on ties); shape of x without that axis, flattened. No gradient. */
    public static int[] argmin(Tensor x, int axis) {
        return argExtreme(x, Shape.axis("argmin", axis, x.shape), false);
    }

    private static int[] argExtreme(Tensor x, int ax, boolean max) {
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        if (n == 0) throw new ShapeException(max ? "argmax" : "argmin", "cannot reduce an empty axis " + ax, x.shape);
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                double bv = x.data[(o * n) * inner + i];
                for (int j = 1; j < n; j++) {
                    double v = x.data[(o * n + j) * inner + i];
                    if (max ? v > bv : v < bv) {
                        best = j;
                        bv = v;
                    }
                }
                arg[o * inner + i] = best;
            }
        }
        return arg;
    }
}

package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Masked;
import dev.autoencoders.kernels.Parallelism;

/**
 * Elementwise functions of one tensor, {@code y_i = f(x_i)}, each with its backward
 * {@code dL/dx_i += dL/dy_i * f'(x_i)} a few lines below the forward. Shapes: {@code x: (*) -> y: (*)}.
 */
public final class Pointwise {
    private Pointwise() {}

    /**
     * Cheap elementwise functions (relu: one max an element) split tensors between threads from this size on; smaller
     * ones are computed on the calling thread alone. Each element is computed on its own, so the bits do not depend
     * on the split.
     */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 17;

    /**
     * Elementwise functions that call {@code Math.exp}, {@code log1p} or {@code tanh} (10 to 20 ns an element) split
     * tensors from this size on: 32,768 elements are 300 us of work or more, against tens of us to hand a range to
     * the pool and wake the caller again on a shared machine. (vae's BCE, softplus over 128 x 784 logits, was 10% of
     * its main thread's time on 2 threads; conv-ae's tanh over 32 x 784 stays on one.)
     */
    static final int PARALLEL_MIN_TRANSCENDENTAL = 1 << 15;

    /** {@code y = -x};  {@code dy/dx = -1}. */
    public static Tensor neg(Tensor x) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = -x.data[i];
        return Tensor.result("neg", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] -= g[i];
        });
    }

    /** {@code y = x + c};  {@code dy/dx = 1}. */
    public static Tensor addScalar(Tensor x, double c) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = x.data[i] + c;
        return Tensor.result("add_scalar", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i];
        });
    }

    /** {@code y = c x};  {@code dy/dx = c}. */
    public static Tensor mulScalar(Tensor x, double c) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = c * x.data[i];
        return Tensor.result("mul_scalar", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += c * g[i];
        });
    }

    /** {@code y = e^x};  {@code dy/dx = e^x = y}. */
    public static Tensor exp(Tensor x) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.exp(x.data[i]);
        return Tensor.result("exp", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * y[i];
        });
    }

    /** {@code y = ln x};  {@code dy/dx = 1 / x}. */
    public static Tensor log(Tensor x) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.log(x.data[i]);
        return Tensor.result("log", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] / x.data[i];
        });
    }

    /** {@code y = sqrt(x)};  {@code dy/dx = 1 / (2 sqrt(x)) = 1 / (2 y)}. */
    public static Tensor sqrt(Tensor x) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.sqrt(x.data[i]);
        return Tensor.result("sqrt", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] / (2 * y[i]);
        });
    }

    /** {@code y = x^p};  {@code dy/dx = p x^(p-1)}. Squares are computed as {@code x * x}, exactly. */
    public static Tensor pow(Tensor x, double p) {
        double[] y = new double[x.data.length];
        if (p == 2) {
            for (int i = 0; i < y.length; i++) y[i] = x.data[i] * x.data[i];
        } else {
            for (int i = 0; i < y.length; i++) y[i] = Math.pow(x.data[i], p);
        }
        return Tensor.result("pow", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            if (p == 2) {
                for (int i = 0; i < g.length; i++) gx[i] += g[i] * 2 * x.data[i];
            } else {
                for (int i = 0; i < g.length; i++) gx[i] += g[i] * p * Math.pow(x.data[i], p - 1);
            }
        });
    }

    /** {@code y = |x|};  {@code dy/dx = sign(x)} (0 at x = 0, as PyTorch). */
    public static Tensor abs(Tensor x) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.abs(x.data[i]);
        return Tensor.result("abs", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * Math.signum(x.data[i]);
        });
    }

    /** {@code y = min(max(x, lo), hi)};  {@code dy/dx = 1} for lo <= x <= hi, else 0 (PyTorch's convention at the ends). */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.min(Math.max(x.data[i], lo), hi);
        return Tensor.result("clamp", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) if (x.data[i] >= lo && x.data[i] <= hi) gx[i] += g[i];
        });
    }

    /**
     * {@code y = 1 / (1 + e^-x)};  {@code dy/dx = y (1 - y)}.
     * Evaluated as {@code e^x / (1 + e^x)} for negative x so that neither branch overflows.
     */
    public static Tensor sigmoid(Tensor x) {
        double[] y = new double[x.data.length];
        Parallelism.inRanges(y.length, PARALLEL_MIN_TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = sigmoid(x.data[i]);
        });
        return Tensor.result("sigmoid", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * y[i] * (1 - y[i]);
        });
    }

    /** The logistic function of one number, overflow-free. */
    public static double sigmoid(double v) {
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /** {@code y = tanh(x)};  {@code dy/dx = 1 - y^2}. */
    public static Tensor tanh(Tensor x) {
        double[] y = new double[x.data.length];
        Parallelism.inRanges(y.length, PARALLEL_MIN_TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = Math.tanh(x.data[i]);
        });
        return Tensor.result("tanh", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
        });
    }

    /** {@code y = max(x, 0)};  {@code dy/dx = [x > 0]}. */
    public static Tensor relu(Tensor x) {
        double[] y = new double[x.data.length];
        // Math.max is branch-free (and vectorised); it keeps NaN, and max(-0.0, 0.0) = 0.0.
        // Each element on its own: large tensors split into ranges between threads (same bits)
        Parallelism.inRanges(y.length, PARALLEL_MIN_ELEMENTS, (from, to) -> {
            double[] xs = x.data;
            for (int i = from; i < to; i++) y[i] = Math.max(xs[i], 0.0);
        });
        return Tensor.result("relu", y, x.shape, x).onBackward(g -> {
            // dL/dx_i += dL/dy_i [x_i > 0]: the loop `if (x[i] > 0) gx[i] += g[i]`, run SIMD with a lane mask
            Masked.addWherePositive(x.gradBuffer(), g, x.data, g.length);
        });
    }

    /** {@code y = x} for x > 0, else {@code a x};  {@code dy/dx = 1} for x > 0, else {@code a}. */
    public static Tensor leakyRelu(Tensor x, double a) {
        double[] y = new double[x.data.length];
        for (int i = 0; i < y.length; i++) y[i] = x.data[i] > 0 ? x.data[i] : a * x.data[i];
        return Tensor.result("leaky_relu", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += x.data[i] > 0 ? g[i] : a * g[i];
        });
    }

    /**
     * {@code y = ln(1 + e^x)}, computed stably as {@code max(x, 0) + ln(1 + e^-|x|)};
     * {@code dy/dx = sigmoid(x)}.
     */
    public static Tensor softplus(Tensor x) {
        double[] y = new double[x.data.length];
        // an exp and a log1p per element (about 20 ns): large tensors split between threads (same bits)
        Parallelism.inRanges(y.length, PARALLEL_MIN_TRANSCENDENTAL, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = softplus(x.data[i]);
        });
        return Tensor.result("softplus", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            Parallelism.inRanges(g.length, PARALLEL_MIN_TRANSCENDENTAL, (from, to) -> {
                for (int i = from; i < to; i++) gx[i] += g[i] * sigmoid(x.data[i]);
            });
        });
    }

    /** {@code ln(1 + e^v)} of one number, overflow-free. */
    public static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
}

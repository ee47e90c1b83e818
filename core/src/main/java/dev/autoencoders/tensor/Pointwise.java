package dev.autoencoders.tensor;

import static dev.autoencoders.kernels.Loops.Cost.CHEAP;
import static dev.autoencoders.kernels.Loops.Cost.MODERATE;
import static dev.autoencoders.kernels.Loops.Cost.TRANSCENDENTAL;
import static dev.autoencoders.kernels.Loops.elementwise;

import dev.autoencoders.kernels.Masked;
import dev.autoencoders.kernels.VectorMath;
import dev.autoencoders.lab.Lab;

/**
 * Elementwise functions of one tensor, {@code y_i = f(x_i)}, each with its backward
 * {@code dL/dx_i += dL/dy_i * f'(x_i)} a few lines below the forward. Shapes: {@code x: (*) -> y: (*)}.
 *
 * <p>Each loop is written over a range {@code [from, to)} and handed to {@link dev.autoencoders.kernels.Loops} with
 * the cost of one element ({@code CHEAP} arithmetic or a {@code TRANSCENDENTAL} call), which runs it on one thread or
 * splits it between several; every element is computed on its own, so the bits are the same either way. The forwards
 * of {@code sigmoid}, {@code tanh} and {@code softplus} (vae's and deep-ae's widest layers) compute the same formula a
 * vector of lanes at a time ({@link VectorMath}); the scalar {@link #sigmoid(double)} and {@link #softplus(double)}
 * below are that formula for one number.
 */
public final class Pointwise {
    private Pointwise() {}

    /** {@code y = -x};  {@code dy/dx = -1}. */
    public static Tensor neg(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = -xs[i]; });
        return Tensor.result("neg", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] -= g[i]; });
        });
    }

    /** {@code y = x + c};  {@code dy/dx = 1}. */
    public static Tensor addScalar(Tensor x, double c) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = xs[i] + c; });
        return Tensor.result("add_scalar", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i]; });
        });
    }

    /** {@code y = c x};  {@code dy/dx = c}. */
    public static Tensor mulScalar(Tensor x, double c) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = c * xs[i]; });
        return Tensor.result("mul_scalar", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += c * g[i]; });
        });
    }

    /** {@code y = e^x};  {@code dy/dx = e^x = y}. */
    public static Tensor exp(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, TRANSCENDENTAL, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.exp(xs[i]); });
        return Tensor.result("exp", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * y[i]; });
        });
    }

    /** {@code y = ln x};  {@code dy/dx = 1 / x}. */
    public static Tensor log(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, TRANSCENDENTAL, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.log(xs[i]); });
        return Tensor.result("log", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] / xs[i]; });
        });
    }

    /** {@code y = sqrt(x)};  {@code dy/dx = 1 / (2 sqrt(x)) = 1 / (2 y)}. */
    public static Tensor sqrt(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.sqrt(xs[i]); });
        return Tensor.result("sqrt", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] / (2 * y[i]); });
        });
    }

    /** {@code y = x^p};  {@code dy/dx = p x^(p-1)}. A square is {@link #square}, computed exactly. */
    public static Tensor pow(Tensor x, double p) {
        if (p == 2) return square(x);
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, TRANSCENDENTAL, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.pow(xs[i], p); });
        return Tensor.result("pow", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, TRANSCENDENTAL, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * p * Math.pow(xs[i], p - 1); });
        });
    }

    /** {@code y = x^2 = x x};  {@code dy/dx = 2 x}. */
    public static Tensor square(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = xs[i] * xs[i]; });
        return Tensor.result("pow", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * 2 * xs[i]; });
        });
    }

    /** {@code y = |x|};  {@code dy/dx = sign(x)} (0 at x = 0, as PyTorch). */
    public static Tensor abs(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.abs(xs[i]); });
        return Tensor.result("abs", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * Math.signum(xs[i]); });
        });
    }

    /** {@code y = min(max(x, lo), hi)};  {@code dy/dx = 1} for lo <= x <= hi, else 0 (PyTorch's convention at the ends). */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.min(Math.max(xs[i], lo), hi); });
        return Tensor.result("clamp", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) if (xs[i] >= lo && xs[i] <= hi) gx[i] += g[i]; });
        });
    }

    /** {@code y = 1 / (1 + e^-x)};  {@code dy/dx = y (1 - y)}. */
    public static Tensor sigmoid(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        // y[i] = sigmoid(xs[i]), a vector of lanes at a time
        elementwise(y.length, MODERATE, (from, to) -> VectorMath.sigmoid(xs, y, from, to));
        return Tensor.result("sigmoid", y, x.shape, x).onBackward(g -> {
            // @lab autodiff begin
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * y[i] * (1 - y[i]); });
            // @lab autodiff end -> Lab.todo("autodiff", "Pointwise.sigmoid (backward)");
        });
    }

    /** The logistic function of one number, {@code 1 / (1 + e^-v)}, as {@code e^v / (1 + e^v)} for v < 0 so that neither form overflows. */
    public static double sigmoid(double v) {
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /** {@code y = tanh(x)};  {@code dy/dx = 1 - y^2}. */
    public static Tensor tanh(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        // y[i] = Math.tanh(xs[i]), a vector of lanes at a time
        elementwise(y.length, MODERATE, (from, to) -> VectorMath.tanh(xs, y, from, to));
        return Tensor.result("tanh", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * (1 - y[i] * y[i]); });
        });
    }

    /** {@code y = max(x, 0)};  {@code dy/dx = [x > 0]}. {@code Math.max} keeps NaN, and {@code max(-0.0, 0.0) = 0.0}. */
    public static Tensor relu(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = Math.max(xs[i], 0.0); });
        return Tensor.result("relu", y, x.shape, x).onBackward(g -> {
            // dL/dx_i += dL/dy_i [x_i > 0], i.e. `if (x[i] > 0) gx[i] += g[i]` (run with a lane mask: the branch is a coin toss;
            // written, not added, when x has no gradient yet: Tensor.writeGrad)
            x.writeGrad((gx, add) -> {
                if (add) Masked.addWherePositive(gx, g, xs, g.length);
                else Masked.writeWherePositive(gx, g, xs, g.length);
            });
        });
    }

    /** {@code y = x} for x > 0, else {@code a x};  {@code dy/dx = 1} for x > 0, else {@code a}. */
    public static Tensor leakyRelu(Tensor x, double a) {
        double[] xs = x.data, y = new double[xs.length];
        elementwise(y.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) y[i] = xs[i] > 0 ? xs[i] : a * xs[i]; });
        return Tensor.result("leaky_relu", y, x.shape, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            elementwise(g.length, CHEAP, (from, to) -> { for (int i = from; i < to; i++) gx[i] += xs[i] > 0 ? g[i] : a * g[i]; });
        });
    }

    /** {@code y = ln(1 + e^x)};  {@code dy/dx = sigmoid(x)}. */
    public static Tensor softplus(Tensor x) {
        double[] xs = x.data, y = new double[xs.length];
        // y[i] = softplus(xs[i]), a vector of lanes at a time
        elementwise(y.length, MODERATE, (from, to) -> VectorMath.softplus(xs, y, from, to));
        return Tensor.result("softplus", y, x.shape, x).onBackward(g -> {
            // @lab autodiff begin
            double[] gx = x.gradBuffer();
            elementwise(g.length, TRANSCENDENTAL, (from, to) -> { for (int i = from; i < to; i++) gx[i] += g[i] * sigmoid(xs[i]); });
            // @lab autodiff end -> Lab.todo("autodiff", "Pointwise.softplus (backward)");
        });
    }

    /** {@code ln(1 + e^v)} of one number, as {@code max(v, 0) + ln(1 + e^-|v|)} so that it does not overflow. */
    public static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
}

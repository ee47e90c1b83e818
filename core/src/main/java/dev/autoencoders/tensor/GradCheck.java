package dev.autoencoders.tensor;

import dev.autoencoders.random.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks hand-derived gradients against numerical derivatives, in double precision.
 *
 * <p>The numerical derivative is the five-point central difference
 * <pre>  dL/dx ~ [ -L(x + 2h) + 8 L(x + h) - 8 L(x - h) + L(x - 2h) ] / (12 h)</pre>
 * whose error is O(h^4) (the two-point form {@code [L(x+h) - L(x-h)] / 2h} is O(h^2)), so that an agreement
 * of 1e-6 and better means something. Each element is compared by the relative error
 * <pre>  |a - n| / max(|a| + |n|, tiny)</pre>
 * with {@code a} the analytic (backward) value and {@code n} the numerical one; {@code tiny} keeps elements whose
 * true derivative is 0 from dividing rounding noise by zero. The whole vector is also compared by
 * {@code ||a - n|| / ||a + n||}, the criterion of the UFLDL tutorial.
 *
 * <p>For a function with a tensor output, the checked scalar is {@code L = sum(f(x) * r)} with a fixed random
 * {@code r}, which exercises every output element with a different weight.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Settings. {@code h}: the finite-difference step (scaled by {@code max(1, |x|)});
     * {@code tiny}: the floor of the relative error's denominator; {@code maxPerTensor}: check at most this many
     * elements of each variable (a seeded random subset), {@code 0} = all; {@code seed}: for r and the subset.
     */
    public record Options(double h, double tiny, int maxPerTensor, long seed) {
        public static Options defaults() {
            return new Options(1e-4, 1e-4, 0, 12345);
        }

        public Options withH(double v) { return new Options(v, tiny, maxPerTensor, seed); }
        public Options withTiny(double v) { return new Options(h, v, maxPerTensor, seed); }
        public Options withMaxPerTensor(int v) { return new Options(h, tiny, v, seed); }
    }

    /**
     * The outcome: the largest elementwise relative error and where it occurred, and the UFLDL norm ratio.
     * {@code where} is {@code "input <t>[<flat index>]"}.
     */
    public record Result(double maxRelError, String where, double analytic, double numeric, double normRelError, int checked) {
        /** True when every element is within {@code tol}. */
        public boolean passes(double tol) {
            return maxRelError <= tol;
        }

        @Override
        public String toString() {
            return String.format("max relative error %.3e at %s (analytic %.12g, numeric %.12g); ||a-n||/||a+n|| = %.3e over %d elements",
                    maxRelError, where, analytic, numeric, normRelError, checked);
        }
    }

    /** Checks {@code d sum(f(inputs) * r) / d input} for every input that requires a gradient, with default options. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(Options.defaults(), f, inputs);
    }

    /** As {@link #check(Function, Tensor...)} with explicit options. */
    public static Result check(Options opt, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor probe;
        try (GradMode.Scope s = GradMode.off()) {
            probe = f.apply(inputs);
        }
        Tensor r = Tensor.randn(new Rng(opt.seed()), probe.shape);
        List<Tensor> vars = Arrays.stream(inputs).filter(Tensor::requiresGrad).toList();
        return checkScalar(opt, () -> f.apply(inputs).mul(r).sum(), vars);
    }

    /**
     * Checks the gradient of a scalar {@code loss} (re-evaluated by the supplier on every call, e.g. a whole
     * model's loss on a fixed batch with fixed noise) with respect to {@code variables}.
     */
    public static Result checkScalar(Options opt, Supplier<Tensor> loss, List<Tensor> variables) {
        for (Tensor v : variables) v.zeroGrad();
        Tensor l = loss.get();
        if (l.numel() != 1) throw new ShapeException("gradcheck", "the loss must have one element", l.shape);
        l.backward();
        Rng pick = new Rng(opt.seed() + 1);
        double worst = -1, worstA = 0, worstN = 0, diff2 = 0, sum2 = 0;
        String where = "";
        int checked = 0;
        for (int t = 0; t < variables.size(); t++) {
            Tensor v = variables.get(t);
            double[] a = v.grad() == null ? new double[v.numel()] : v.grad().clone();
            int[] which = subset(v.numel(), opt.maxPerTensor(), pick);
            for (int i : which) {
                double n = numeric(opt, loss, v.data, i);
                double rel = Math.abs(a[i] - n) / Math.max(Math.abs(a[i]) + Math.abs(n), opt.tiny());
                diff2 += (a[i] - n) * (a[i] - n);
                sum2 += (a[i] + n) * (a[i] + n);
                checked++;
                if (rel > worst || Double.isNaN(rel)) {
                    worst = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
                    worstA = a[i];
                    worstN = n;
                    where = "input " + t + " " + Arrays.toString(v.shape) + "[" + i + "]";
                }
            }
        }
        double norm = sum2 == 0 ? Math.sqrt(diff2) : Math.sqrt(diff2 / sum2);
        return new Result(Math.max(worst, 0), where, worstA, worstN, norm, checked);
    }

    /** The five-point central difference of the loss in element {@code i} of {@code x}. */
    private static double numeric(Options opt, Supplier<Tensor> loss, double[] x, int i) {
        double x0 = x[i];
        double h = opt.h() * Math.max(1.0, Math.abs(x0));
        try (GradMode.Scope s = GradMode.off()) {
            x[i] = x0 + 2 * h;
            double f2 = loss.get().item();
            x[i] = x0 + h;
            double f1 = loss.get().item();
            x[i] = x0 - h;
            double fm1 = loss.get().item();
            x[i] = x0 - 2 * h;
            double fm2 = loss.get().item();
            return (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
        } finally {
            x[i] = x0;
        }
    }

    private static int[] subset(int n, int max, Rng rng) {
        if (max <= 0 || max >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] p = rng.permutation(n);
        return Arrays.copyOf(p, max);
    }
}

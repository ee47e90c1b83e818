package dev.autoencoders.ae;

import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Matmul;
import dev.autoencoders.tensor.Pointwise;
import dev.autoencoders.tensor.Tensor;

/**
 * The pseudo-log-likelihood of an {@link Rbm} (Besag 1975), a yardstick for models too big for their likelihood:
 * {@code PL(v) = sum_i log p(v_i | v_-i)}, where each conditional needs only free-energy differences, not Z.
 */
public final class PseudoLikelihood {
    private PseudoLikelihood() {}

    /**
     * The pseudo-log-likelihood of binary vectors, {@code v: (N, V) -> (N)}:
     * {@code PL(v) = sum_i log p(v_i | v_-i) = sum_i log sigma(F(v~i) - F(v))} with {@code v~i} = v with bit i
     * flipped. Computed from {@code a = c + W v}: flipping bit i changes a by {@code s_i W[:, i]},
     * {@code s_i = 1 - 2 v_i}, so the cost is {@code O(N V H)}.
     *
     * @throws IllegalArgumentException if v is not binary
     */
    public static double[] of(Rbm rbm, Tensor v) {
        rbm.checkVisible("pseudoLogLikelihood", v);
        int n = v.dim(0), nv = rbm.config.visible(), nh = rbm.config.hidden();
        boolean bernoulli = rbm.config.hiddenUnits() == Rbm.HiddenUnits.BERNOULLI;
        double[] a;
        try (GradMode.Scope s = GradMode.off()) {
            a = Matmul.linear(v, rbm.weight, rbm.hiddenBias).data();
        }
        double[] w = rbm.weight.data(), b = rbm.visibleBias.data(), x = v.data(), out = new double[n];
        for (int r = 0; r < n; r++) {
            double pl = 0;
            for (int i = 0; i < nv; i++) {
                double vi = x[r * nv + i];
                if (vi != 0 && vi != 1) throw new IllegalArgumentException("Rbm.pseudoLogLikelihood: needs binary v, got " + vi + " at (" + r + ", " + i + ")");
                double sgn = 1 - 2 * vi;
                // F(v~i) - F(v) = - s_i b_i - sum_j [phi(a_j + s_i W_ji) - phi(a_j)]
                double diff = -sgn * b[i];
                for (int j = 0; j < nh; j++) {
                    double aj = a[r * nh + j];
                    diff -= phi(bernoulli, aj + sgn * w[j * nv + i]) - phi(bernoulli, aj);
                }
                // log p(v_i | v_-i) = log sigma(F(v~i) - F(v)) = -softplus(-(F(v~i) - F(v)))
                pl -= Pointwise.softplus(-diff);
            }
            out[r] = pl;
        }
        return out;
    }

    /** The hidden part of the free energy per unit: softplus(a) (Bernoulli) or a^2 / 2 (Gaussian; the rest cancels). */
    private static double phi(boolean bernoulli, double a) {
        return bernoulli ? Pointwise.softplus(a) : 0.5 * a * a;
    }
}

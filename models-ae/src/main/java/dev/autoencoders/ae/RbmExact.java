package dev.autoencoders.ae;

import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact quantities of a tiny {@link Rbm} by enumerating states: the partition function, the log-likelihood and its
 * gradient, and the free energy summed over the hidden states. For tests and teaching: the cost is
 * {@code 2^V} (or {@code 2^H}) rows, so sizes are capped at {@value #MAX_UNITS} units.
 */
public final class RbmExact {
    /** The largest number of units of one layer this class enumerates. */
    public static final int MAX_UNITS = 16;

    private RbmExact() {}

    /** Every binary vector of length n, one per row in counting order: {@code (2^n, n)}, row r holds the bits of r. */
    public static Tensor allBinary(int n) {
        if (n < 1 || n > MAX_UNITS) throw new IllegalArgumentException("RbmExact: can enumerate 1.." + MAX_UNITS + " units, got " + n);
        int rows = 1 << n;
        double[] x = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) x[r * n + i] = (r >> (n - 1 - i)) & 1;
        }
        return Tensor.of(x, rows, n);
    }

    /**
     * {@code log Z = log sum_v exp(-F(v))} over all {@code 2^V} visible vectors (the hidden units are already
     * summed or integrated out in F). A one-element tensor, differentiable in the parameters.
     */
    public static Tensor logPartition(Rbm rbm) {
        Tensor all = allBinary(rbm.config.visible());
        return rbm.freeEnergy(all).neg().reshape(1, all.dim(0)).logsumexp(1, false).reshape();
    }

    /**
     * The mean exact log-likelihood of binary data {@code v: (N, V)}:
     * {@code (1/N) sum_n log p(v_n) = -(1/N) sum_n F(v_n) - log Z}. Differentiable: its backward gives the exact
     * gradient {@code <h v^T>_data - <h v^T>_model} that CD-k approximates.
     */
    public static Tensor meanLogLikelihood(Rbm rbm, Tensor v) {
        return rbm.freeEnergy(v).mean().neg().sub(logPartition(rbm));
    }

    /**
     * The exact gradient of {@link #meanLogLikelihood} with respect to {@code weight, visible_bias, hidden_bias}
     * (in that order), by backpropagation through the enumeration. The parameters' gradients are cleared first and
     * after.
     */
    public static List<double[]> gradient(Rbm rbm, Tensor v) {
        rbm.zeroGrad();
        meanLogLikelihood(rbm, v).backward();
        List<double[]> g = new ArrayList<>();
        for (Tensor p : List.of(rbm.weight, rbm.visibleBias, rbm.hiddenBias)) g.add(p.grad().clone());
        rbm.zeroGrad();
        return g;
    }

    /**
     * The free energy by its definition for binary hidden units, {@code F(v) = -log sum_h exp(-E(v, h))} over all
     * {@code 2^H} hidden vectors: {@code v: (N, V) -> (N)}. The oracle for {@link Rbm#freeEnergy}.
     */
    public static Tensor freeEnergyBySummingHidden(Rbm rbm, Tensor v) {
        if (rbm.config.hiddenUnits() != Rbm.HiddenUnits.BERNOULLI) {
            throw new IllegalArgumentException("RbmExact: summing over hidden states needs binary hidden units, this RBM has " + rbm.config.hiddenUnits());
        }
        Tensor hs = allBinary(rbm.config.hidden());
        int n = v.dim(0), k = hs.dim(0), nv = v.dim(1), nh = hs.dim(1);
        // pair every v with every h: rows (n, s) for n < N, s < 2^H
        double[] vv = new double[n * k * nv], hh = new double[n * k * nh];
        for (int r = 0; r < n; r++) {
            for (int s = 0; s < k; s++) {
                System.arraycopy(v.data(), r * nv, vv, (r * k + s) * nv, nv);
                System.arraycopy(hs.data(), s * nh, hh, (r * k + s) * nh, nh);
            }
        }
        Tensor minusE = rbm.energy(Tensor.of(vv, n * k, nv), Tensor.of(hh, n * k, nh)).neg().reshape(n, k);
        // F(v) = -log sum_h exp(-E(v, h))
        return minusE.logsumexp(1, false).neg();
    }
}

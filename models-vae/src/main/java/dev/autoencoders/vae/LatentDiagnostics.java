package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Diagnostics of how much of the latent space a trained VAE uses (posterior collapse). All take the posterior
 * parameters of a data set, {@code mu, logvar: (N, L)}.
 * <ul>
 *   <li>the KL of each latent dimension, averaged over the data: a dimension with KL near 0 carries no
 *       information about x (its posterior is the prior);</li>
 *   <li>active units (Burda et al. 2016, section 5.2): dimension u is active when
 *       {@code A_u = Cov_x(E_{q(u|x)}[u]) > 0.01}, i.e. its posterior mean varies across the data;</li>
 *   <li>the mean posterior variance of each dimension: near 0 when the VAE behaves as a plain autoencoder,
 *       near 1 for an inactive (collapsed) dimension.</li>
 * </ul>
 */
public final class LatentDiagnostics {
    /** Burda et al.'s threshold on {@code Cov_x(E_q[u])}. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private LatentDiagnostics() {}

    /** {@code A_u = Var_n(mu_nu)}, the variance over the data of each dimension's posterior mean: {@code (N, L) -> (L)}. */
    public static Tensor activity(Tensor mu) {
        if (mu.rank() != 2 || mu.dim(0) < 2) throw new ShapeException("LatentDiagnostics.activity", "needs posterior means (N, L) with N >= 2", mu.shape());
        // A_u = 1/(N-1) sum_n (mu_nu - mean_n mu_nu)^2
        Tensor centred = mu.sub(mu.mean(0, true));
        return centred.square().sum(0, false).div(mu.dim(0) - 1);
    }

    /** The number of dimensions with {@code A_u > 0.01}. */
    public static int activeUnits(Tensor mu) {
        int n = 0;
        for (double a : activity(mu).data()) if (a > ACTIVE_THRESHOLD) n++;
        return n;
    }

    /** The KL of each dimension averaged over the data, nats: {@code (N, L) -> (L)}; their sum is the KL term per image. */
    public static Tensor klPerDimension(Tensor mu, Tensor logvar) {
        return KlDivergence.toStandardNormal(mu, logvar).mean(0, false);
    }

    /** The posterior variance {@code sigma^2} of each dimension averaged over the data: {@code (N, L) -> (L)}. */
    public static Tensor meanVariance(Tensor logvar) {
        return logvar.exp().mean(0, false);
    }
}

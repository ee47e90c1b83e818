package dev.autoencoders.vae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * A Gaussian with diagonal covariance, {@code N(mu, diag(sigma^2))}, parameterised by its mean and its
 * log-variance {@code log sigma^2} (what the encoder outputs: any real number is a valid log-variance, so the
 * network needs no positivity constraint). It is the approximate posterior {@code q(z|x)} of the VAE, one
 * Gaussian per row: {@code mu, logvar: (N, L)}.
 *
 * <p>The reparameterization trick (Kingma and Welling 2014, section 2.4) writes a draw {@code z ~ q} as a
 * differentiable function of the parameters and a parameter-free noise {@code eps ~ N(0, I)}:
 * <pre>  z = mu + sigma * eps,   sigma = exp(log sigma^2 / 2)</pre>
 * so that {@code dz/dmu = 1} and {@code dz/d(log sigma^2) = sigma * eps / 2}, and the gradient of a Monte Carlo
 * estimate of {@code E_q[f(z)]} flows back into the encoder.
 *
 * @param mu     means: (N, L)
 * @param logvar log-variances {@code log sigma^2}: (N, L)
 */
public record DiagonalGaussian(Tensor mu, Tensor logvar) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public DiagonalGaussian {
        if (mu.rank() != 2 || !Arrays.equals(mu.shape(), logvar.shape())) {
            throw new ShapeException("DiagonalGaussian", "mu and logvar must both be (N, L)", mu.shape(), logvar.shape());
        }
    }

    /** Rows N. */
    public int rows() {
        return mu.dim(0);
    }

    /** Latent dimensions L. */
    public int dims() {
        return mu.dim(1);
    }

    /** {@code sigma = exp(log sigma^2 / 2)}: (N, L). */
    public Tensor sigma() {
        return logvar.mul(0.5).exp();
    }

    /** {@code sigma^2 = exp(log sigma^2)}: (N, L). */
    public Tensor variance() {
        return logvar.exp();
    }

    /**
     * The reparameterized draw for a given noise: {@code eps: (N, L) -> z: (N, L)}, or {@code eps: (K, N, L) -> z: (K, N, L)}
     * for K draws per row (mu and sigma broadcast over the first axis). Differentiable in mu and logvar.
     */
    public Tensor rsample(Tensor eps) {
        int r = eps.rank();
        if ((r != 2 && r != 3) || eps.dim(r - 1) != dims() || eps.dim(r - 2) != rows()) {
            throw new ShapeException("DiagonalGaussian.rsample", "eps must be (N, L) or (K, N, L) for mu (N, L)", eps.shape(), mu.shape());
        }
        // @lab vae begin
        // z = mu + sigma * eps,  sigma = exp(logvar / 2)
        return mu.add(sigma().mul(eps));
        // @lab vae end -> return Lab.todo("vae", "DiagonalGaussian.rsample");
    }

    /** One reparameterized draw per row, {@code eps ~ N(0, I)} from {@code rng}: (N, L). */
    public Tensor rsample(Rng rng) {
        return rsample(Tensor.randn(rng, rows(), dims()));
    }

    /**
     * The log-density summed over the latent dimensions, in nats:
     * <pre>  log q(z) = -1/2 sum_j [ log(2 pi) + log sigma_j^2 + (z_j - mu_j)^2 / sigma_j^2 ]</pre>
     * {@code z: (N, L) -> (N)} or {@code z: (K, N, L) -> (K, N)}.
     */
    public Tensor logProb(Tensor z) {
        int r = z.rank();
        if ((r != 2 && r != 3) || z.dim(r - 1) != dims() || z.dim(r - 2) != rows()) {
            throw new ShapeException("DiagonalGaussian.logProb", "z must be (N, L) or (K, N, L) for mu (N, L)", z.shape(), mu.shape());
        }
        // -1/2 [log(2 pi) + logvar + (z - mu)^2 / exp(logvar)], summed over j
        Tensor terms = z.sub(mu).square().div(logvar.exp()).add(logvar).add(LOG_2PI).mul(-0.5);
        return terms.sum(r - 1, false);
    }

    /**
     * The log-density of the standard normal prior {@code p(z) = N(0, I)} summed over the last axis, in nats:
     * <pre>  log p(z) = -1/2 sum_j [ log(2 pi) + z_j^2 ]</pre>
     * {@code z: (..., L) -> (...)}.
     */
    public static Tensor standardNormalLogProb(Tensor z) {
        // -1/2 (log(2 pi) + z^2), summed over j
        return z.square().add(LOG_2PI).mul(-0.5).sum(z.rank() - 1, false);
    }
}

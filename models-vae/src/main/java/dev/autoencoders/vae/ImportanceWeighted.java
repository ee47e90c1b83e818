package dev.autoencoders.vae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The importance-weighted bound (IWAE, Burda, Grosse and Salakhutdinov 2016), the test-set estimate of
 * {@code log p(x)}: with K draws {@code z_i ~ q(z|x)} and weights {@code w_i = p(x, z_i) / q(z_i|x)},
 * <pre>  L_K(x) = log (1/K) sum_i w_i = logsumexp_i (log p(x, z_i) - log q(z_i|x)) - log K  <=  log p(x)</pre>
 * {@code E[L_1]} is the ELBO, {@code E[L_K] <= E[L_{K+1}]}, and {@code L_K -> log p(x)} as K grows (Burda et al.,
 * theorem 1). The sum is done with logsumexp: the weights themselves are e^(-100) and smaller for images.
 */
public final class ImportanceWeighted {
    private ImportanceWeighted() {}

    /** The model's joint density at K draws for each of N data points. */
    @FunctionalInterface
    public interface LogJoint {
        /** {@code log p(x_n, z_kn)} in nats: {@code z: (K, N, L) -> (K, N)}. */
        Tensor at(Tensor z);
    }

    /**
     * {@code L_K(x_n)} for each row n of the posterior {@code q} (N rows), in nats: {@code -> (N)}.
     *
     * @param k        number of importance samples, >= 1
     * @param logJoint {@code log p(x, z)} of the model, paired with q's rows
     * @param rng      draws the noise {@code eps: (K, N, L)}
     */
    public static Tensor bound(DiagonalGaussian q, int k, LogJoint logJoint, Rng rng) {
        if (k < 1) throw new IllegalArgumentException("ImportanceWeighted: the number of samples k must be >= 1, got " + k);
        return bound(q, Tensor.randn(rng, k, q.rows(), q.dims()), logJoint);
    }

    /**
     * {@code L_K(x_n)} with the noise given (fixed noise for checks): {@code eps: (K, N, L) -> (N)}, K = eps.dim(0).
     */
    public static Tensor bound(DiagonalGaussian q, Tensor eps, LogJoint logJoint) {
        if (eps.rank() != 3) throw new ShapeException("ImportanceWeighted.bound", "eps must be (K, N, L)", eps.shape(), q.mu().shape());
        int k = eps.dim(0);
        // @lab cvae-iwae begin
        // z_i = mu + sigma * eps_i: (K, N, L)
        Tensor z = q.rsample(eps);
        // log w_i = log p(x, z_i) - log q(z_i|x): (K, N)
        Tensor logW = logJoint.at(z).sub(q.logProb(z));
        // L_K = logsumexp_i log w_i - log K
        return logW.logsumexp(0, false).sub(Math.log(k));
        // @lab cvae-iwae end -> return Lab.todo("cvae-iwae", "ImportanceWeighted.bound");
    }
}

package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The evidence lower bound of a batch, its two terms kept apart (one draw {@code z ~ q(z|x)} per image):
 * <pre>  ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z))  <=  log p(x)</pre>
 * Units: nats per image. The reconstruction term is summed over the pixels of an image, the KL over its latent
 * dimensions; the batch figures are averages over the images.
 *
 * @param reconstruction {@code -log p(x|z)} per image, at the drawn z: (N)
 * @param kl             the closed-form KL per image and latent dimension: (N, L)
 */
public record Elbo(Tensor reconstruction, Tensor kl) {

    public Elbo {
        if (reconstruction.rank() != 1 || kl.rank() != 2 || kl.dim(0) != reconstruction.dim(0)) {
            throw new ShapeException("Elbo", "reconstruction must be (N) and kl (N, L)", reconstruction.shape(), kl.shape());
        }
    }

    /** The ELBO of a batch from the decoder's output {@code a}, the images {@code x: (N, D)} and the KL terms {@code (N, L)}. */
    public static Elbo of(Likelihood likelihood, Tensor a, Tensor x, Tensor klTerms) {
        // -log p(x|z), one number per image
        return new Elbo(likelihood.logProb(a, x).neg(), klTerms);
    }

    /** {@code -ELBO} averaged over the batch, nats per image: {@code mean_n [ -log p(x_n|z_n) + sum_j KL_nj ]}. Scalar. */
    public Tensor negElbo() {
        return reconstruction.add(kl.sum(1, false)).mean();
    }

    /** The reconstruction term {@code -log p(x|z)} averaged over the batch, nats per image. Scalar. */
    public Tensor reconstructionNats() {
        return reconstruction.mean();
    }

    /** The KL term summed over latent dimensions, averaged over the batch, nats per image. Scalar. */
    public Tensor klNats() {
        return kl.sum(1, false).mean();
    }

    /** The KL of each latent dimension averaged over the batch: (L); its sum is {@link #klNats()}. */
    public Tensor klPerDimension() {
        return kl.mean(0, false);
    }
}

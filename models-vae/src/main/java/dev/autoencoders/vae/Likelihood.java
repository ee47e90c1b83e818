package dev.autoencoders.vae;

import dev.autoencoders.tensor.Tensor;

/**
 * The decoder's distribution {@code p(x|z)} over the pixels of an image, given the decoder network's last
 * pre-activation {@code a = f(z)} (one value per pixel). Both kinds model each pixel independently, so the
 * log-likelihood of an image is a sum over its pixels.
 */
public sealed interface Likelihood permits BernoulliLikelihood, GaussianLikelihood, LearnedVarianceGaussian {

    /**
     * {@code log p(x|z)} per image in nats, summed over pixels: {@code a: (N, k D), x: (N, D) -> (N)}, k = {@link #outputsPerPixel()}.
     */
    Tensor logProb(Tensor a, Tensor x);

    /** The decoder's mean image {@code E[x|z]} (what is shown as a reconstruction or sample): {@code a: (N, D) -> (N, D)}. */
    Tensor mean(Tensor a);

    /** How many numbers the decoder gives per pixel: 1 (the mean's logit), or 2 with a learned variance. */
    default int outputsPerPixel() {
        return 1;
    }

    /** A short name for messages and checkpoints: {@code bernoulli} or {@code gaussian(sigma2=...)}. */
    String describe();
}

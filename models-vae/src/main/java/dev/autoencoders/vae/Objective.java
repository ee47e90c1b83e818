package dev.autoencoders.vae;

import dev.autoencoders.tensor.Tensor;

/**
 * What training minimises, given the {@link Elbo} of a batch: the negative ELBO with the KL weighted, in nats
 * per image,
 * <pre>  loss = mean_n [ -log p(x_n|z_n) ] + beta * w(t) * sum_j max(lambda, mean_n KL_nj)</pre>
 * <ul>
 *   <li>{@code beta}: the weight of the KL (beta-VAE, Higgins et al. 2017); beta = 1 is the ELBO itself, beta = 0
 *       drops the KL and leaves a noisy autoencoder (the posts' "VAE degenerates to an AE").</li>
 *   <li>{@code w(t) = min(1, t / T)}: linear KL warm-up over the first T optimizer steps (Bowman et al. 2016,
 *       Sonderby et al. 2016); t is the number of steps already taken, so it resumes with the optimizer.</li>
 *   <li>{@code lambda}: free bits (Kingma et al. 2016): a latent dimension's KL, averaged over the batch, costs at
 *       least lambda nats, so the optimizer gains nothing from pushing it below lambda.</li>
 * </ul>
 * With beta = 1, T = 0 and lambda = 0 the loss is exactly {@link Elbo#negElbo()}.
 *
 * @param beta        weight of the KL term, >= 0
 * @param warmupSteps T, the number of steps over which the KL weight rises linearly from 0 to beta; 0 = no warm-up
 * @param freeBits    lambda, nats per latent dimension, >= 0; 0 = off
 */
public record Objective(double beta, long warmupSteps, double freeBits) {

    public Objective {
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("Objective: beta must be a finite number >= 0, got " + beta);
        if (warmupSteps < 0) throw new IllegalArgumentException("Objective: the KL warm-up must be >= 0 steps, got " + warmupSteps);
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) throw new IllegalArgumentException("Objective: free bits must be a finite number >= 0 nats, got " + freeBits);
    }

    /** The negative ELBO: beta = 1, no warm-up, no free bits. */
    public static Objective elbo() {
        return new Objective(1, 0, 0);
    }

    /** The weight of the KL term at step t (steps taken so far): {@code beta * min(1, t / T)}. */
    public double klWeight(long step) {
        // w(t) = min(1, t / T)
        double w = warmupSteps == 0 ? 1 : Math.min(1.0, (double) step / warmupSteps);
        return beta * w;
    }

    /** The training loss of a batch at step t, nats per image (scalar). */
    public Tensor loss(Elbo elbo, long step) {
        Tensor kl = freeBits > 0
                // sum_j max(lambda, mean_n KL_nj)
                ? elbo.klPerDimension().clampMin(freeBits).sum()
                // mean_n sum_j KL_nj
                : elbo.klNats();
        // mean_n [-log p(x_n|z_n)] + beta w(t) KL
        return elbo.reconstructionNats().add(kl.mul(klWeight(step)));
    }
}

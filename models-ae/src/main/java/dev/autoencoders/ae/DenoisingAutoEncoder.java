package dev.autoencoders.ae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * The denoising autoencoder (Vincent, Larochelle, Bengio and Manzagol 2008): an ordinary {@link AutoEncoder}
 * {@code h(g(.))} that is fed a corrupted input {@code x~ ~ q(x~ | x)} and trained to reproduce the clean {@code x}:
 * <pre>
 *   x~ = corrupt(x)                         (Corruption, fresh noise every step)
 *   L  = mean_{n,i} (h(g(x~))_{n,i} - x_{n,i})^2
 * </pre>
 * Only the loss differs from the plain autoencoder; the net, its parameters and their state-dict names are the
 * {@link AutoEncoder}'s ({@code encoder.0.weight}, ...), so a trained DAE is used exactly like an AE.
 *
 * <p>Shapes: {@code x: (N, D) -> x~: (N, D) -> reconstruction: (N, D)}.
 */
public final class DenoisingAutoEncoder {

    /**
     * @param net        the autoencoder's architecture
     * @param corruption the corruption process applied to the input while training
     */
    public record Config(AutoEncoder.Config net, Corruption corruption) {
        public Config {
            if (net == null || corruption == null) throw new IllegalArgumentException("DenoisingAutoEncoder: net and corruption must be given");
        }
    }

    public final Config config;
    /** The autoencoder being trained (the module to optimise, save and load). */
    public final AutoEncoder net;

    public DenoisingAutoEncoder(Config config, Rng rng) {
        this.config = config;
        this.net = new AutoEncoder(config.net(), rng);
    }

    /** A corrupted copy of a batch: {@code x: (N, D) -> x~: (N, D)}, drawn from {@code noise}. */
    public Tensor corrupt(Tensor x, Rng noise) {
        return config.corruption().apply(x, noise);
    }

    /**
     * The denoising loss of a clean batch {@code x: (N, D)}: corrupts it with {@code noise}, reconstructs, and compares
     * with the clean batch, {@code mean (h(g(x~)) - x)^2} (a scalar).
     */
    public Tensor loss(Tensor x, Rng noise) {
        Tensor corrupted = corrupt(x, noise);
        return loss(corrupted, x);
    }

    /** The denoising loss for a given corruption: {@code mean (h(g(x~)) - x)^2}; {@code corrupted, clean: (N, D)}. */
    public Tensor loss(Tensor corrupted, Tensor clean) {
        // @lab dae-sparse begin
        // L = mean (h(g(x~)) - x)^2: the reconstruction of the corrupted input against the clean input
        return Losses.mse(net.forward(corrupted), clean, Reduction.MEAN);
        // @lab dae-sparse end -> return Lab.todo("dae-sparse", "DenoisingAutoEncoder.loss");
    }

    /** The reconstruction {@code h(g(x))} of a (clean or corrupted) batch: {@code (N, D) -> (N, D)}. */
    public Tensor reconstruct(Tensor x) {
        return net.forward(x);
    }
}

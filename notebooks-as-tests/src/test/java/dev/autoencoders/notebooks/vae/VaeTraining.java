package dev.autoencoders.notebooks.vae;

import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;

/** The VAE notebooks' training: Adam 1e-3, batch 128 (the {@code vae} command's settings), on flat images in [0, 1]. */
final class VaeTraining {
    private VaeTraining() {}

    /** Called after each epoch with the model. */
    interface EpochEnd {
        void done(int epoch);
    }

    /** Trains {@code vae} on {@code train: (N, D)} for {@code epochs}, minimising {@code objective}'s loss; {@code onEpoch} may be null. */
    static void fit(Vae vae, Objective objective, Tensor train, int epochs, long seed, EpochEnd onEpoch) {
        fit(vae, objective, train, epochs, 1e-3, 128, seed, onEpoch);
    }

    /** As above with the learning rate and batch size given. */
    static void fit(Vae vae, Objective objective, Tensor train, int epochs, double lr, int batchSize, long seed, EpochEnd onEpoch) {
        Adam adam = new Adam(vae.parameters(), lr);
        Trainer trainer = new Trainer(adam, train.dim(0), batchSize, new Rng(seed));
        trainer.fit(epochs, (batch, noise) -> objective.loss(vae.elbo(Reshaping.indexSelect(train, batch), noise), adam.steps()),
                onEpoch == null ? null : (epoch, loss) -> onEpoch.done(epoch));
    }
}

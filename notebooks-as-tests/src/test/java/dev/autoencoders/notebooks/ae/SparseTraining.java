package dev.autoencoders.notebooks.ae;

import dev.autoencoders.ae.Corruption;
import dev.autoencoders.ae.SparseAutoEncoder;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;

/**
 * Trains the sparse autoencoders of the sparse notebooks with post 003's settings, 50,000 crops, Adam 1e-3,
 * batch 32, for 10 epochs (the post trains 15, {@code trainNN(lr=0.001, weight_decay=0, epochs=15)}; 10 fit a
 * notebook's time). The {@code sparse-ae} command stops at 5 epochs (the parity setting), where the penalised
 * net still sits on a plateau: test MSE about 0.10 and filters that respond to the total ink of the patch; between
 * epochs 5 and 10 it learns strokes.
 */
final class SparseTraining {
    private SparseTraining() {}

    /** The notebooks' learning rate. */
    static final double LR = 1e-3;
    /** Training crops and epochs of the notebooks. */
    static final int CROPS = 50_000, EPOCHS = 10;

    /**
     * A sparse autoencoder trained on {@code crops: (N, 100)} for {@code epochs}; with a corruption, the input of each
     * step is corrupted and the target is the clean crop (a denoising sparse autoencoder).
     */
    static SparseAutoEncoder train(SparseAutoEncoder.Config config, Tensor crops, int epochs, Corruption corruption, long seed) {
        Rng rng = new Rng(seed);
        SparseAutoEncoder sae = new SparseAutoEncoder(config, rng);
        Trainer trainer = new Trainer(new Adam(sae.parameters(), LR), crops.dim(0), 32, rng);
        trainer.fit(epochs, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(crops, batch);
            return corruption == null ? sae.cost(x).total() : sae.cost(corruption.apply(x, noise), x).total();
        }, null);
        return sae;
    }

    /**
     * How concentrated each filter is: the share of its energy {@code sum_j f_ij^2} (= 1 for the unit-norm filters)
     * in its top 10% of pixels by {@code f_ij^2}, averaged over the filters. 0.1 for a filter spread evenly, 1 for one
     * whose energy sits in a tenth of the pixels. {@code filters: (H, 1, h, w)}.
     */
    static double topDecileEnergyShare(Tensor filters) {
        int h = filters.dim(0), d = filters.numel() / h, top = Math.max(1, d / 10);
        double[] f = filters.data();
        double sum = 0;
        for (int i = 0; i < h; i++) {
            double[] e = new double[d];
            double total = 0;
            for (int j = 0; j < d; j++) {
                e[j] = f[i * d + j] * f[i * d + j];
                total += e[j];
            }
            java.util.Arrays.sort(e);
            double inTop = 0;
            for (int j = d - top; j < d; j++) inTop += e[j];
            sum += inTop / total;
        }
        return sum / h;
    }
}

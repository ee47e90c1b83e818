package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.Rbm;
import dev.autoencoders.ae.RbmSgd;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Post 003's RBM: trained by CD-k, "like a one-hidden-layer autoencoder", with the hidden probabilities sampled to
 * binary states. CD-1 with Hinton's settings lowers the reconstruction error epoch over epoch, on the training
 * batches and on held-out images, and the weights become stroke detectors.
 */
class RbmContrastiveDivergenceTest {
    private static final String SECTION = "rbm-deep-autoencoder";

    @Test
    void cd1LowersTheReconstructionErrorEpochOverEpoch() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().take(2000).flat();
        Tensor held = data.test().take(500).flat();
        Rng rng = new Rng(7);
        // 784-100, CD-1, lr 0.1, momentum 0.5 for 5 epochs then 0.9, weight cost 2e-4, batch 100
        Rbm rbm = new Rbm(Rbm.Config.cd1(784, 100, Rbm.HiddenUnits.BERNOULLI), rng);
        Trainer trainer = new Trainer(new RbmSgd(rbm, RbmSgd.Config.hinton(), 20), 2000, 100, rng);
        int epochs = 8;
        double[] heldOut = new double[epochs];
        Rng eval = new Rng(8);
        for (int e = 1; e <= epochs; e++) {
            trainer.fit(e, (batch, noise) -> rbm.contrastiveDivergence(Reshaping.indexSelect(train, batch), noise), null);
            heldOut[e - 1] = rbm.reconstructionError(held, eval);
        }
        double[] trainErr = trainer.epochLosses().stream().mapToDouble(Double::doubleValue).toArray();
        new LinePlot("RBM 784-100, CD-1, 2,000 MNIST digits", "epoch", "reconstruction error per pixel")
                .series("training batches (mean over the epoch)", trainErr).series("500 held-out test images (after the epoch)", heldOut)
                .logY(true).save(Notebook.file(SECTION, "rbm-cd1-reconstruction-error.png"));
        ImageGrid.save(rbm.weight.slice(0, 0, 50).reshape(50, 1, 28, 28), Notebook.file(SECTION, "rbm-cd1-filters.png"),
                ImageGrid.Options.DEFAULT.withNrow(10).normalized(true));
        Metrics m = new Metrics();
        for (int e = 0; e < epochs; e++) m.put("train_recon_error_epoch_" + (e + 1), trainErr[e]).put("heldout_recon_error_epoch_" + (e + 1), heldOut[e]);
        Notebook.record(SECTION, "rbm-cd1", m);
        String trace = "training " + Arrays.toString(trainErr) + ", held out " + Arrays.toString(heldOut);
        for (int e = 1; e < epochs; e++) {
            assertThat(trainErr[e]).as(trace).isLessThan(trainErr[e - 1]);
            assertThat(heldOut[e]).as(trace).isLessThan(heldOut[e - 1]);
        }
        assertThat(trainErr[epochs - 1]).as(trace).isLessThan(0.5 * trainErr[0]);
    }
}

package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.ae.Corruption;
import dev.autoencoders.ae.DenoisingAutoEncoder;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The denoising autoencoder's claim (Vincent et al. 2008; the posts' DAE sections): trained to undo a corruption,
 * it reconstructs corrupted inputs better than a plain autoencoder of the same size trained on clean inputs.
 * Both nets are the {@code ae} command's 784-256-32-256-784, on the same batches of mnist-10k, Adam 1e-3, batch 64;
 * the corruption is masking noise at nu = 0.5 (each pixel zeroed with probability 1/2).
 */
class DenoisingNotebookTest {
    static final String SECTION = "denoising-autoencoder";
    static final int EPOCHS = 6;

    @Test
    void aDaeReconstructsCorruptedTestImagesBetterThanAPlainAeOfTheSameSize() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().flat();
        Tensor test = data.test().take(1000).flat();
        Rng rng = new Rng(2024);
        Corruption masking = new Corruption.Masking(0.5);

        // the DAE (fed x~, compared with x) and the plain AE (fed x), same architecture, same batches
        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(AutoEncoder.Config.mnist(false), masking), rng);
        AutoEncoder ae = new AutoEncoder(AutoEncoder.Config.mnist(false), rng);
        Trainer daeTrainer = new Trainer(new Adam(dae.net.parameters(), 1e-3), train.dim(0), 64, new Rng(1));
        Trainer aeTrainer = new Trainer(new Adam(ae.parameters(), 1e-3), train.dim(0), 64, new Rng(1));
        daeTrainer.fit(EPOCHS, (batch, noise) -> dae.loss(Reshaping.indexSelect(train, batch), noise), null);
        aeTrainer.fit(EPOCHS, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return Losses.mse(ae.forward(x), x, Reduction.MEAN);
        }, null);

        // the same corrupted test images through both, each compared with the clean images
        try (GradMode.Scope s = GradMode.off()) {
            Tensor corrupted = masking.apply(test, new Rng(7));
            Tensor daeOut = dae.reconstruct(corrupted), aeOut = ae.forward(corrupted);
            double daeMse = Losses.mse(daeOut, test, Reduction.MEAN).item();
            double aeMse = Losses.mse(aeOut, test, Reduction.MEAN).item();
            double daeClean = Losses.mse(dae.reconstruct(test), test, Reduction.MEAN).item();
            double aeClean = Losses.mse(ae.forward(test), test, Reduction.MEAN).item();
            Notebook.record(SECTION, "dae-vs-ae", new Metrics().put("epochs", EPOCHS).put("corruption", masking.describe())
                    .put("dae_test_mse_corrupted", daeMse).put("ae_test_mse_corrupted", aeMse)
                    .put("dae_test_mse_clean", daeClean).put("ae_test_mse_clean", aeClean));
            // rows: clean, corrupted, DAE reconstruction, AE reconstruction
            Tensor rows = Reshaping.concat(0, test.slice(0, 0, 8), corrupted.slice(0, 0, 8), daeOut.slice(0, 0, 8), aeOut.slice(0, 0, 8));
            ImageGrid.save(Figures.upscale(rows.reshape(32, 1, 28, 28), 2), Notebook.file(SECTION, "dae-vs-ae.png"));

            // the claim: on corrupted inputs the DAE's reconstruction is closer to the clean image, by a clear margin
            assertThat(daeMse).as("DAE %.5f vs AE %.5f on corrupted inputs", daeMse, aeMse).isLessThan(0.8 * aeMse);
            // and the plain AE is the better one on clean inputs (it was trained for them): the DAE's edge is the noise
            assertThat(aeClean).isLessThan(daeClean);
        }
    }
}

package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.Corruption;
import dev.autoencoders.ae.SparseAutoEncoder;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.data.Crops;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import org.junit.jupiter.api.Test;

/**
 * Post 003's extra experiment (end of section 3): salt noise on the input ("pixels 0 -> 1"), the clean
 * crop as the target, the same autoencoder with and without the sparsity penalty. The post saw the penalised one
 * "recover a little more detail". Measured here as the MSE on the digit pixels (where the clean crop is not 0) and
 * on the background, on noisy test crops. It does not reproduce: the penalty (rho 0.01: about one of 100 units on
 * per crop) leaves the code too little to carry the strokes, and the penalised net is worse on both.
 */
class SparseDenoisingNotebookTest {
    static final String SECTION = "sparse-autoencoder";

    /** Mean of (r - x)^2 over the entries where {@code digit(x)} is as asked. */
    static double mseWhere(Tensor r, Tensor x, boolean digit) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < x.numel(); i++) {
            if ((x.data()[i] > 0) == digit) {
                double d = r.data()[i] - x.data()[i];
                s += d * d;
                n++;
            }
        }
        return s / n;
    }

    @Test
    void underSaltNoiseThePenalisedAutoencoderRecoversLessDetailNotMore() {
        Splits data = Datasets.load("mnist-10k");
        Rng cropRng = new Rng(20);
        Tensor train = Crops.draw(data.train().images(), SparseTraining.CROPS, 10, cropRng);
        Tensor test = Crops.draw(data.test().images(), 5_000, 10, cropRng);
        Corruption salt = new Corruption.SaltAndPepper(0.1, Corruption.SaltAndPepper.Mode.SALT);
        SparseAutoEncoder.Config sparse = SparseAutoEncoder.Config.post003();

        SparseAutoEncoder withPenalty = SparseTraining.train(sparse, train, SparseTraining.EPOCHS, salt, 2);
        SparseAutoEncoder without = SparseTraining.train(sparse.withBeta(0), train, SparseTraining.EPOCHS, salt, 2);

        try (GradMode.Scope s = GradMode.off()) {
            Tensor noisy = salt.apply(test, new Rng(21));
            Tensor rP = withPenalty.forward(noisy).reconstruction(), rN = without.forward(noisy).reconstruction();
            double digitP = mseWhere(rP, test, true), digitN = mseWhere(rN, test, true);
            double backP = mseWhere(rP, test, false), backN = mseWhere(rN, test, false);
            Notebook.record(SECTION, "noisy-input", new Metrics().put("corruption", salt.describe())
                    .put("digit_mse_penalised", digitP).put("digit_mse_unpenalised", digitN)
                    .put("background_mse_penalised", backP).put("background_mse_unpenalised", backN));
            // rows: clean crops, noisy crops, penalised reconstruction, unpenalised reconstruction
            Tensor rows = Reshaping.concat(0, test.slice(0, 0, 16), noisy.slice(0, 0, 16), rP.slice(0, 0, 16), rN.slice(0, 0, 16));
            ImageGrid.save(Figures.upscale(rows.reshape(64, 1, 10, 10), 3), Notebook.file(SECTION, "noisy-input.png"), ImageGrid.Options.DEFAULT.withNrow(16));

            // what we measure: the unpenalised net is closer to the clean strokes, and to the clean background
            assertThat(digitN).as("digit-pixel MSE: unpenalised %.4f, penalised %.4f", digitN, digitP).isLessThan(digitP);
            assertThat(backN).as("background MSE: unpenalised %.4f, penalised %.4f", backN, backP).isLessThan(backP);
        }
    }
}

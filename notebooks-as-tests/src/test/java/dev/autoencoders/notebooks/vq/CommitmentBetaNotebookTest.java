package dev.autoencoders.notebooks.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.CodeUsage;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import org.junit.jupiter.api.Test;

/**
 * Post 000 (4.2.2): "the value of beta [the weight of the commitment loss] has little effect on the results; the paper
 * uses 0.25" (van den Oord et al.: "robust to values of beta from 0.1 to 2.0"). A sweep over beta = 0.1, 0.25, 0.5, 1
 * and 2: the same small VQ-VAE (the paper's plain codebook, K = 32 codes of D = 8, channels 8 and 16), the same
 * initialisation and batches, 800 training images, 4 epochs (100 steps); measured on 300 test images: the
 * reconstruction error, the codebook's perplexity and the codes used, and the commitment term
 * {@code ||z_e - sg[z_q]||^2}.
 */
class CommitmentBetaNotebookTest {
    static final double[] BETAS = {0.1, 0.25, 0.5, 1.0, 2.0};
    static final int K = 32, C1 = 8, C2 = 16, IMAGES = 800, EPOCHS = 4, BATCH = 32;
    static final double LR = 2e-3;

    @Test
    void betaFrom0_1To2ChangesTheReconstructionLittleAndTheCommitmentTermALot() {
        Splits data = Datasets.load(Datasets.MNIST_10K);
        Tensor train = data.train().images().slice(0, 0, IMAGES), test = data.test().images().slice(0, 0, 300);
        int n = BETAS.length;
        double[] mse = new double[n], perplexity = new double[n], used = new double[n], commitment = new double[n];
        for (int b = 0; b < n; b++) {
            VqVae vq = new VqVae(new VqVae.Config(C1, C2, VectorQuantizer.Config.plain(K, 8).withBeta(BETAS[b])), new Rng(41));
            // Adam 2e-3, batch 32 (more steps per epoch than SmallVq's batch 64), so that 100 steps train the small net
            SmallVq.trainVqVae(vq, train, EPOCHS, LR, BATCH, new Rng(42));
            try (GradMode.Scope s = GradMode.off()) {
                VqVae.Output out = vq.forward(test);
                mse[b] = Losses.mse(out.reconstruction(), test, Reduction.MEAN).item();
                long[] counts = CodeUsage.counts(out.quantization().codes(), K);
                perplexity[b] = CodeUsage.perplexity(counts);
                used[b] = CodeUsage.used(counts);
                commitment[b] = out.quantization().commitmentLoss().item();
            }
        }
        new LinePlot("commitment weight beta: test MSE, codebook use and the commitment term", "beta", "value")
                .series("test MSE x 1000", BETAS, scaled(mse, 1000)).series("perplexity (of K = 32)", BETAS, perplexity)
                .series("codes used", BETAS, used).series("commitment ||z_e - sg[z_q]||^2 x 1000", BETAS, scaled(commitment, 1000))
                .logY(true).save(Notebook.file("vq", "commitment_beta.png"));
        Metrics m = new Metrics();
        for (int b = 0; b < n; b++) {
            String p = "beta_" + BETAS[b] + "_";
            m.put(p + "test_mse", mse[b]).put(p + "perplexity", perplexity[b]).put(p + "codes_used", used[b]).put(p + "commitment", commitment[b]);
        }
        Notebook.record("vq", "commitment_beta", m);

        // the reconstruction error changes little: every beta within 25% of the best
        double best = java.util.Arrays.stream(mse).min().orElseThrow();
        for (int b = 0; b < n; b++) assertThat(mse[b]).as("test MSE at beta %s", BETAS[b]).isLessThan(1.25 * best);
        // what beta does change: the commitment term, which falls with every step up in beta (by over 100x from 0.1 to 2)
        for (int b = 1; b < n; b++) assertThat(commitment[b]).as("commitment at beta %s", BETAS[b]).isLessThan(commitment[b - 1]);
        assertThat(commitment[0]).isGreaterThan(100 * commitment[n - 1]);
        // and at the smallest beta the encoder's outputs wander from the codes: the fewest codes in use
        for (int b = 1; b < n; b++) assertThat(perplexity[0]).as("perplexity at beta 0.1 against beta %s", BETAS[b]).isLessThan(perplexity[b]);
    }

    static double[] scaled(double[] v, double c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * c;
        return out;
    }
}

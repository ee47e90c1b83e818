package dev.autoencoders.notebooks.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.LatentDiagnostics;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import org.junit.jupiter.api.Test;

/**
 * Posts 001 and 003: the reconstruction alone wants no noise, so without the KL term the network drives the posterior
 * variances to 0 and the VAE becomes an autoencoder; the KL to N(0, I) holds them up, and a dimension the decoder does
 * not need is switched off: its posterior is the prior, sigma^2 = 1. Two VAEs 784-400-64 (a latent far wider than
 * MNIST needs), the same initial weights and batches, one with beta = 0 (reconstruction only, 5 epochs) and one with
 * beta = 1 (the ELBO, 30 epochs: switching dimensions off is slow), on 5,000 training images, measured on 1,000 test
 * images. Adam at 3e-3 rather than the command's 1e-3, batch 128, so that the collapse shows within a notebook's time.
 */
class PosteriorCollapseNotebookTest {
    static final String SECTION = "vae";
    static final int LATENT = 64, BETA0_EPOCHS = 5, BETA1_EPOCHS = 30;
    static final double LR = 3e-3;

    @Test
    void withoutTheKlThePosteriorVariancesFallToZeroWithItInactiveDimensionsStayAtThePrior() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().take(5000).flat(), test = data.test().take(1000).flat();
        int[] epochs = {BETA0_EPOCHS, BETA1_EPOCHS};
        double[][] meanVariance = {new double[BETA0_EPOCHS], new double[BETA1_EPOCHS]};
        DiagonalGaussian[] posterior = new DiagonalGaussian[2];
        for (int b = 0; b < 2; b++) {
            Vae vae = new Vae(new Vae.Config(784, 400, LATENT, new BernoulliLikelihood(), Double.POSITIVE_INFINITY), new Rng(7));
            int run = b;
            VaeTraining.fit(vae, new Objective(b, 0, 0), train, epochs[b], LR, 128, 8, epoch -> {
                try (GradMode.Scope s = GradMode.off()) {
                    // the mean over the test images and the latent dimensions of sigma^2
                    meanVariance[run][epoch - 1] = LatentDiagnostics.meanVariance(vae.encode(test).logvar()).mean().item();
                }
            });
            try (GradMode.Scope s = GradMode.off()) {
                posterior[b] = vae.encode(test);
            }
        }

        // beta = 1: split the dimensions by activity (Burda et al.: Cov_x(E_q[z_j]) > 0.01) and by their KL
        double[] activity = LatentDiagnostics.activity(posterior[1].mu()).data();
        double[] variance = LatentDiagnostics.meanVariance(posterior[1].logvar()).data();
        double[] kl = LatentDiagnostics.klPerDimension(posterior[1].mu(), posterior[1].logvar()).data();
        int inactive = 0, informative = 0;
        double inactiveMin = Double.POSITIVE_INFINITY, inactiveSum = 0, informativeMax = 0;
        for (int j = 0; j < LATENT; j++) {
            if (activity[j] <= LatentDiagnostics.ACTIVE_THRESHOLD) {
                inactive++;
                inactiveMin = Math.min(inactiveMin, variance[j]);
                inactiveSum += variance[j];
            }
            if (kl[j] > 0.5) {
                informative++;
                informativeMax = Math.max(informativeMax, variance[j]);
            }
        }
        double[] beta0Variance = LatentDiagnostics.meanVariance(posterior[0].logvar()).data();
        double beta0Max = 0;
        for (double v : beta0Variance) beta0Max = Math.max(beta0Max, v);
        Notebook.record(SECTION, "posterior-collapse", new Metrics().put("latent", LATENT).put("train_images", 5000).put("lr", LR)
                .put("beta0_epochs", BETA0_EPOCHS).put("beta1_epochs", BETA1_EPOCHS)
                .put("beta0_mean_variance_epoch1", meanVariance[0][0]).put("beta0_mean_variance_final", meanVariance[0][BETA0_EPOCHS - 1])
                .put("beta0_max_dimension_variance", beta0Max)
                .put("beta1_mean_variance_final", meanVariance[1][BETA1_EPOCHS - 1]).put("beta1_active_units", LATENT - inactive)
                .put("beta1_inactive_min_variance", inactiveMin).put("beta1_inactive_mean_variance", inactiveSum / Math.max(1, inactive))
                .put("beta1_dimensions_above_half_a_nat", informative).put("beta1_their_max_variance", informativeMax));
        new LinePlot("mean posterior variance of 1,000 test images", "epoch", "sigma^2, mean over images and dimensions").logY(true)
                .series("beta = 0 (no KL)", range(BETA0_EPOCHS), meanVariance[0]).series("beta = 1 (ELBO)", range(BETA1_EPOCHS), meanVariance[1])
                .save(Notebook.file(SECTION, "posterior-variance.png"));
        // the dimensions in order of activity
        Integer[] order = new Integer[LATENT];
        for (int j = 0; j < LATENT; j++) order[j] = j;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(activity[p], activity[q]));
        double[] sortedActivity = new double[LATENT], sortedVariance = new double[LATENT], threshold = new double[LATENT];
        for (int r = 0; r < LATENT; r++) {
            sortedActivity[r] = activity[order[r]];
            sortedVariance[r] = variance[order[r]];
            threshold[r] = LatentDiagnostics.ACTIVE_THRESHOLD;
        }
        new LinePlot("beta = 1: latent dimensions in order of activity", "dimension (rank)", "test mean").logY(true)
                .series("sigma^2", sortedVariance).series("activity Cov_x(E_q[z_j])", sortedActivity).series("threshold 0.01", threshold)
                .save(Notebook.file(SECTION, "active-units.png"));

        // beta = 0: the variances fall epoch after epoch, towards 0, in every dimension
        for (int e = 1; e < BETA0_EPOCHS; e++) assertThat(meanVariance[0][e]).as("beta = 0, epoch %d", e + 1).isLessThan(meanVariance[0][e - 1]);
        assertThat(meanVariance[0][BETA0_EPOCHS - 1]).isLessThan(0.05);
        assertThat(beta0Max).as("every dimension's variance, beta = 0").isLessThan(0.1);
        // beta = 1: dimensions switched off keep the prior's variance; the ones that carry the information shrink theirs
        assertThat(inactive).as("inactive dimensions, beta = 1").isGreaterThanOrEqualTo(3);
        assertThat(inactiveMin).as("variance of the inactive dimensions, beta = 1").isGreaterThan(0.8);
        assertThat(informative).as("dimensions with KL > 0.5 nats, beta = 1").isGreaterThanOrEqualTo(5);
        assertThat(informativeMax).as("their variance").isLessThan(0.5);
    }

    static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }
}

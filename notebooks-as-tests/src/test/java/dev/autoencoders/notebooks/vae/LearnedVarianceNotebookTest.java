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
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.GaussianLikelihood;
import dev.autoencoders.vae.LatentDiagnostics;
import dev.autoencoders.vae.LearnedVarianceGaussian;
import dev.autoencoders.vae.Likelihood;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import org.junit.jupiter.api.Test;

/**
 * Post 002 (Introducing Neural Network): a decoder that learns its variance as well as its mean. The post warns that
 * the model could then ignore z and lower the reconstruction error through the variance alone (posterior collapse).
 * What happens on MNIST instead: the variance collapses, not the posterior. Most pixels are 0 in every image and the
 * sigmoid mean can come as close to 0 as it likes, so the decoder drives the variance of those pixels towards 0 and
 * their log-density up without bound: the ELBO of the training images climbs thousands of nats past the fixed-variance
 * decoder's, while a test image with ink where the training images had none meets a variance near 0 and the test ELBO
 * falls through the floor. Every latent dimension stays active; the code carries fewer nats than with the fixed
 * variance, because on the ink the decoder settles for a larger variance instead. Two VAEs 784-200-10 from the same
 * weights and batches, 2,000 training images, 8 epochs (Adam 1e-3, batch 128): the learned variance
 * ({@link LearnedVarianceGaussian}, no floor) and the fixed sigma^2 = 0.01 (the {@code vae} command's Gaussian default),
 * measured on 500 training and 500 test images.
 */
class LearnedVarianceNotebookTest {
    static final String SECTION = "vae";
    static final int EPOCHS = 8, TRAIN = 2000, TEST = 500;

    record PerEpoch(double[] trainElbo, double[] testElbo, double[] logVarBackground, double[] logVarInk, double[] kl) {
        PerEpoch() {
            this(new double[EPOCHS], new double[EPOCHS], new double[EPOCHS], new double[EPOCHS], new double[EPOCHS]);
        }
    }

    @Test
    void theVarianceCollapsesNotThePosteriorTheTrainingElboClimbsAndTheTestElboFallsThroughTheFloor() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().take(TRAIN).flat(), test = data.test().take(TEST).flat(), seen = train.slice(0, 0, TEST);
        Likelihood[] kinds = {new LearnedVarianceGaussian(0), new GaussianLikelihood(0.01)};
        PerEpoch[] measured = {new PerEpoch(), new PerEpoch()};
        int[] active = new int[2];
        for (int k = 0; k < 2; k++) {
            Vae vae = new Vae(new Vae.Config(784, 200, 10, kinds[k], Double.POSITIVE_INFINITY), new Rng(21));
            PerEpoch m = measured[k];
            boolean learned = k == 0;
            VaeTraining.fit(vae, Objective.elbo(), train, EPOCHS, 1e-3, 128, 22, epoch -> {
                try (GradMode.Scope s = GradMode.off()) {
                    m.trainElbo()[epoch - 1] = -vae.elbo(seen, new Rng(23)).negElbo().item();
                    Elbo elbo = vae.elbo(test, new Rng(23));
                    m.testElbo()[epoch - 1] = -elbo.negElbo().item();
                    m.kl()[epoch - 1] = elbo.klNats().item();
                    if (learned) {
                        // log sigma^2 of the decoder at the posterior mean, over the pixels that are 0 and over the ink (x > 0.5)
                        Tensor logVar = ((LearnedVarianceGaussian) kinds[0]).variance(vae.decoderOutput(vae.encode(test).mu())).log();
                        m.logVarBackground()[epoch - 1] = meanWhere(logVar, test, true);
                        m.logVarInk()[epoch - 1] = meanWhere(logVar, test, false);
                    }
                }
            });
            try (GradMode.Scope s = GradMode.off()) {
                DiagonalGaussian q = vae.encode(test);
                active[k] = LatentDiagnostics.activeUnits(q.mu());
            }
        }
        PerEpoch l = measured[0], f = measured[1];
        double[] epochs = PosteriorCollapseNotebookTest.range(EPOCHS);
        new LinePlot("ELBO of 500 training and 500 test images (a symmetric log scale: sign(y) log10(1 + |y|))", "epoch", "nats per image, symlog")
                .series("learned variance, training", epochs, symlog(l.trainElbo())).series("learned variance, test", epochs, symlog(l.testElbo()))
                .series("fixed sigma^2 = 0.01, training", epochs, symlog(f.trainElbo())).series("fixed sigma^2 = 0.01, test", epochs, symlog(f.testElbo()))
                .save(Notebook.file(SECTION, "learned-variance-elbo.png"));
        new LinePlot("learned variance: the decoder's log sigma^2, test images", "epoch", "mean log sigma^2")
                .series("background pixels (x = 0)", epochs, l.logVarBackground()).series("ink (x > 0.5)", epochs, l.logVarInk())
                .series("fixed: log 0.01", epochs, constant(Math.log(0.01))).save(Notebook.file(SECTION, "learned-variance-log-variance.png"));
        Notebook.record(SECTION, "learned-variance", new Metrics().put("epochs", EPOCHS).put("train_images", TRAIN)
                .put("learned_train_elbo_final", l.trainElbo()[EPOCHS - 1]).put("fixed_train_elbo_final", f.trainElbo()[EPOCHS - 1])
                .put("learned_test_elbo_best", max(l.testElbo())).put("learned_test_elbo_worst", min(l.testElbo()))
                .put("learned_log_variance_background_epoch1", l.logVarBackground()[0]).put("learned_test_elbo_epoch1", l.testElbo()[0]).put("learned_test_elbo_final", l.testElbo()[EPOCHS - 1])
                .put("fixed_test_elbo_final", f.testElbo()[EPOCHS - 1])
                .put("learned_log_variance_background_final", l.logVarBackground()[EPOCHS - 1]).put("learned_log_variance_ink_final", l.logVarInk()[EPOCHS - 1])
                .put("learned_kl_final", l.kl()[EPOCHS - 1]).put("fixed_kl_final", f.kl()[EPOCHS - 1])
                .put("learned_active_units", active[0]).put("fixed_active_units", active[1]));

        // the likelihood of the training images climbs: the learned variance's training ELBO ends thousands of nats above the fixed one's
        assertThat(l.trainElbo()[EPOCHS - 1]).as("training ELBO, learned variance").isGreaterThan(f.trainElbo()[EPOCHS - 1] + 1000);
        assertThat(max(l.trainElbo())).as("best training ELBO, learned variance").isGreaterThan(l.trainElbo()[2] + 500);
        // the background's variance falls towards 0: its log ends at least 4 below where it started (below -6), the ink's stays above -2.5
        assertThat(l.logVarBackground()[EPOCHS - 1]).isLessThan(Math.min(-6, l.logVarBackground()[0] - 4));
        assertThat(min(l.logVarInk())).isGreaterThan(-2.5);
        // the bound on new images falls through the floor: a test pixel with ink where the training pixels had none meets a
        // variance near 0, and the test ELBO ends below the fixed-variance decoder's, tens of thousands of nats under the training ELBO
        assertThat(min(l.testElbo())).as("worst test ELBO, learned variance").isLessThan(-10_000);
        assertThat(l.testElbo()[EPOCHS - 1]).as("test ELBO, learned variance").isLessThan(f.testElbo()[EPOCHS - 1]);
        // the posterior does not collapse (every latent dimension stays active), but the code carries fewer nats than with the fixed
        // sigma^2 = 0.01: on the ink the decoder explains part of the error by a larger variance instead
        assertThat(active[0]).as("active units, learned variance").isEqualTo(10);
        assertThat(l.kl()[EPOCHS - 1]).as("KL, learned variance").isLessThan(f.kl()[EPOCHS - 1]);
    }

    static double max(double[] a) {
        return java.util.Arrays.stream(a).max().orElseThrow();
    }

    static double min(double[] a) {
        return java.util.Arrays.stream(a).min().orElseThrow();
    }

    /** The mean of {@code values} over the pixels where {@code x == 0} (background) or {@code x > 0.5} (ink). */
    static double meanWhere(Tensor values, Tensor x, boolean background) {
        double sum = 0;
        int n = 0;
        double[] v = values.data(), xs = x.data();
        for (int i = 0; i < v.length; i++) {
            if (background ? xs[i] == 0 : xs[i] > 0.5) {
                sum += v[i];
                n++;
            }
        }
        return sum / n;
    }

    static double[] symlog(double[] y) {
        return java.util.Arrays.stream(y).map(v -> Math.signum(v) * Math.log10(1 + Math.abs(v))).toArray();
    }

    static double[] constant(double c) {
        double[] y = new double[EPOCHS];
        java.util.Arrays.fill(y, c);
        return y;
    }
}

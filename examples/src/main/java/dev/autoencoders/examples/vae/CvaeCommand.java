package dev.autoencoders.examples.vae;

import dev.autoencoders.data.ClassNames;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.plot.ScatterPlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.ConditionalVae;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.LabelClassifier;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders cvae}: a conditional VAE 784-400-L, either the standard concat CVAE or post 001's class prior means. */
@Command(name = "cvae", description = {
    "A conditional VAE 784-400-L with a Bernoulli decoder, steered by a label y:",
    "  concat:     encoder q(z|x, y) and decoder p(x|z, y) both get onehot(y);",
    "              prior N(0, I) (Sohn et al. 2015);",
    "  prior-mean: encoder and decoder as the plain VAE; prior N(mu_y, I) with",
    "              a learned mean per class (post 001), so that",
    "              KL = 1/2 sum[(mu - mu_y)^2 + sigma^2 - log sigma^2 - 1].",
    "Adam on the negative ELBO (nats per image). A small MLP classifier",
    "(784-256-10), trained on the labelled training images, then judges 100",
    "samples of each class. Writes test_neg_elbo_nats, test_kl_nats,",
    "conditional_sample_accuracy (the fraction of samples recognised as the",
    "class they were drawn for), classifier_test_accuracy; samples_by_class.png",
    "(one row per class), reconstructions.png, loss.png, and for a 2-d latent",
    "latent.png (test posterior means by label)."})
public final class CvaeCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    /** The variants of {@code --variant}, by their command-line names. */
    enum Variant {
        concat(ConditionalVae.Variant.CONCAT), priorMean(ConditionalVae.Variant.PRIOR_MEAN);

        final ConditionalVae.Variant model;

        Variant(ConditionalVae.Variant model) {
            this.model = model;
        }

        @Override
        public String toString() {
            return model.cliName();
        }
    }

    @Option(names = "--variant", paramLabel = "KIND", defaultValue = "concat",
            description = "how the label enters: concat (encoder and decoder see onehot(y)) or prior-mean (learned prior mean mu_y) (default: ${DEFAULT-VALUE})")
    Variant variant;

    private Integer latent;
    private int classifierEpochs;

    @Option(names = "--latent", paramLabel = "L",
            description = "latent dimensions, >= 1 (default: 2 for concat, whose decoder follows y only when z is too small to hold the class; "
                    + "20 for prior-mean, whose class means need room to lie apart)")
    void setLatent(int value) {
        latent = OptionChecks.atLeast(spec, "--latent", value, 1);
    }

    @Option(names = "--classifier-epochs", paramLabel = "N", defaultValue = "5",
            description = "epochs of the judging classifier (Adam 1e-3, batch 64), >= 1 (default: ${DEFAULT-VALUE})")
    void setClassifierEpochs(int value) {
        classifierEpochs = OptionChecks.atLeast(spec, "--classifier-epochs", value, 1);
    }

    /** Samples of each class that the classifier judges. */
    static final int SAMPLES_PER_CLASS = 100;

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 128, 1e-3);
    }

    @Override
    protected void train(Run run) {
        ConditionalVae.Variant kind = variant.model;
        int latent = this.latent != null ? this.latent : kind == ConditionalVae.Variant.CONCAT ? 2 : 20;

        // 1. Data: images flattened to (N, 784), gray levels in [0, 1], with their labels
        Splits data = run.data();
        Tensor train = data.train().flat(), test = data.test().flat();
        int[] trainLabels = data.train().labels(), testLabels = data.test().labels();
        List<String> names = ClassNames.of(run.options().data());
        int classes = names.size();
        // the model: encoder (784 [+ C]) - 400 - 2L, decoder L [+ C] - 400 - 784, the class means C x L
        double d = train.dim(1), h = 400, l = latent;
        run.requireMemory("--latent", latent, (d + classes) * h + 2 * (h * l + l) + (l + classes) * h + h * d + d + classes * l + 2 * h,
                Math.max(run.batch(), Math.max(test.dim(0), classes * SAMPLES_PER_CLASS)), 2 * d + 2 * h + 3 * l + 2 * classes);

        // 2. Model and optimizer
        ConditionalVae cvae = new ConditionalVae(new ConditionalVae.Config(kind, train.dim(1), 400, latent, classes,
                new BernoulliLikelihood(), Double.POSITIVE_INFINITY), run.rng());
        Adam adam = new Adam(cvae.parameters(), run.options().lr());

        // 3. Train: minimise -ELBO = -log p(x|z, y) + KL(q(z|x[, y]) || p(z|y)) per image
        run.fit(cvae, adam, data.train().size(), Map.of("variant", kind.cliName(), "latent", Integer.toString(latent)), "-ELBO", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            int[] y = new int[batch.length];
            for (int i = 0; i < batch.length; i++) y[i] = trainLabels[batch[i]];
            return cvae.elbo(x, y, noise).negElbo();
        });

        // 4. The judge: an MLP classifier trained on the labelled training images, from its own seeded generator
        //    (retrained on every run, --resume included: it is cheap and deterministic)
        Rng judgeRng = run.rng().fork();
        LabelClassifier judge = new LabelClassifier(train.dim(1), 256, classes, judgeRng);
        double judgeLoss = judge.fit(train, trainLabels, classifierEpochs, judgeRng);
        double judgeAccuracy = judge.accuracy(test, testLabels);

        // 5. Evaluate: the test set's -ELBO (one z per image, its own label), and the class-conditional samples
        Rng eval = run.rng().fork();
        try (GradMode.Scope s = GradMode.off()) {
            Elbo elbo = cvae.elbo(test, testLabels, eval);
            double negElbo = elbo.negElbo().item(), kl = elbo.klNats().item();
            int[] asked = new int[classes * SAMPLES_PER_CLASS];
            for (int i = 0; i < asked.length; i++) asked[i] = i / SAMPLES_PER_CLASS;
            Tensor samples = cvae.sample(asked, eval);
            double accuracy = judge.accuracy(samples, asked);
            run.metrics().put("variant", kind.cliName()).put("latent", latent)
                    .put("test_neg_elbo_nats", negElbo).put("test_reconstruction_nats", elbo.reconstructionNats().item()).put("test_kl_nats", kl)
                    .put("conditional_sample_accuracy", accuracy).put("samples_per_class", SAMPLES_PER_CLASS)
                    .put("classifier_train_loss", judgeLoss).put("classifier_test_accuracy", judgeAccuracy);
            run.log("test: -ELBO %.2f nats/image (KL %.2f); %.1f%% of the class-conditional samples recognised as their class "
                    + "(the classifier: %.1f%% on the test set)", negElbo, kl, 100 * accuracy, 100 * judgeAccuracy);

            // 6. Figures: 10 samples of each class, one row per class; test images over their reconstructions
            Tensor grid = Reshaping.concat(0, java.util.stream.IntStream.range(0, classes)
                    .mapToObj(c -> samples.slice(0, c * SAMPLES_PER_CLASS, c * SAMPLES_PER_CLASS + 10)).toArray(Tensor[]::new));
            run.saveGrid("samples_by_class.png", VaeCommand.images(grid, data), ImageGrid.Options.DEFAULT.withNrow(10));
            int[] first = java.util.Arrays.copyOf(testLabels, 8);
            Tensor originals = test.slice(0, 0, 8);
            Tensor recon = cvae.reconstruct(originals, first);
            run.saveGrid("reconstructions.png", VaeCommand.images(Reshaping.concat(0, originals, recon), data));
            if (latent == 2) {
                ScatterPlot.save(run.file("latent.png"), "cvae (" + kind.cliName() + "): posterior means of the test set", "z1", "z2",
                        cvae.encode(test, testLabels).mu(), testLabels, names);
            }
        }
        run.saveLossPlot("-ELBO (nats per image)");
        run.saveModel(cvae);
        run.writeMetrics();
    }
}

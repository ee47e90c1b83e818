package dev.autoencoders.notebooks.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.ConditionalVae;
import dev.autoencoders.vae.LabelClassifier;
import org.junit.jupiter.api.Test;

/**
 * Post 001's conditional VAE: the label steers generation. A CVAE of each variant is trained 10 epochs on mnist-10k
 * (Adam 1e-3, batch 128, the {@code cvae} command's settings and latent sizes: 2 for concat, 20 for prior-mean); 100
 * samples of each class are drawn from {@code p(z|y)} and decoded, and an MLP classifier 784-256-10 trained on the
 * labelled training images (5 epochs, about 93% on the test set) names their class. The claim: at least 80% of the
 * samples are recognised as the class they were drawn for.
 */
class ConditionalSamplesNotebookTest {
    static final String SECTION = "cvae";
    static final int EPOCHS = 10, PER_CLASS = 100;

    private static Splits data;
    private static LabelClassifier judge;
    private static double judgeAccuracy;

    /** The data and the judge, made once (deterministically) for both tests. */
    static synchronized void prepare() {
        if (judge != null) return;
        data = Datasets.load("mnist-10k");
        Rng rng = new Rng(21);
        judge = new LabelClassifier(784, 256, 10, rng);
        judge.fit(data.train().flat(), data.train().labels(), 5, rng);
        judgeAccuracy = judge.accuracy(data.test().flat(), data.test().labels());
    }

    @Test
    void concatCvaeSamplesAreRecognisedAsTheirClass() {
        check(ConditionalVae.Variant.CONCAT, 2);
    }

    @Test
    void priorMeanCvaeSamplesAreRecognisedAsTheirClass() {
        check(ConditionalVae.Variant.PRIOR_MEAN, 20);
    }

    private void check(ConditionalVae.Variant variant, int latent) {
        prepare();
        Tensor train = data.train().flat();
        int[] labels = data.train().labels();
        ConditionalVae cvae = new ConditionalVae(new ConditionalVae.Config(variant, 784, 400, latent, 10, new BernoulliLikelihood(),
                Double.POSITIVE_INFINITY), new Rng(22));
        Trainer trainer = new Trainer(new Adam(cvae.parameters(), 1e-3), train.dim(0), 128, new Rng(23));
        trainer.fit(EPOCHS, (batch, noise) -> {
            int[] y = new int[batch.length];
            for (int i = 0; i < batch.length; i++) y[i] = labels[batch[i]];
            return cvae.elbo(Reshaping.indexSelect(train, batch), y, noise).negElbo();
        }, null);

        try (GradMode.Scope s = GradMode.off()) {
            int[] asked = new int[10 * PER_CLASS];
            for (int i = 0; i < asked.length; i++) asked[i] = i / PER_CLASS;
            Tensor samples = cvae.sample(asked, new Rng(24));
            int[] named = judge.predict(samples);
            int right = 0;
            int[] perClass = new int[10];
            for (int i = 0; i < asked.length; i++) {
                if (named[i] == asked[i]) {
                    right++;
                    perClass[asked[i]]++;
                }
            }
            double accuracy = (double) right / asked.length;
            String name = variant.cliName();
            Metrics m = new Metrics().put("variant", name).put("latent", latent).put("epochs", EPOCHS)
                    .put("conditional_sample_accuracy", accuracy).put("classifier_test_accuracy", judgeAccuracy)
                    .put("final_train_neg_elbo", trainer.epochLosses().get(EPOCHS - 1));
            for (int c = 0; c < 10; c++) m.put("accuracy_class_" + c, perClass[c] / (double) PER_CLASS);
            Notebook.record(SECTION, "conditional-samples-" + name, m);
            Tensor grid = Reshaping.concat(0, java.util.stream.IntStream.range(0, 10)
                    .mapToObj(c -> samples.slice(0, c * PER_CLASS, c * PER_CLASS + 10)).toArray(Tensor[]::new));
            ImageGrid.save(grid.reshape(100, 1, 28, 28), Notebook.file(SECTION, "samples-by-class-" + name + ".png"), ImageGrid.Options.DEFAULT.withNrow(10));

            assertThat(accuracy).as("%s: samples recognised as their class", name).isGreaterThanOrEqualTo(0.8);
        }
    }
}

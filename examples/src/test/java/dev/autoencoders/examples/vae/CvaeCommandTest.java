package dev.autoencoders.examples.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.util.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plumbing of {@code cvae} on a small slice of mnist-10k (the 80% claim is the notebook test's). */
class CvaeCommandTest {

    /** {@code cvae --out <out> <more>}, with the small settings below for each option that {@code more} does not give. */
    static String[] fast(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("cvae", "--out", out.toString()));
        a.addAll(List.of(more));
        String[] small = {"--train-limit", "1000", "--test-limit", "200", "--classifier-epochs", "1"};
        for (int i = 0; i < small.length; i += 2) {
            if (!a.contains(small[i])) a.addAll(List.of(small[i], small[i + 1]));
        }
        return a.toArray(String[]::new);
    }

    @Test
    void bothVariantsTrainAndWriteTheMetricsTheClassGridAndTheirStateDicts(@TempDir Path dir) {
        for (String variant : new String[] {"concat", "prior-mean"}) {
            Path out = dir.resolve(variant);
            Cli.run(fast(out, "--epochs", "1", "--variant", variant, "--latent", "2")).ok();
            Metrics m = Cli.metrics(out);
            assertThat(m.get("variant")).isEqualTo(variant);
            assertThat(m.getDouble("test_neg_elbo_nats")).isBetween(100.0, 544.0);
            assertThat(m.getDouble("test_kl_nats")).isPositive();
            assertThat(m.getDouble("conditional_sample_accuracy")).isBetween(0.0, 1.0);
            assertThat(m.getDouble("classifier_test_accuracy")).isGreaterThan(0.5);
            // 10 rows (classes) of 10 samples
            Cli.png(out.resolve("samples_by_class.png"), 302, 302);
            Cli.png(out.resolve("reconstructions.png"), 242, 62);
            Cli.png(out.resolve("latent.png"), 400, 300);
            Cli.png(out.resolve("loss.png"), 400, 300);
            var names = Safetensors.read(out.resolve("model.safetensors")).tensors();
            assertThat(names.containsKey("prior_mean.weight")).as(variant).isEqualTo(variant.equals("prior-mean"));
            assertThat(names.get("fc1.weight").shape()).containsExactly(400, variant.equals("concat") ? 794 : 784);
        }
    }

    /** The CVAE resumes from its checkpoint; the classifier is retrained from its own seed: the same metrics. */
    @Test
    void oneEpochThenResumeToTwoEqualsTwoEpochs(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Cli.run(fast(straight, "--epochs", "2", "--train-limit", "500", "--variant", "prior-mean")).ok();
        Cli.run(fast(resumed, "--epochs", "1", "--train-limit", "500", "--variant", "prior-mean")).ok();
        Cli.run(fast(resumed, "--epochs", "2", "--train-limit", "500", "--variant", "prior-mean", "--resume")).ok();
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        Metrics a = Cli.metrics(resumed), b = Cli.metrics(straight);
        assertThat(a.getDouble("conditional_sample_accuracy")).isEqualTo(b.getDouble("conditional_sample_accuracy"));
        assertThat(a.getDouble("test_neg_elbo_nats")).isEqualTo(b.getDouble("test_neg_elbo_nats"));
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        String[][] bad = {{"--variant", "film"}, {"--latent", "0"}, {"--classifier-epochs", "0"}};
        for (String[] b : bad) {
            Path out = dir.resolve("bad" + b[0]);
            Cli.Result r = Cli.run(fast(out, b));
            assertThat(r.code()).as("%s %s", b[0], b[1]).isEqualTo(2);
            assertThat(r.err()).as("%s %s", b[0], b[1]).contains(b[0]).contains(b[1]).doesNotContain("Exception");
            assertThat(out).doesNotExist();
        }
    }
}

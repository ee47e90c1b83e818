package dev.autoencoders.examples.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.util.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plumbing of {@code deep-ae} on a small net (784-64-32-8) with one epoch per phase; the quality of the full net is
 * measured by hand (docs/rbm-deep-autoencoder.md) and at a small scale by the notebook DeepAutoEncoderNotebookTest.
 */
class DeepAeCommandTest {
    private static final String[] SMALL = {"deep-ae", "--widths", "784,64,32,8", "--rbm-epochs", "1", "--epochs", "1", "--batch-size", "256"};

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(SMALL));
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void rbmPretrainingThenFineTuningWritesMetricsFiguresAndTheTwinsNames(@TempDir Path dir) {
        Path out = dir.resolve("rbm");
        Cli.run(args(out)).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.get("pretrain")).isEqualTo("rbm");
        assertThat(m.get("activation")).isEqualTo("sigmoid");
        for (String k : List.of("rbm1_recon_error", "rbm2_recon_error", "rbm3_recon_error", "test_mse", "pca8_test_mse")) {
            assertThat(m.getDouble(k)).as(k).isPositive();
        }
        assertThat(m.getDouble("test_mse")).isLessThan(0.07); // the mean image alone scores 0.067
        Cli.png(out.resolve("reconstructions.png"), 302, 92);
        Cli.png(out.resolve("loss.png"), 400, 300);
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactlyInAnyOrder(
                "enc.0.weight", "enc.0.bias", "enc.2.weight", "enc.2.bias", "enc.4.weight", "enc.4.bias",
                "dec.0.weight", "dec.0.bias", "dec.2.weight", "dec.2.bias", "dec.4.weight", "dec.4.bias");
        for (String f : List.of("checkpoint-rbm1.safetensors", "checkpoint-rbm2.safetensors", "checkpoint-rbm3.safetensors", "checkpoint-finetune.safetensors")) {
            assertThat(out.resolve(f)).exists();
        }
    }

    @Test
    void withoutPretrainingTheNetIsTheReluTwinAndTrainsNoRbm(@TempDir Path dir) {
        Path out = dir.resolve("none");
        Cli.run(args(out, "--pretrain", "none")).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.get("activation")).isEqualTo("relu");
        assertThat(m.has("rbm1_recon_error")).isFalse();
        assertThat(out.resolve("checkpoint-rbm1.safetensors")).doesNotExist();
        assertThat(m.getDouble("pca8_test_mse")).isBetween(0.03, 0.06);
    }

    /**
     * A run that stopped after its first RBM (the later checkpoints removed) resumes: the finished phase is restored,
     * not retrained, the others start afresh, and the result is byte for byte the uninterrupted run's.
     */
    @Test
    void aRunStoppedBetweenPhasesResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        Cli.run(args(straight)).ok();
        Files.createDirectories(stopped);
        Files.copy(straight.resolve("checkpoint-rbm1.safetensors"), stopped.resolve("checkpoint-rbm1.safetensors"));
        Cli.Result r = Cli.run(args(stopped, "--resume"));
        r.ok();
        assertThat(r.out()).contains("resumed from").contains("checkpoint-rbm2.safetensors yet").doesNotContain("rbm1 epoch 1/1");
        assertThat(Files.readAllBytes(stopped.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        // nothing to resume, or other options: usage errors naming the option
        Cli.Result none = Cli.run(args(dir.resolve("empty"), "--resume"));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no checkpoint");
        Cli.Result other = Cli.run(args(stopped, "--resume", "--rbm-lr", "0.05"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("rbm_lr=0.1").contains("rbm_lr=0.05");
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        for (String[] bad : List.of(new String[] {"--pretrain", "pca"}, new String[] {"--widths", "784"}, new String[] {"--widths", "100,10"},
                new String[] {"--widths", "784,0,8"}, new String[] {"--rbm-epochs", "-1"}, new String[] {"--rbm-lr", "0"}, new String[] {"--activation", "tanh"})) {
            Cli.Result r = Cli.run(Stream.concat(Stream.of("deep-ae", "--out", dir.resolve("bad").toString()), Stream.of(bad)).toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad)).contains(bad[0]).doesNotContain("Exception");
        }
    }
}

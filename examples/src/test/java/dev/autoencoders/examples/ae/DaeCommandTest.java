package dev.autoencoders.examples.ae;

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

/** Plumbing of {@code dae} (few large batches; the DAE-beats-AE claim is the notebook test's). */
class DaeCommandTest {

    static String[] fast(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("dae", "--batch-size", "512", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void trainsAndWritesBothMetricsTheFigureAndTheDaesNet(@TempDir Path dir) {
        Path out = dir.resolve("dae");
        Cli.run(fast(out, "--epochs", "1")).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.get("corruption")).isEqualTo("masking(nu=0.5)");
        assertThat(m.getDouble("test_mse_corrupted")).isBetween(0.0, 1.0);
        assertThat(m.getDouble("baseline_test_mse_corrupted")).isBetween(0.0, 1.0);
        // 4 rows of 8 images: 8 * 30 + 2 by 4 * 30 + 2
        Cli.png(out.resolve("denoising.png"), 242, 122);
        Cli.png(out.resolve("loss.png"), 400, 300);
        // the DAE's net alone, with the plain autoencoder's names
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactly(
                "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias");
    }

    /** Each --noise value builds its corruption (no training: --epochs 0 evaluates the initial nets). */
    @Test
    void everyNoiseKindMapsToItsCorruption(@TempDir Path dir) {
        String[][] kinds = {{"salt-pepper", "salt-pepper(nu=0.3)"}, {"salt", "salt(nu=0.3)"}, {"gaussian", "gaussian(sigma=0.3)"}};
        for (String[] k : kinds) {
            Path out = dir.resolve(k[0]);
            Cli.run(fast(out, "--epochs", "0", "--noise", k[0], "--level", "0.3")).ok();
            Metrics m = Cli.metrics(out);
            assertThat(m.get("noise")).isEqualTo(k[0]);
            assertThat(m.get("corruption")).isEqualTo(k[1]);
            assertThat(m.getDouble("test_mse_corrupted")).isPositive();
        }
    }

    /** Both nets, the optimizer of both and the noise generator are in the checkpoint: a resumed run ends where a straight one does. */
    @Test
    void oneEpochThenResumeToTwoEqualsTwoEpochs(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Cli.run(fast(straight, "--epochs", "2")).ok();
        Cli.run(fast(resumed, "--epochs", "1")).ok();
        Cli.run(fast(resumed, "--epochs", "2", "--resume")).ok();
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        assertThat(Cli.metrics(resumed).getDouble("baseline_test_mse_corrupted")).isEqualTo(Cli.metrics(straight).getDouble("baseline_test_mse_corrupted"));
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        Cli.Result r = Cli.run(fast(dir.resolve("a"), "--noise", "speckle"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--noise").contains("speckle").doesNotContain("Exception");
        r = Cli.run(fast(dir.resolve("b"), "--noise", "masking", "--level", "1.5"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--level").contains("1.5");
        r = Cli.run(fast(dir.resolve("c"), "--level", "-0.1"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--level").contains("-0.1");
        assertThat(dir.resolve("b")).doesNotExist();
    }
}

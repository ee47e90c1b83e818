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

/** Plumbing of {@code sparse-ae} with few crops (the quality parity is measured by hand, see the docs chapter). */
class SparseAeCommandTest {

    static String[] small(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("sparse-ae", "--crops", "3000", "--test-crops", "500", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void writesMetricsFiltersAndTheTwinsStateDict(@TempDir Path dir) {
        Path out = dir.resolve("sae");
        Cli.run(small(out, "--epochs", "1")).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.getDouble("test_mse")).isBetween(0.0, 1.0);
        assertThat(m.getDouble("mean_hidden_activation")).isBetween(0.0, 1.0);
        assertThat(m.getDouble("rho")).isEqualTo(0.01);
        assertThat(m.getDouble("beta")).isEqualTo(5.0);
        assertThat(m.getDouble("hidden")).isEqualTo(100);
        assertThat(m.getDouble("batch_size")).isEqualTo(32);
        // 10 x 10 filters of 10 x 10 pixels, padding 2: 10 * 12 + 2 = 122
        Cli.png(out.resolve("filters.png"), 122, 122);
        Cli.png(out.resolve("reconstructions.png"), 16 * 12 + 2, 2 * 12 + 2);
        Cli.png(out.resolve("loss.png"), 400, 300);
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactly("e.weight", "e.bias", "d.weight", "d.bias");
    }

    /** The crops are drawn from the run's generator before training: a resumed run must draw the same ones. */
    @Test
    void oneEpochThenResumeToTwoEqualsTwoEpochs(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Cli.run(small(straight, "--epochs", "2")).ok();
        Cli.run(small(resumed, "--epochs", "1")).ok();
        Cli.run(small(resumed, "--epochs", "2", "--resume")).ok();
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        Cli.Result other = Cli.run(small(resumed, "--epochs", "3", "--resume", "--beta", "0"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("beta=5.0").contains("beta=0.0");
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        String[][] bad = {{"--rho", "0"}, {"--rho", "1.5"}, {"--beta", "-1"}, {"--hidden", "0"}, {"--test-crops", "0"}, {"--crop-size", "29"}};
        for (String[] b : bad) {
            Cli.Result r = Cli.run("sparse-ae", "--out", dir.resolve("x").toString(), b[0], b[1], "--epochs", "1");
            assertThat(r.code()).as("%s %s", b[0], b[1]).isEqualTo(2);
            assertThat(r.err()).as("%s %s", b[0], b[1]).contains(b[0]).contains(b[1]).doesNotContain("Exception");
        }
        assertThat(dir.resolve("x")).doesNotExist();
    }
}

package dev.autoencoders.examples.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.util.Metrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plumbing of {@code conv-ae} (one epoch at a large batch; the quality parity is measured by hand, see the docs chapter). */
class ConvAeCommandTest {

    @Test
    void oneEpochWritesMetricsFiguresAndTheTwinsStateDict(@TempDir Path dir) {
        Path out = dir.resolve("cae");
        Cli.run("conv-ae", "--epochs", "1", "--batch-size", "256", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.getDouble("test_mse")).isBetween(0.0, 1.0);
        assertThat(m.getDouble("parameters")).isEqualTo(5729);
        assertThat(m.get("decoder")).isEqualTo("convtranspose");
        assertThat(m.getDouble("weight_decay")).isEqualTo(1e-5);
        assertThat(m.getDouble("lr")).isEqualTo(3e-3);
        assertThat(m.get("data")).isEqualTo("fashion-mnist-10k");
        Cli.png(out.resolve("reconstructions.png"), 242, 62);
        Cli.png(out.resolve("loss.png"), 400, 300);
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactly(
                "enc.0.weight", "enc.0.bias", "enc.3.weight", "enc.3.bias",
                "dec.0.weight", "dec.0.bias", "dec.2.weight", "dec.2.bias", "dec.4.weight", "dec.4.bias");
    }

    @Test
    void unpoolDecoder(@TempDir Path dir) {
        Path out = dir.resolve("unpool");
        Cli.run("conv-ae", "--decoder", "unpool", "--epochs", "1", "--batch-size", "512", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.get("decoder")).isEqualTo("unpool");
        assertThat(m.getDouble("parameters")).isEqualTo(3273);
        assertThat(m.getDouble("test_mse")).isBetween(0.0, 1.0);
        Cli.png(out.resolve("reconstructions.png"), 242, 62);
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        Cli.Result r = Cli.run("conv-ae", "--decoder", "pixelshuffle", "--out", dir.resolve("a").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--decoder").contains("pixelshuffle").doesNotContain("Exception");
        r = Cli.run("conv-ae", "--weight-decay", "-1", "--out", dir.resolve("b").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--weight-decay").contains("-1");
    }
}

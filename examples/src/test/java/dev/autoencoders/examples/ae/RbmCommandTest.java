package dev.autoencoders.examples.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.util.Metrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plumbing of {@code rbm} with a small hidden layer and short chains. */
class RbmCommandTest {

    @Test
    void cdTrainingWritesMetricsFiltersAndSamples(@TempDir Path dir) {
        Path out = dir.resolve("rbm");
        Cli.run("rbm", "--hidden", "30", "--epochs", "2", "--gibbs-steps", "10", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        for (String k : new String[] {"recon_error_epoch_1", "recon_error_epoch_2", "test_recon_error"}) assertThat(m.getDouble(k)).as(k).isBetween(0.0, 0.2);
        assertThat(m.getDouble("recon_error_epoch_2")).isLessThan(m.getDouble("recon_error_epoch_1"));
        // per image of 784 bits: a pseudo-log-likelihood below 0 and above the uniform model's 784 log(1/2)
        assertThat(m.getDouble("test_pseudo_log_likelihood")).isBetween(-784 * Math.log(2), 0.0);
        assertThat(m.getDouble("test_free_energy")).isFinite();
        Cli.png(out.resolve("filters.png"), 242, 92); // 30 filters: 10 per row, 3 rows
        Cli.png(out.resolve("samples.png"), 302, 92); // the images and 2 rows of chain states
        Cli.png(out.resolve("loss.png"), 400, 300);
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactlyInAnyOrder("weight", "visible_bias", "hidden_bias");
    }

    @Test
    void persistentCdKeepsItsChainsInTheModelFile(@TempDir Path dir) {
        Path out = dir.resolve("pcd");
        Cli.run("rbm", "--hidden", "20", "--epochs", "1", "--persistent-chains", "50", "--cd-k", "2", "--lr", "0.01", "--gibbs-steps", "1", "--out", out.toString()).ok();
        Cli.metrics(out);
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().get("persistent_chains").shape()).containsExactly(50, 784);
        Cli.Result bad = Cli.run("rbm", "--cd-k", "0", "--out", dir.resolve("bad").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--cd-k").contains("0");
    }
}

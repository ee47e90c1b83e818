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

/**
 * Plumbing of {@code vae} on a small slice of mnist-10k (the quality-parity run, 10 epochs on all of it, is done by
 * hand: see docs/vae.md).
 */
class VaeCommandTest {

    /** {@code vae --out <out> <more>}, with the small settings below for each option that {@code more} does not give. */
    static String[] fast(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("vae", "--out", out.toString()));
        a.addAll(List.of(more));
        String[] small = {"--train-limit", "1000", "--test-limit", "200", "--iwae-k", "5"};
        for (int i = 0; i < small.length; i += 2) {
            if (!a.contains(small[i])) a.addAll(List.of(small[i], small[i + 1]));
        }
        return a.toArray(String[]::new);
    }

    @Test
    void trainsAndWritesTheMetricsTheFiguresAndTheTwinsStateDict(@TempDir Path dir) {
        Path out = dir.resolve("vae");
        Cli.Result r = Cli.run(fast(out, "--epochs", "1")).ok();
        assertThat(r.out()).contains("IWAE-5 NLL");
        Metrics m = Cli.metrics(out);
        double negElbo = m.getDouble("test_neg_elbo_nats"), nll = m.getDouble("test_iwae_nll_nats"), kl = m.getDouble("test_kl_nats");
        // one epoch on 1,000 images: far from trained, but a bound between the trained VAE (~120) and a constant image (~544)
        assertThat(negElbo).isBetween(120.0, 544.0);
        // the IWAE bound is tighter than the ELBO: E[L_5] >= E[L_1]
        assertThat(nll).isLessThan(negElbo);
        assertThat(kl).isPositive().isLessThan(negElbo);
        assertThat(m.getDouble("test_reconstruction_nats") + kl).isCloseTo(negElbo, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.getDouble("active_units")).isBetween(0.0, 20.0);
        assertThat(m.get("decoder")).isEqualTo("bernoulli");
        Cli.png(out.resolve("reconstructions.png"), 242, 62);
        Cli.png(out.resolve("samples.png"), 242, 242);
        Cli.png(out.resolve("interpolation.png"), 302, 32);
        Cli.png(out.resolve("kl_per_dimension.png"), 400, 300);
        Cli.png(out.resolve("loss.png"), 400, 300);
        assertThat(out.resolve("manifold.png")).doesNotExist();
        assertThat(Safetensors.read(out.resolve("model.safetensors")).tensors().keySet()).containsExactlyInAnyOrder(
                "fc1.weight", "fc1.bias", "fc21.weight", "fc21.bias", "fc22.weight", "fc22.bias", "fc3.weight", "fc3.bias", "fc4.weight", "fc4.bias");
    }

    /** A 2-d latent adds the decoded 20 x 20 grid over the latent plane and the scatter of the test set's posterior means. */
    @Test
    void aTwoDimensionalLatentAddsTheManifoldAndTheLatentScatter(@TempDir Path dir) {
        Path out = dir.resolve("vae2d");
        Cli.run(fast(out, "--epochs", "1", "--latent", "2", "--train-limit", "500")).ok();
        Cli.png(out.resolve("manifold.png"), 602, 602);
        Cli.png(out.resolve("latent.png"), 400, 300);
        assertThat(Cli.metrics(out).getDouble("active_units")).isBetween(0.0, 2.0);
    }

    /** The Gaussian decoder with every option of the objective: runs, and records what it ran with. */
    @Test
    void theGaussianDecoderWithBetaWarmUpFreeBitsAndClamp(@TempDir Path dir) {
        Path out = dir.resolve("gauss");
        Cli.run(fast(out, "--epochs", "1", "--train-limit", "500", "--decoder", "gaussian", "--sigma2", "0.05", "--beta", "0.5",
                "--warmup", "0.5", "--free-bits", "0.1", "--logvar-clamp", "4")).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.get("decoder")).isEqualTo("gaussian(sigma2=0.05)");
        // 500 images at batch 128: 4 steps per epoch, warm-up over half an epoch = 2 steps
        assertThat(m.getDouble("warmup_steps")).isEqualTo(2.0);
        assertThat(m.getDouble("free_bits")).isEqualTo(0.1);
    }

    /** The warm-up factor comes from the optimizer's step count, which the checkpoint holds: a resumed run is the straight one. */
    @Test
    void oneEpochThenResumeToTwoEqualsTwoEpochsDuringTheWarmUp(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        String[] opts = {"--train-limit", "500", "--warmup", "3"};
        Cli.run(fast(straight, concat(opts, "--epochs", "2"))).ok();
        Cli.run(fast(resumed, concat(opts, "--epochs", "1"))).ok();
        Cli.run(fast(resumed, concat(opts, "--epochs", "2", "--resume"))).ok();
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        assertThat(Cli.metrics(resumed).getDouble("test_iwae_nll_nats")).isEqualTo(Cli.metrics(straight).getDouble("test_iwae_nll_nats"));
        // a different warm-up is a different run: refused
        Cli.Result r = Cli.run(fast(resumed, "--train-limit", "500", "--warmup", "1", "--epochs", "3", "--resume"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("warmup");
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        String[][] bad = {{"--decoder", "poisson"}, {"--latent", "0"}, {"--beta", "-1"}, {"--warmup", "-2"}, {"--free-bits", "NaN"},
                {"--sigma2", "0"}, {"--logvar-clamp", "-1"}, {"--iwae-k", "0"}};
        for (String[] b : bad) {
            Path out = dir.resolve("bad" + b[0]);
            Cli.Result r = Cli.run(fast(out, b));
            assertThat(r.code()).as("%s %s", b[0], b[1]).isEqualTo(2);
            assertThat(r.err()).as("%s %s", b[0], b[1]).contains(b[0]).contains(b[1]).doesNotContain("Exception");
            assertThat(out).doesNotExist();
        }
    }

    static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }
}

package dev.autoencoders.examples.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plumbing of vq-vae, pixelcnn and vq-vae2 on a small slice of mnist-10k (quality is measured by hand, see docs). */
class VqCommandsTest {

    @TempDir
    static Path dir;
    static String data;

    @BeforeAll
    static void smallData() {
        data = SmallMnist.write(dir.resolve("mnist-small"), 256, 64).toString();
    }

    @Test
    void vqVaeWritesItsMetricsFiguresAndALoadableModel() {
        Path out = dir.resolve("vq");
        Cli.run("vq-vae", "--data", data, "--epochs", "1", "--codebook", "ema", "--restart", "5", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        assertThat(m.getDouble("test_recon_mse")).isBetween(0.0, 0.2);
        assertThat(m.getDouble("codebook_perplexity")).isBetween(1.0, 128.0);
        assertThat(m.getDouble("codes_used")).isBetween(1.0, 128.0);
        Cli.png(out.resolve("reconstructions.png"), 242, 62);
        Cli.png(out.resolve("code_maps.png"), 242, 92);
        Cli.png(out.resolve("codebook_usage.png"), 400, 300);
        Cli.png(out.resolve("loss.png"), 400, 300);
        VqVae back = VqVaeFile.load(out.resolve("model.safetensors"));
        assertThat(back.config.quantizer()).isEqualTo(VectorQuantizer.Config.ema(128, 16).withRestartAfter(5));

        Path prior = dir.resolve("prior");
        Cli.run("pixelcnn", "--data", data, "--vqvae", out.resolve("model.safetensors").toString(), "--epochs", "1", "--filters", "16",
                "--out", prior.toString()).ok();
        Metrics p = Cli.metrics(prior);
        assertThat(p.getDouble("uniform_nll_nats_per_code")).isEqualTo(Math.log(128));
        assertThat(p.getDouble("test_nll_nats_per_code")).isPositive();
        assertThat(p.getDouble("unigram_nll_nats_per_code")).isPositive();
        Cli.png(prior.resolve("samples.png"), 242, 242);
        Cli.png(prior.resolve("unigram_samples.png"), 242, 242);
        assertThat(prior.resolve("model.safetensors")).exists();
    }

    /** Without --vqvae the command trains a VQ-VAE first; both stages resume to the bytes of an uninterrupted run. */
    @Test
    void pixelcnnTrainsAVqVaeFirstAndResumesStageByStage() throws Exception {
        String[] common = {"pixelcnn", "--data", data, "--vqvae-epochs", "1", "--filters", "8", "--batch-size", "64"};
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Cli.run(with(common, "--epochs", "2", "--out", straight.toString())).ok();
        assertThat(straight.resolve("vqvae.safetensors")).exists();
        assertThat(straight.resolve("checkpoint-vqvae.safetensors")).exists();
        assertThat(straight.resolve("checkpoint-prior.safetensors")).exists();
        Cli.run(with(common, "--epochs", "1", "--out", resumed.toString())).ok();
        Cli.Result r = Cli.run(with(common, "--epochs", "2", "--resume", "--out", resumed.toString()));
        r.ok();
        assertThat(r.out()).contains("resumed from");
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        assertThat(Files.readAllBytes(resumed.resolve("vqvae.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("vqvae.safetensors")));
        // killed after the VQ-VAE stage: the prior stage has no checkpoint yet and starts from the beginning
        Path early = dir.resolve("early");
        Cli.run(with(common, "--epochs", "2", "--out", early.toString())).ok();
        Files.delete(early.resolve("checkpoint-prior.safetensors"));
        Files.delete(early.resolve("model.safetensors"));
        Cli.run(with(common, "--epochs", "2", "--resume", "--out", early.toString())).ok();
        assertThat(Files.readAllBytes(early.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
    }

    @Test
    void vqVae2WritesBothLevelsMetricsAndFigures() {
        Path out = dir.resolve("vq2");
        Cli.run("vq-vae2", "--data", data, "--epochs", "1", "--prior-epochs", "1", "--filters", "8", "--out", out.toString()).ok();
        Metrics m = Cli.metrics(out);
        for (String k : new String[] {"test_recon_mse", "top_prior_nll_nats_per_code", "bottom_prior_nll_nats_per_code",
                "top_codebook_perplexity", "bottom_codebook_perplexity", "top_unigram_nll_nats_per_code", "bottom_unigram_nll_nats_per_code"}) {
            assertThat(m.has(k)).as(k).isTrue();
        }
        Cli.png(out.resolve("reconstructions.png"), 242, 62);
        Cli.png(out.resolve("code_maps.png"), 242, 122);
        Cli.png(out.resolve("samples.png"), 242, 242);
        Cli.png(out.resolve("same_top_samples.png"), 242, 242);
        assertThat(out.resolve("top_prior.safetensors")).exists();
        assertThat(out.resolve("bottom_prior.safetensors")).exists();
    }

    @Test
    void badOptionsAndFilesAreUsageErrorsNamingTheValue() throws Exception {
        Path out = dir.resolve("bad");
        Cli.Result missing = Cli.run("pixelcnn", "--data", data, "--vqvae", dir.resolve("nothing.safetensors").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing.safetensors").doesNotContain("Exception");

        Path notVq = dir.resolve("not-a-vqvae.safetensors");
        Files.write(notVq, new byte[] {1, 2, 3});
        Cli.Result garbage = Cli.run("pixelcnn", "--data", data, "--vqvae", notVq.toString(), "--out", out.toString());
        assertThat(garbage.code()).isEqualTo(2);
        assertThat(garbage.err()).contains("not-a-vqvae.safetensors");

        Path prior = dir.resolve("prior-as-vqvae.safetensors");
        dev.autoencoders.io.Safetensors.write(prior, java.util.Map.of("emb.weight", dev.autoencoders.tensor.Tensor.zeros(4, 4)));
        Cli.Result wrong = Cli.run("pixelcnn", "--data", data, "--vqvae", prior.toString(), "--out", out.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("prior-as-vqvae.safetensors").contains("codebook.weight");

        assertThat(Cli.run("vq-vae", "--codebook", "fancy").err()).contains("--codebook").contains("fancy");
        assertThat(Cli.run("vq-vae", "--restart", "-1").err()).contains("--restart").contains("-1");
        assertThat(Cli.run("vq-vae", "--decay", "1").code()).isEqualTo(2);
        assertThat(Cli.run("pixelcnn", "--temperature", "0").err()).contains("--temperature");
        assertThat(Cli.run("pixelcnn", "--filters", "7").err()).contains("--filters").contains("7");
        assertThat(Cli.run("vq-vae2", "--prior-epochs", "-2").code()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    private static String[] with(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}

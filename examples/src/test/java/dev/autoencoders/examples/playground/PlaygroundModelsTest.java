package dev.autoencoders.examples.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.examples.Cli;
import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.ConditionalVae;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models from a folder in the tour's layout ({@code --models DIR}, by default out/tour): what is there and fits is used
 * instead of training, a model of another data set is left out with a note, a file that does not fit its model stops
 * the playground with a message naming the file; and the command's own checks (exit 2).
 */
class PlaygroundModelsTest {

    private static void save(Path dir, String stage, Module model, Metrics metrics) throws IOException {
        Files.createDirectories(dir.resolve(stage));
        Safetensors.write(dir.resolve(stage).resolve("model.safetensors"), model.stateDict());
        metrics.write(dir.resolve(stage).resolve("metrics.json"));
    }

    private static Metrics trainedOn(String data) {
        return new Metrics().put("data", data);
    }

    /** The tour's folders with untrained models of the tour's shapes (what matters here is which file is used). */
    private static void tourLayout(Path dir) throws IOException {
        save(dir, "dae", new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(1)), trainedOn("mnist-10k").put("corruption", "masking(nu=0.5)"));
        save(dir, "ae", new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(2)), trainedOn("mnist-10k"));
        save(dir, "cvae", new ConditionalVae(ConditionalVae.Config.mnist(ConditionalVae.Variant.PRIOR_MEAN, 20), new Rng(3)),
                trainedOn("mnist-10k").put("variant", "prior-mean").put("latent", 20));
        VqVae vq = new VqVae(VqVae.Config.mnist(VectorQuantizer.Config.ema(128, 16).withRestartAfter(20)), new Rng(4));
        Files.createDirectories(dir.resolve("vq-vae"));
        VqVaeFile.save(dir.resolve("vq-vae").resolve("model.safetensors"), vq);
        trainedOn("mnist-10k").write(dir.resolve("vq-vae").resolve("metrics.json"));
        save(dir, "pixelcnn", new PixelCnn(PixelCnn.Config.twin(128).withFilters(8), new Rng(5)), trainedOn("mnist-10k"));
    }

    @Test
    void modelsInTheToursLayoutAreUsedAndOnlyTheMissingConcatCvaeIsTrained(@TempDir Path dir) throws IOException {
        tourLayout(dir);
        try (TinyPlayground p = new TinyPlayground(0, false, dir)) {
            assertThat(p.playground.trainedAtStart()).containsExactly("cvae concat");
            assertThat(p.playground.notes).isEmpty();
            // without any training, the loaded models answer
            JsonNode d = p.ok("api/denoise?index=0&noise=salt&level=0.2&seed=1");
            assertThat(d.get("source").asText()).startsWith("loaded: ").contains("dae").contains("masking(nu=0.5)");
            assertThat(p.ok("api/vq/image?index=0").get("source").asText()).startsWith("loaded: ").contains("vq-vae");
            TinyPlayground.png(p.ok("api/cvae/decode?variant=prior-mean&label=4&z1=1&z2=1").get("image").asText());
            assertThat(p.get("api/cvae/decode?variant=concat&label=4&z1=1&z2=1").status()).as("concat is not in the folder").isEqualTo(400);
            JsonNode status = p.ok("api/status");
            assertThat(status.get("models").get("pixelcnn").asText()).startsWith("loaded: ");
            assertThat(status.get("models").get("cvae").get("prior-mean").get("latent").asInt()).isEqualTo(20);
            // the prior read off its shapes: 8 filters, as saved
            assertThat(p.playground.vq.prior().config).isEqualTo(PixelCnn.Config.twin(128).withFilters(8));
        }
    }

    @Test
    void aModelOfAnotherDataSetIsLeftOutWithANote(@TempDir Path dir) throws IOException {
        tourLayout(dir);
        trainedOn("fashion-mnist-10k").write(dir.resolve("ae").resolve("metrics.json"));
        try (TinyPlayground p = new TinyPlayground(0, false, dir)) {
            assertThat(p.playground.trainedAtStart()).containsExactly("dae+ae", "cvae concat");
            assertThat(p.playground.notes).contains(dir.resolve("ae").resolve("model.safetensors").toString())
                    .contains("was trained on fashion-mnist-10k, not mnist-10k: not used");
        }
    }

    @Test
    void aFileThatDoesNotFitItsModelStopsThePlaygroundNamingTheFile(@TempDir Path dir) throws IOException {
        tourLayout(dir);
        AutoEncoder narrow = new AutoEncoder(new AutoEncoder.Config(new int[] {784, 128, 32}, Activation.Kind.RELU,
                Activation.Kind.IDENTITY, Activation.Kind.SIGMOID, false), new Rng(0));
        save(dir, "dae", narrow, trainedOn("mnist-10k"));
        Path file = dir.resolve("dae").resolve("model.safetensors");
        assertThatThrownBy(() -> new Playground(new Playground.Config("mnist-10k", 0, TinyPlayground.TINY, dir, false)))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining(file.toString()).hasMessageContaining("encoder.0.weight");
        // a prior over another number of codes than the VQ-VAE beside it
        tourLayout(dir);
        save(dir, "pixelcnn", new PixelCnn(PixelCnn.Config.twin(64).withFilters(8), new Rng(5)), trainedOn("mnist-10k"));
        assertThatThrownBy(() -> new Playground(new Playground.Config("mnist-10k", 0, TinyPlayground.TINY, dir, false)))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("a prior over 64 codes, but the VQ-VAE beside it has K = 128");
    }

    @Test
    void theCommandChecksItsOptionsBeforeStarting(@TempDir Path dir) throws IOException {
        Cli.Result port = Cli.run("playground", "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).startsWith("autoencoders playground: Invalid value for option '--port': 70000 must be in [0, 65535]");
        Cli.Result models = Cli.run("playground", "--models", dir.resolve("none").toString());
        assertThat(models.code()).isEqualTo(2);
        assertThat(models.err()).isEqualTo("autoencoders playground: Invalid value for option '--models': " + dir.resolve("none")
                + " is not a folder (see 'autoencoders playground --help')\n");
        // a port in use: refused with a message, before any training starts
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Cli.Result busy = Cli.run("playground", "--port", Integer.toString(taken.getLocalPort()), "--models", dir.toString());
            assertThat(busy.code()).isEqualTo(2);
            assertThat(busy.err()).startsWith("error: --port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another, or 0 for a free one").doesNotContain("\tat ");
        }
        assertThat(List.of(port.out(), models.out())).allMatch(String::isEmpty);
    }
}

package dev.autoencoders.examples.vq;

import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.UnigramPrior;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders pixelcnn}: the PixelCNN prior over the 7x7 code maps of a VQ-VAE, and generation from it. */
@Command(name = "pixelcnn", description = {
    "PixelCNN prior over a VQ-VAE's 7x7 code maps, and images generated from it.",
    "The twin: 128 filters, 7x7 mask-A conv, 2 residual blocks, 975,872 parameters, trained by cross-entropy over",
    "the K codes; --vqvae PATH uses a saved VQ-VAE (model.safetensors of",
    "vq-vae), otherwise one is trained first (plain codebook, batch 64, --vqvae-epochs). Writes test_nll_nats_per_code,",
    "unigram_nll_nats_per_code, uniform_nll_nats_per_code, samples.png (64 images from codes sampled in raster order),",
    "unigram_samples.png (64 images from independently drawn codes), loss.png and model.safetensors (the prior)."})
public final class PixelCnnCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    Path vqvaePath;

    @Option(names = "--vqvae", paramLabel = "PATH", description = "a VQ-VAE saved by vq-vae (its model.safetensors); default: train one first")
    void setVqvae(Path file) {
        if (!Files.isRegularFile(file)) throw OptionChecks.invalid(spec, "--vqvae", file, "is not a file (give the model.safetensors a vq-vae run wrote)");
        vqvaePath = file;
    }

    int vqvaeEpochs;

    @Option(names = "--vqvae-epochs", paramLabel = "N", defaultValue = "10", description = "epochs of the VQ-VAE trained first without --vqvae (default: ${DEFAULT-VALUE})")
    void setVqvaeEpochs(int n) {
        vqvaeEpochs = OptionChecks.atLeast(spec, "--vqvae-epochs", n, 0);
    }

    double temperature;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "sampling temperature: p ~ exp(logits / T) (default: ${DEFAULT-VALUE})")
    void setTemperature(double t) {
        temperature = OptionChecks.positive(spec, "--temperature", t);
    }

    int filters;

    @Option(names = "--filters", paramLabel = "F", defaultValue = "128", description = "channels of the PixelCNN's layers, even (default: ${DEFAULT-VALUE}, the twin)")
    void setFilters(int f) {
        filters = evenFilters(spec, f);
    }

    /** A PixelCNN's channel count: even (its residual blocks halve it) and at least 2. */
    static int evenFilters(CommandSpec spec, int f) {
        if (OptionChecks.atLeast(spec, "--filters", f, 2) % 2 != 0) throw OptionChecks.invalid(spec, "--filters", f, "must be even");
        return f;
    }

    /**
     * Refuses {@code --filters} that the heap cannot hold: a PixelCNN of F channels has about 60 F^2 + 2 F K
     * parameters (975,872 for the twin's 128), and keeps about 10 maps of F x h x w per image of a batch.
     */
    static void checkMemory(Run run, int filters, int codes, int batch, int positions) {
        double f = filters;
        run.requireMemory("--filters", filters, 60 * f * f + 2 * f * codes, batch, 10 * f * positions);
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 128, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images (N, 1, 28, 28), pixels in [0, 1]
        Splits data = run.data(1, 28, 28);
        Tensor train = data.train().images();
        Tensor test = data.test().images();

        // 2. The VQ-VAE: loaded (names, shapes and values checked), or trained first as its own stage
        VqVae loaded = vqvaePath != null ? load(vqvaePath) : null;
        int k = loaded != null ? loaded.codebook.config.codes() : 128;
        checkMemory(run, filters, k, run.batch(), 49);
        VqVae vq = loaded != null ? loaded : trainVqVae(run, train, data.train().size());

        // 3. The code maps of both sets: (N, 7, 7) codes each, row-major
        int[] trainCodes = CodeMaps.codes(train, x -> new int[][] {vq.codes(x)})[0];
        int[] testCodes = CodeMaps.codes(test, x -> new int[][] {vq.codes(x)})[0];

        // 4. Train the prior: minimise -(1/49) sum_i log p(k_i | k_<i), the cross-entropy of the logits with the codes
        PixelCnn prior = new PixelCnn(PixelCnn.Config.twin(k).withFilters(filters), run.rng());
        Adam adam = new Adam(prior.parameters(), run.options().lr());
        Run.Stage stage = run.mainStage("prior");
        run.fit(stage, prior, adam, data.train().size(), Map.of("filters", Integer.toString(filters), "vqvae", source()), "prior nll", (batch, noise) ->
                prior.loss(CodeMaps.select(trainCodes, batch, 49), batch.length, 7, 7));

        // 5. Evaluate: NLL per code of the test codes under the PixelCNN, the unigram and the uniform prior
        double nll = CodeMaps.mean(test.dim(0), (start, end) -> prior.loss(Arrays.copyOfRange(testCodes, start * 49, end * 49), end - start, 7, 7).item());
        UnigramPrior unigram = new UnigramPrior(trainCodes, k);
        run.metrics().put("test_nll_nats_per_code", nll)
                .put("unigram_nll_nats_per_code", unigram.nll(testCodes))
                .put("uniform_nll_nats_per_code", Math.log(k));
        run.log("test NLL per code: PixelCNN %.4f, unigram %.4f, uniform %.4f nats", nll, unigram.nll(testCodes), Math.log(k));

        // 6. Generate: 64 code maps sampled in raster order -> codebook -> decoder; and for contrast 64 maps of
        //    independently drawn codes
        Rng sampling = run.rng().fork();
        try (GradMode.Scope s = GradMode.off()) {
            int[] sampled = prior.sample(64, 7, 7, temperature, sampling);
            run.saveGrid("samples.png", vq.decodeCodes(sampled, 64, 7, 7).clamp(0, 1));
            int[] independent = unigram.sample(64 * 49, sampling);
            run.saveGrid("unigram_samples.png", vq.decodeCodes(independent, 64, 7, 7).clamp(0, 1));
            run.saveGrid("sampled_code_maps.png", VqFigures.colour(Arrays.copyOf(sampled, 16 * 49), 16, 7, 7, 4));
        }
        run.saveLossPlot("NLL (nats per code)");
        run.saveModel(prior);
        run.writeMetrics();
    }

    private String source() {
        return vqvaePath != null ? vqvaePath.toAbsolutePath().normalize().toString() : "trained:" + vqvaeEpochs;
    }

    private VqVae load(Path file) {
        try {
            return VqVaeFile.load(file);
        } catch (MalformedFileException e) {
            throw OptionChecks.invalid(spec, "--vqvae", file, "is not a VQ-VAE that vq-vae wrote: " + e.fault());
        }
    }

    /** Trains the twin VQ-VAE (plain codebook, batch 64) as the stage "vqvae" and saves it as vqvae.safetensors. */
    private VqVae trainVqVae(Run run, Tensor train, int n) {
        VqVae vq = new VqVae(VqVae.Config.mnist(VectorQuantizer.Config.plain(128, 16)), run.rng());
        Adam adam = new Adam(vq.parameters(), run.options().lr());
        run.fit(new Run.Stage("vqvae", vqvaeEpochs, 64), vq, adam, n, Map.of("codebook", "plain"), "vq-vae loss", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            VqVae.Output out = vq.forward(x);
            vq.codebook.update(out.quantization(), noise);
            return vq.loss(out, x);
        });
        run.requireFinite(vq, "vqvae.safetensors");
        VqVaeFile.save(run.file("vqvae.safetensors"), vq);
        return vq;
    }
}

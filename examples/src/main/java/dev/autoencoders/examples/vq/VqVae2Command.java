package dev.autoencoders.examples.vq;

import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vq.CodeUsage;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.UnigramPrior;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae2;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders vq-vae2}: the two-level VQ-VAE (4x4 top codes, 7x7 bottom codes) and its two priors. */
@Command(name = "vq-vae2", description = {
    "VQ-VAE-2: a 4x4 top code map and a 7x7 bottom map conditioned on it, with a prior for each.",
    "For 28x28 images: top codes for the global shape, bottom codes for detail, K = 128 codes of 16 dims on each",
    "level; then a PixelCNN prior over the top codes and one over the bottom codes",
    "conditioned on the top. Writes test_recon_mse, the perplexities, top/bottom prior NLL per code (with unigram and",
    "uniform for reference), reconstructions.png, code_maps.png, samples.png, same_top_samples.png, loss.png,",
    "model.safetensors, top_prior.safetensors, bottom_prior.safetensors."})
public final class VqVae2Command extends TrainCommand {

    private static final int K = 128, T = VqVae2.TOP * VqVae2.TOP, B = VqVae2.BOTTOM * VqVae2.BOTTOM;

    @Spec
    CommandSpec spec;

    @Option(names = "--codebook", paramLabel = "plain|ema", defaultValue = "ema",
            description = "how both codebooks learn: plain (codebook loss) or ema (moving averages, decay 0.99) (default: ${DEFAULT-VALUE})")
    VqVaeCommand.Codebook codebook;

    int restart;

    @Option(names = "--restart", paramLabel = "N", defaultValue = "20",
            description = "re-seed a code unused for N consecutive steps from the batch's encoder outputs; 0: never (default: ${DEFAULT-VALUE})")
    void setRestart(int n) {
        restart = OptionChecks.atLeast(spec, "--restart", n, 0);
    }

    int priorEpochs;

    @Option(names = "--prior-epochs", paramLabel = "N", defaultValue = "10", description = "epochs of each prior (default: ${DEFAULT-VALUE})")
    void setPriorEpochs(int n) {
        priorEpochs = OptionChecks.atLeast(spec, "--prior-epochs", n, 0);
    }

    int priorBatch;

    @Option(names = "--prior-batch-size", paramLabel = "B", defaultValue = "128", description = "code maps per step of the priors (default: ${DEFAULT-VALUE})")
    void setPriorBatch(int b) {
        priorBatch = OptionChecks.atLeast(spec, "--prior-batch-size", b, 1);
    }

    int filters;

    @Option(names = "--filters", paramLabel = "F", defaultValue = "64", description = "channels of both priors' layers, even (default: ${DEFAULT-VALUE})")
    void setFilters(int f) {
        filters = PixelCnnCommand.evenFilters(spec, f);
    }

    double temperature;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "sampling temperature of both priors (default: ${DEFAULT-VALUE})")
    void setTemperature(double t) {
        temperature = OptionChecks.positive(spec, "--temperature", t);
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 64, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images (N, 1, 28, 28), pixels in [0, 1]
        Splits data = run.data(1, 28, 28);
        Tensor train = data.train().images();
        Tensor test = data.test().images();
        int n = data.train().size();
        // the two priors, each over at most 7 x 7 codes
        PixelCnnCommand.checkMemory(run, filters, 2 * K, Math.min(priorBatch, n), 2 * B);

        // 2. The two-level VQ-VAE: L = ||x - x'||^2 + L_vq(top) + L_vq(bottom), codebook maintenance after each step
        VectorQuantizer.Config q = (codebook == VqVaeCommand.Codebook.ema ? VectorQuantizer.Config.ema(K, 16) : VectorQuantizer.Config.plain(K, 16)).withRestartAfter(restart);
        VqVae2 vq = new VqVae2(VqVae2.Config.mnist(q), run.rng());
        Adam adam = new Adam(vq.parameters(), run.options().lr());
        Map<String, String> settings = Map.of("codebook", codebook.name(), "restart", Integer.toString(restart));
        run.fit(run.mainStage("vqvae2"), vq, adam, n, settings, "vq-vae-2 loss", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            VqVae2.Output out = vq.forward(x);
            vq.update(out, noise);
            return vq.loss(out, x);
        });

        // 3. Code maps of both sets: top (N, 4, 4) and bottom (N, 7, 7)
        int[][] trainCodes = CodeMaps.codes(train, x -> levels(vq, x)), testCodes = CodeMaps.codes(test, x -> levels(vq, x));
        int[] trainTop = trainCodes[0], trainBottom = trainCodes[1], testTop = testCodes[0], testBottom = testCodes[1];

        // 4. The priors: p(top) by a PixelCNN over the 4x4 map (5x5 type-A kernel), p(bottom | top) by a PixelCNN over
        //    the 7x7 map that adds the upsampled top codes after its first layer
        Map<String, String> priorSettings = Map.of("filters", Integer.toString(filters), "codebook", codebook.name(), "restart", Integer.toString(restart));
        PixelCnn topPrior = new PixelCnn(new PixelCnn.Config(K, filters, 5, 2, 2, 0), run.rng());
        Adam topAdam = new Adam(topPrior.parameters(), run.options().lr());
        run.fit(new Run.Stage("top-prior", priorEpochs, priorBatch), topPrior, topAdam, n, priorSettings, "top prior nll", (batch, noise) ->
                topPrior.loss(CodeMaps.select(trainTop, batch, T), batch.length, VqVae2.TOP, VqVae2.TOP));
        PixelCnn bottomPrior = new PixelCnn(new PixelCnn.Config(K, filters, 7, 2, 2, K), run.rng());
        Adam bottomAdam = new Adam(bottomPrior.parameters(), run.options().lr());
        run.fit(new Run.Stage("bottom-prior", priorEpochs, priorBatch), bottomPrior, bottomAdam, n, priorSettings, "bottom prior nll", (batch, noise) ->
                bottomPrior.loss(CodeMaps.select(trainBottom, batch, B), batch.length, VqVae2.BOTTOM, VqVae2.BOTTOM, CodeMaps.select(trainTop, batch, T)));

        // 5. Evaluate on the test set: reconstruction, code usage, NLL per code of both priors (and the baselines)
        int nt = test.dim(0);
        double mse = CodeMaps.mean(nt, (s, e) -> {
            Tensor x = test.slice(0, s, e);
            return Losses.mse(vq.forward(x).reconstruction(), x, Reduction.MEAN).item();
        });
        double topNll = CodeMaps.mean(nt, (s, e) -> topPrior.loss(Arrays.copyOfRange(testTop, s * T, e * T), e - s, VqVae2.TOP, VqVae2.TOP).item());
        double bottomNll = CodeMaps.mean(nt, (s, e) -> bottomPrior.loss(Arrays.copyOfRange(testBottom, s * B, e * B), e - s, VqVae2.BOTTOM, VqVae2.BOTTOM,
                Arrays.copyOfRange(testTop, s * T, e * T)).item());
        long[] topCounts = CodeUsage.counts(testTop, K), bottomCounts = CodeUsage.counts(testBottom, K);
        run.metrics().put("test_recon_mse", mse)
                .put("top_codebook_perplexity", CodeUsage.perplexity(topCounts)).put("top_codes_used", CodeUsage.used(topCounts))
                .put("bottom_codebook_perplexity", CodeUsage.perplexity(bottomCounts)).put("bottom_codes_used", CodeUsage.used(bottomCounts))
                .put("top_prior_nll_nats_per_code", topNll)
                .put("top_unigram_nll_nats_per_code", new UnigramPrior(trainTop, K).nll(testTop))
                .put("bottom_prior_nll_nats_per_code", bottomNll)
                .put("bottom_unigram_nll_nats_per_code", new UnigramPrior(trainBottom, K).nll(testBottom))
                .put("uniform_nll_nats_per_code", Math.log(K));
        run.log("test reconstruction mse %.5f; prior NLL per code: top %.4f, bottom %.4f nats (uniform %.4f)", mse, topNll, bottomNll, Math.log(K));

        // 6. Figures: reconstructions with both code maps; samples (top codes, then bottom codes given them, decoded);
        //    8 top maps with 8 bottom samples each (what the top level fixes, what the bottom level varies)
        Rng sampling = run.rng().fork();
        try (GradMode.Scope s = GradMode.off()) {
            Tensor x = test.slice(0, 0, 8);
            VqVae2.Output out = vq.forward(x);
            run.saveGrid("reconstructions.png", Reshaping.concat(0, x, out.reconstruction()));
            run.saveGrid("code_maps.png", Reshaping.concat(0, VqFigures.rgb(x), VqFigures.colour(out.top().codes(), 8, 4, 4, 7),
                    VqFigures.colour(out.bottom().codes(), 8, 7, 7, 4), VqFigures.rgb(out.reconstruction().clamp(0, 1))));
            int[] top = topPrior.sample(64, VqVae2.TOP, VqVae2.TOP, temperature, sampling);
            int[] bottom = bottomPrior.sample(64, VqVae2.BOTTOM, VqVae2.BOTTOM, temperature, sampling, top);
            run.saveGrid("samples.png", vq.decodeCodes(top, bottom, 64).clamp(0, 1));
            int[] top8 = new int[64 * T];
            for (int i = 0; i < 64; i++) System.arraycopy(top, (i / 8) * T, top8, i * T, T);
            int[] bottom8 = bottomPrior.sample(64, VqVae2.BOTTOM, VqVae2.BOTTOM, temperature, sampling, top8);
            run.saveGrid("same_top_samples.png", vq.decodeCodes(top8, bottom8, 64).clamp(0, 1));
        }
        run.saveLossPlot("loss");
        run.saveModel(vq);
        run.saveModel(topPrior, "top_prior.safetensors");
        run.saveModel(bottomPrior, "bottom_prior.safetensors");
        run.writeMetrics();
    }

    /** Both code maps of images {@code x}: top (N*4*4) and bottom (N*7*7). */
    private static int[][] levels(VqVae2 vq, Tensor x) {
        VqVae2.Output out = vq.forward(x);
        return new int[][] {out.top().codes(), out.bottom().codes()};
    }
}

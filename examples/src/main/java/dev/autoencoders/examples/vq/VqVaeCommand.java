package dev.autoencoders.examples.vq;

import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vq.CodeUsage;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders vq-vae}: the VQ-VAE twin (28x28 -> 7x7 codes of 16 dims, K = 128) on pixels in [0, 1]. */
@Command(name = "vq-vae", description = {
    "VQ-VAE: 28x28 images to 7x7 maps of K = 128 codes, with the straight-through estimator.",
    "Conv encoder to 7x7x16, nearest codebook vector, conv decoder; loss ||x - x'||^2 + ||sg[z_e] - e||^2",
    "+ 0.25 ||z_e - sg[e]||^2, Adam. Writes test_recon_mse, codebook_perplexity, codes_used, reconstructions.png,",
    "code_maps.png, codebook_usage.png, loss.png and model.safetensors (the input of pixelcnn --vqvae)."})
public final class VqVaeCommand extends TrainCommand {

    /** How the codebook learns. */
    enum Codebook { plain, ema }

    @Spec
    CommandSpec spec;

    @Option(names = "--codebook", paramLabel = "plain|ema", defaultValue = "plain",
            description = "plain: the codebook loss trains the codes; ema: exponential moving averages (decay --decay) (default: ${DEFAULT-VALUE})")
    Codebook codebook;

    int restart;

    @Option(names = "--restart", paramLabel = "N", arity = "0..1", fallbackValue = "" + DEFAULT_RESTART, defaultValue = "0",
            description = "re-seed a code unused for N consecutive steps from a random encoder output of the batch "
                    + "(--restart alone: N = " + DEFAULT_RESTART + "; default: off)")
    void setRestart(int n) {
        restart = OptionChecks.atLeast(spec, "--restart", n, 0);
    }

    /** Idle steps before a restart when {@code --restart} has no value. */
    static final int DEFAULT_RESTART = 20;

    double beta;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "0.25", description = "weight of the commitment loss (default: ${DEFAULT-VALUE})")
    void setBeta(double b) {
        beta = OptionChecks.nonNegative(spec, "--beta", b);
    }

    double decay;

    @Option(names = "--decay", paramLabel = "G", defaultValue = "0.99", description = "EMA decay of --codebook ema, in [0, 1) (default: ${DEFAULT-VALUE})")
    void setDecay(double g) {
        decay = OptionChecks.within(spec, "--decay", g, 0, true, 1, false);
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 64, 1e-3);
    }

    /** The quantizer the options describe (K = 128, D = 16). */
    VectorQuantizer.Config quantizer() {
        VectorQuantizer.Config q = codebook == Codebook.ema ? VectorQuantizer.Config.ema(128, 16) : VectorQuantizer.Config.plain(128, 16);
        return q.withBeta(beta).withDecay(decay).withRestartAfter(restart);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images (N, 1, 28, 28), pixels in [0, 1]
        Splits data = run.data(1, 28, 28);
        Tensor train = data.train().images();
        Tensor test = data.test().images();

        // 2. Model and optimizer (with EMA the codebook is a buffer, not among the parameters)
        VqVae vq = new VqVae(VqVae.Config.mnist(quantizer()), run.rng());
        Adam adam = new Adam(vq.parameters(), run.options().lr());

        // 3. Train: L = ||x - dec(z_e + sg[z_q - z_e])||^2 + ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2,
        //    then the codebook maintenance of the step (EMA update, dead-code restarts)
        run.fit(vq, adam, data.train().size(), settings(), "loss", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            VqVae.Output out = vq.forward(x);
            vq.codebook.update(out.quantization(), noise);
            return vq.loss(out, x);
        });

        // 4. Evaluate on the test set, without recording a graph: reconstruction error and code usage
        double mse = CodeMaps.mean(test.dim(0), (start, end) -> {
            Tensor x = test.slice(0, start, end);
            return Losses.mse(vq.forward(x).reconstruction(), x, Reduction.MEAN).item();
        });
        int[] codes = CodeMaps.codes(test, x -> new int[][] {vq.codes(x)})[0];
        long[] counts = CodeUsage.counts(codes, 128);
        run.metrics().put("test_recon_mse", mse)
                .put("codebook_perplexity", CodeUsage.perplexity(counts))
                .put("codes_used", CodeUsage.used(counts));
        run.log("test reconstruction mse %.5f, codebook perplexity %.2f, codes used %d of 128", mse, CodeUsage.perplexity(counts), CodeUsage.used(counts));

        // 5. Figures: test images over reconstructions, their code maps, the codebook usage
        try (GradMode.Scope s = GradMode.off()) {
            Tensor x = test.slice(0, 0, 8);
            Tensor recon = vq.forward(x).reconstruction();
            run.saveGrid("reconstructions.png", Reshaping.concat(0, x, recon));
            int[] maps = vq.codes(x);
            run.saveGrid("code_maps.png", Reshaping.concat(0, VqFigures.rgb(x), VqFigures.colour(maps, 8, 7, 7, 4), VqFigures.rgb(recon.clamp(0, 1))));
        }
        VqFigures.usageHistogram(run.file("codebook_usage.png"), "vq-vae (" + codebook + (restart > 0 ? ", restart " + restart : "")
                + "): codebook usage on the test set, perplexity " + String.format("%.1f", CodeUsage.perplexity(counts)), counts);
        run.saveLossPlot("loss");
        run.requireFinite(vq, "model.safetensors");
        VqVaeFile.save(run.file("model.safetensors"), vq);
        run.writeMetrics();
    }

    private Map<String, String> settings() {
        return Map.of("codebook", codebook.name(), "restart", Integer.toString(restart), "beta", Double.toString(beta), "decay", Double.toString(decay));
    }
}

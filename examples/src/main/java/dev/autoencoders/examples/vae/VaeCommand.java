package dev.autoencoders.examples.vae;

import dev.autoencoders.data.ClassNames;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.plot.ScatterPlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.GaussianLikelihood;
import dev.autoencoders.vae.LatentDiagnostics;
import dev.autoencoders.vae.Likelihood;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders vae}: the VAE of pytorch/examples, 784-400-L, trained on the ELBO. */
@Command(name = "vae", description = {
    "A variational autoencoder 784-400-L (pytorch/examples): encoder",
    "x -> (mu, log sigma^2), z = mu + sigma * eps, decoder z -> p(x|z)",
    "(Bernoulli on the gray levels, or Gaussian with a fixed --sigma2), prior",
    "N(0, I); Adam on the negative ELBO, optionally with --beta, a linear KL",
    "--warmup, --free-bits and a --logvar-clamp. Losses are nats per image",
    "(summed over pixels and latent dimensions, averaged over images).",
    "Writes test_neg_elbo_nats, its terms test_reconstruction_nats and",
    "test_kl_nats, test_iwae_nll_nats (the IWAE bound with --iwae-k samples),",
    "active_units (Cov_x(E_q[z_j]) > 0.01); reconstructions.png (test images",
    "over reconstructions), samples.png (64 prior samples), interpolation.png,",
    "kl_per_dimension.png, loss.png, and for a 2-d latent manifold.png (the",
    "decoded latent plane) and latent.png (test posterior means by label)."})
public final class VaeCommand extends TrainCommand {

    enum Decoder { bernoulli, gaussian }

    @Option(names = "--decoder", paramLabel = "KIND", defaultValue = "bernoulli",
            description = "p(x|z): bernoulli (BCE on gray levels) or gaussian (fixed --sigma2) (default: ${DEFAULT-VALUE})")
    Decoder decoder;

    @Spec
    CommandSpec spec;

    private double sigma2;
    private int latent;
    private double beta;
    private double warmup;
    private double freeBits;
    private double logvarClamp;
    private int iwaeK;

    @Option(names = "--sigma2", paramLabel = "V", defaultValue = "0.01",
            description = "variance sigma^2 of the Gaussian decoder, > 0 (default: ${DEFAULT-VALUE})")
    void setSigma2(double value) {
        sigma2 = OptionChecks.positive(spec, "--sigma2", value);
    }

    @Option(names = "--latent", paramLabel = "L", defaultValue = "20", description = "latent dimensions, >= 1 (default: ${DEFAULT-VALUE})")
    void setLatent(int value) {
        latent = OptionChecks.atLeast(spec, "--latent", value, 1);
    }

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1", description = "weight of the KL term, >= 0 (default: ${DEFAULT-VALUE})")
    void setBeta(double value) {
        beta = OptionChecks.nonNegative(spec, "--beta", value);
    }

    @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "0",
            description = "linear KL warm-up: the KL weight rises from 0 to beta over this many epochs, >= 0 (default: ${DEFAULT-VALUE})")
    void setWarmup(double value) {
        warmup = OptionChecks.nonNegative(spec, "--warmup", value);
    }

    @Option(names = "--free-bits", paramLabel = "NATS", defaultValue = "0",
            description = "free bits: minimum KL per latent dimension (batch mean), >= 0; 0 = off (default: ${DEFAULT-VALUE})")
    void setFreeBits(double value) {
        freeBits = OptionChecks.nonNegative(spec, "--free-bits", value);
    }

    @Option(names = "--logvar-clamp", paramLabel = "B", defaultValue = "0",
            description = "clamp log sigma^2 to [-B, B], > 0; 0 = no clamp (default: ${DEFAULT-VALUE})")
    void setLogvarClamp(double value) {
        // 0 means no clamp, and an infinite bound clamps nothing either
        logvarClamp = value == Double.POSITIVE_INFINITY ? value : OptionChecks.nonNegative(spec, "--logvar-clamp", value);
    }

    @Option(names = "--iwae-k", paramLabel = "K", defaultValue = "100",
            description = "importance samples per test image for the IWAE log-likelihood bound, >= 1 (default: ${DEFAULT-VALUE})")
    void setIwaeK(int value) {
        iwaeK = OptionChecks.atLeast(spec, "--iwae-k", value, 1);
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 128, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images flattened to (N, 784), gray levels in [0, 1] (not binarized)
        Splits data = run.data();
        Tensor train = data.train().flat();
        Tensor test = data.test().flat();
        if (data.test().size() < 2) {
            boolean limited = run.options().testLimit() < 2;
            throw OptionChecks.invalid(spec, limited ? "--test-limit" : "--data", limited ? (Object) run.options().testLimit() : run.options().data(),
                    "leaves " + data.test().size() + " test image; vae needs at least 2 (active units, interpolation)");
        }
        checkMemory(run, train.dim(1), test.dim(0));

        // 2. Model, objective (KL warm-up given in epochs, counted in optimizer steps) and optimizer
        Likelihood likelihood = decoder == Decoder.gaussian ? new GaussianLikelihood(sigma2) : new BernoulliLikelihood();
        double bound = logvarClamp == 0 ? Double.POSITIVE_INFINITY : logvarClamp;
        Vae vae = new Vae(new Vae.Config(train.dim(1), 400, latent, likelihood, bound), run.rng());
        int stepsPerEpoch = (data.train().size() + run.options().batchSize() - 1) / run.options().batchSize();
        Objective objective = new Objective(beta, Math.round(warmup * stepsPerEpoch), freeBits);
        Adam adam = new Adam(vae.parameters(), run.options().lr());
        run.metrics().put("decoder", likelihood.describe()).put("latent", latent).put("beta", beta).put("warmup_epochs", warmup)
                .put("warmup_steps", objective.warmupSteps()).put("free_bits", freeBits).put("logvar_clamp", logvarClamp);

        // 3. Train: minimise -log p(x|z) + beta w(t) KL per image, t = the optimizer's step count (so --resume continues the warm-up)
        run.fit(vae, adam, data.train().size(), settings(likelihood), "loss", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return objective.loss(vae.elbo(x, noise), adam.steps());
        });

        // 4. Evaluate on the test set without a graph: the ELBO and its terms (one z per image), the IWAE bound, diagnostics
        Rng eval = run.rng().fork();
        try (GradMode.Scope s = GradMode.off()) {
            Elbo elbo = vae.elbo(test, eval);
            double negElbo = elbo.negElbo().item(), kl = elbo.klNats().item(), recon = elbo.reconstructionNats().item();
            double iwaeNll = -vae.iwae(test, iwaeK, eval).mean().item();
            DiagonalGaussian q = vae.encode(test);
            int active = LatentDiagnostics.activeUnits(q.mu());
            run.metrics().put("test_neg_elbo_nats", negElbo).put("test_reconstruction_nats", recon).put("test_kl_nats", kl)
                    .put("test_iwae_nll_nats", iwaeNll).put("iwae_k", iwaeK).put("active_units", active);
            run.log("test: -ELBO %.2f nats/image (reconstruction %.2f + KL %.2f), IWAE-%d NLL %.2f nats, %d of %d units active",
                    negElbo, recon, kl, iwaeK, iwaeNll, active, latent);

            // 5. Figures: test images over their reconstructions; 64 decoded prior draws; the KL of each latent dimension
            Tensor originals = test.slice(0, 0, 8);
            run.saveGrid("reconstructions.png", images(Reshaping.concat(0, originals, vae.reconstruct(originals)), data));
            run.saveGrid("samples.png", images(vae.sample(64, eval), data));
            Tensor klDim = LatentDiagnostics.klPerDimension(q.mu(), q.logvar());
            new LinePlot("vae: KL per latent dimension (test mean)", "latent dimension", "KL (nats)")
                    .series("KL", klDim.data()).save(run.file("kl_per_dimension.png"));

            // 6. Interpolation between the posterior means of the first two test digits of different classes
            int a = 0, b = 1;
            while (b < data.test().size() - 1 && data.test().label(b) == data.test().label(a)) b++;
            Tensor line = LatentFigures.line(q.mu().slice(0, a, a + 1), q.mu().slice(0, b, b + 1), 10);
            run.saveGrid("interpolation.png", images(vae.decode(line), data), ImageGrid.Options.DEFAULT.withNrow(10));

            // 7. A 2-d latent: the decoded grid over [-2.5, 2.5]^2 and the test set's posterior means by label
            if (latent == 2) {
                run.saveGrid("manifold.png", images(vae.decode(LatentFigures.grid2d(20, 2.5)), data), ImageGrid.Options.DEFAULT.withNrow(20));
                ScatterPlot.save(run.file("latent.png"), "vae: posterior means of the test set", "z1", "z2",
                        q.mu(), data.test().labels(), ClassNames.of(run.options().data()));
            }
        }
        run.saveLossPlot("loss (nats per image)");
        run.saveModel(vae);
        run.writeMetrics();
    }

    /**
     * Refuses a latent size or an IWAE sample count that the heap cannot hold: the model 784-400-L, and
     * {@link Vae#iwae}'s chunks of at least 4096 (or K) samples through the decoder.
     */
    private void checkMemory(Run run, double d, int nTest) {
        double h = 400, l = latent;
        run.requireMemory("--latent", latent, d * h + h + 2 * (h * l + l) + l * h + h + h * d + d, Math.max(run.batch(), nTest), 2 * d + 2 * h + 3 * l);
        run.requireMemory("--iwae-k", iwaeK, 0, Math.max(4096.0, iwaeK), l + h + 2 * d);
    }

    /** The options that shape the model or the loss, compared on --resume. */
    private Map<String, String> settings(Likelihood likelihood) {
        Map<String, String> m = new TreeMap<>();
        m.put("decoder", likelihood.describe());
        m.put("latent", Integer.toString(latent));
        m.put("beta", Double.toString(beta));
        m.put("warmup", Double.toString(warmup));
        m.put("free_bits", Double.toString(freeBits));
        m.put("logvar_clamp", Double.toString(logvarClamp));
        return m;
    }

    /** Flat images (N, H*W) as (N, 1, H, W) for a grid. */
    static Tensor images(Tensor flat, Splits data) {
        return flat.reshape(flat.dim(0), 1, data.test().height(), data.test().width());
    }
}

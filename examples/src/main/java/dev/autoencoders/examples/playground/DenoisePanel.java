package dev.autoencoders.examples.playground;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.ae.Corruption;
import dev.autoencoders.ae.DenoisingAutoEncoder;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Panel 4, denoising: a test image, corrupted by the chosen noise at the chosen level, and what two autoencoders of the
 * {@code ae} command's shape (784-256-32-256-784) make of it: the denoising autoencoder, trained as the tour's
 * {@code dae} (masking noise, half the pixels), and the plain autoencoder trained on clean images. From the tour's
 * {@code dae} and {@code ae} folders, or trained at start as the {@code dae} command trains them.
 */
final class DenoisePanel {
    static final String PANEL = "denoise";
    /** The corruption the DAE trains with at start: the tour's {@code dae --noise masking --level 0.5}. */
    static final Corruption TRAINED_WITH = new Corruption.Masking(0.5);

    private final Tensor test;
    private volatile AutoEncoder dae, ae;
    private volatile String source = "";

    DenoisePanel(Tensor test) {
        this.test = test;
    }

    /** Loads both models from the tour's layout; false when either is not there. */
    boolean load(Path dir, String data, StringBuilder notes) {
        ModelFiles.Found d = ModelFiles.find(dir, "dae", data, notes), a = ModelFiles.find(dir, "ae", data, notes);
        if (d == null || a == null) return false;
        AutoEncoder loadedDae = ModelFiles.load(d.file(), new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(0)));
        AutoEncoder loadedAe = ModelFiles.load(a.file(), new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(0)));
        String corruption = d.metrics().has("corruption") ? String.valueOf(d.metrics().get("corruption")) : "?";
        dae = loadedDae;
        ae = loadedAe;
        source = "loaded: " + d.file() + " (trained with " + corruption + ") and " + a.file();
        return true;
    }

    /** Trains both at start (the {@code dae} command's step, batch 32), each model published when its job ends. */
    Job train(Jobs jobs, Tensor train, int epochs, long seed) {
        return jobs.queue(PANEL, "denoising AE and plain AE, " + epochs + " epochs", job -> {
            Rng rng = new Rng(seed);
            DenoisingAutoEncoder d = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(AutoEncoder.Config.mnist(false), TRAINED_WITH), rng);
            AutoEncoder plain = new AutoEncoder(AutoEncoder.Config.mnist(false), rng);
            Module both = new StartTraining.Pair("dae", d.net, "ae", plain);
            // L = mean (h(g(x~)) - x)^2 (DAE, fresh noise each step) + mean (h(g(x)) - x)^2 (AE)
            StartTraining.fit(job, both, rng, train.dim(0), 32, epochs, "training the DAE and the AE", (batch, noise) -> {
                Tensor x = Reshaping.indexSelect(train, batch);
                return d.loss(x, noise).add(Losses.mse(plain.forward(x), x, Reduction.MEAN));
            }, steps -> {
                dae = d.net;
                ae = plain;
                source = "trained at start with " + TRAINED_WITH.describe() + ", " + steps + " steps";
            });
            return "ready: " + source;
        });
    }

    /** The corruption the page asked for. */
    static Corruption corruption(String noise, double level) {
        return switch (noise) {
            case "masking" -> new Corruption.Masking(level);
            case "salt" -> new Corruption.SaltAndPepper(level, Corruption.SaltAndPepper.Mode.SALT);
            case "salt-pepper" -> new Corruption.SaltAndPepper(level, Corruption.SaltAndPepper.Mode.SALT_AND_PEPPER);
            case "gaussian" -> new Corruption.Gaussian(level);
            default -> throw new BadRequest("unknown noise '" + noise + "'");
        };
    }

    /** Test image {@code index} corrupted with {@code noise} drawn from {@code seed}, and both reconstructions. */
    Map<String, Object> json(int index, Corruption noise, long seed) {
        AutoEncoder d = dae, a = ae;
        if (d == null || a == null) throw new BadRequest("the denoising models are not ready yet (see the panel's progress)");
        Tensor clean = Rows.pick(test, index);
        Map<String, Object> m = new LinkedHashMap<>();
        try (GradMode.Scope g = GradMode.off()) {
            Tensor corrupted = noise.apply(clean, new Rng(seed));
            Tensor byDae = d.forward(corrupted), byAe = a.forward(corrupted);
            m.put("clean", Pictures.first(clean, 28, 28));
            m.put("corrupted", Pictures.first(corrupted, 28, 28));
            m.put("dae", Pictures.first(byDae, 28, 28));
            m.put("ae", Pictures.first(byAe, 28, 28));
            m.put("mse", Map.of("corrupted", Losses.mse(corrupted, clean, Reduction.MEAN).item(),
                    "dae", Losses.mse(byDae, clean, Reduction.MEAN).item(), "ae", Losses.mse(byAe, clean, Reduction.MEAN).item()));
        }
        m.put("noise", noise.describe());
        m.put("source", source);
        return m;
    }

    String source() {
        return source;
    }
}

package dev.autoencoders.examples.playground;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.ConditionalVae;
import dev.autoencoders.vae.ConditionalVae.Variant;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panel 3, the conditional VAE: pick a class y and move z; the decoder draws that class. Both conditioning styles of
 * the book, each with the latent size the {@code cvae} command gives it: concat (the label goes into encoder and
 * decoder, prior N(0, I), L = 2) and prior-mean (the label picks a learned prior mean mu_y, L = 20). The page moves
 * the first two coordinates of {@code z = mu_y + (z1, z2, 0, ..., 0)} (mu_y = 0 for concat).
 */
final class CvaePanel {
    static final String PANEL = "cvae";
    /** How far from the prior mean the pad reaches, in prior standard deviations. */
    static final double REACH = 4;

    private final Map<Variant, ConditionalVae> models = new EnumMap<>(Variant.class);
    private final Map<Variant, String> sources = new EnumMap<>(Variant.class);
    private final int classes;

    CvaePanel(int classes) {
        this.classes = classes;
    }

    /** The latent size the {@code cvae} command gives a variant by default. */
    static int latentOf(Variant v) {
        return v == Variant.CONCAT ? 2 : 20;
    }

    /** 784-400-L with a Bernoulli decoder, as the {@code cvae} command. */
    private ConditionalVae.Config config(Variant v, int latent) {
        return new ConditionalVae.Config(v, 784, 400, latent, classes, new BernoulliLikelihood(), Double.POSITIVE_INFINITY);
    }

    /** Loads the tour's {@code cvae} model (one variant); returns the variants still missing. */
    List<Variant> load(Path dir, String data, StringBuilder notes) {
        ModelFiles.Found f = ModelFiles.find(dir, "cvae", data, notes);
        if (f != null) {
            Variant v = String.valueOf(f.metrics().get("variant")).equals("concat") ? Variant.CONCAT : Variant.PRIOR_MEAN;
            int latent = f.metrics().has("latent") ? (int) f.metrics().getDouble("latent") : latentOf(v);
            ConditionalVae m = ModelFiles.load(f.file(), new ConditionalVae(config(v, latent), new Rng(0)));
            put(v, m, "loaded: " + f.file() + " (L = " + latent + ")");
        }
        return missing();
    }

    synchronized List<Variant> missing() {
        return java.util.Arrays.stream(Variant.values()).filter(v -> !models.containsKey(v)).toList();
    }

    private synchronized void put(Variant v, ConditionalVae m, String source) {
        models.put(v, m);
        sources.put(v, source);
    }

    /** Trains the given variants one after the other at start (Adam 1e-3, batch 64), each published when done or cancelled. */
    Job train(Jobs jobs, List<Variant> variants, Tensor train, int[] labels, int epochs, long seed) {
        return jobs.queue(PANEL, "conditional VAEs " + variants.stream().map(Variant::cliName).toList() + ", " + epochs + " epochs each", job -> {
            for (Variant v : variants) {
                Rng rng = new Rng(seed);
                ConditionalVae m = new ConditionalVae(config(v, latentOf(v)), rng);
                // -ELBO = -log p(x|z, y) + KL(q(z|x[, y]) || p(z|y)), nats per image
                StartTraining.fit(job, m, rng, train.dim(0), 64, epochs, "training the " + v.cliName() + " CVAE", (batch, noise) -> {
                    Tensor x = Reshaping.indexSelect(train, batch);
                    int[] y = new int[batch.length];
                    for (int i = 0; i < batch.length; i++) y[i] = labels[batch[i]];
                    return m.elbo(x, y, noise).negElbo();
                }, steps -> put(v, m, "trained at start, L = " + latentOf(v) + ", " + steps + " steps"));
            }
            return "ready";
        });
    }

    private synchronized ConditionalVae model(Variant v) {
        ConditionalVae m = models.get(v);
        if (m == null) throw new BadRequest("the " + v.cliName() + " CVAE is not ready yet (see the panel's progress)");
        return m;
    }

    /** The latent codes {@code z = mu_y + (z1, z2, 0, ...)} of {@code n} copies of the label. */
    private static Tensor codes(ConditionalVae m, int label, double[] offsets) {
        int n = offsets.length / 2, l = m.config.latent();
        int[] y = new int[n];
        java.util.Arrays.fill(y, label);
        double[] z = m.priorMean(y).data().clone();
        for (int i = 0; i < n; i++) {
            z[i * l] += offsets[2 * i];
            if (l > 1) z[i * l + 1] += offsets[2 * i + 1];
        }
        return Tensor.of(z, n, l);
    }

    /** The image of class {@code label} at {@code z = mu_y + (z1, z2, 0, ...)}. */
    String decode(Variant v, int label, double z1, double z2) {
        ConditionalVae m = model(v);
        try (GradMode.Scope g = GradMode.off()) {
            int[] y = {label};
            return Pictures.first(m.decode(codes(m, label, new double[] {z1, z2}), y), 28, 28);
        }
    }

    /** {@code n} samples of class {@code label}, {@code z ~ N(mu_y, I)} drawn from {@code seed}: all L coordinates random. */
    List<String> samples(Variant v, int label, int n, long seed) {
        ConditionalVae m = model(v);
        int[] y = new int[n];
        java.util.Arrays.fill(y, label);
        try (GradMode.Scope g = GradMode.off()) {
            return Pictures.pngs(m.sample(y, new Rng(seed)), 28, 28);
        }
    }

    /** Each variant's latent size and source, for the page. */
    synchronized Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            ConditionalVae c = models.get(v);
            m.put(v.cliName(), c == null ? Map.of("ready", false) : Map.of("ready", true, "latent", c.config.latent(), "source", sources.get(v)));
        }
        m.put("reach", REACH);
        return m;
    }
}

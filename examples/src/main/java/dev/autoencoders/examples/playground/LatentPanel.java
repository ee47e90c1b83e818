package dev.autoencoders.examples.playground;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Module;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panel 1, the latent plane, live: a VAE 784-H-2 and a plain autoencoder 784-H-2 of the same shape, trained side by
 * side on the same batches while the page watches. The autoencoder's loss is the VAE's reconstruction term alone
 * (the Bernoulli cross-entropy, nats per image), without the noise and without the KL, so the two differ exactly by
 * what the posts add. Every {@link Budget#snapshotEvery()} steps the training thread copies both models and the
 * codes of the shown test images into an immutable {@link Snapshot}; requests read only snapshots, never the models
 * being trained. A run is determined by the seed and its settings: the same settings give the same bits.
 */
final class LatentPanel {
    static final String PANEL = "latent";

    /**
     * @param beta        weight of the KL term (0: a plain autoencoder with noise)
     * @param warmupSteps the KL weight rises linearly from 0 to beta over this many steps (0: none)
     * @param steps       steps of the run
     */
    record Settings(double beta, long warmupSteps, long steps) {}

    /** One published state of the run: model copies, test codes, the box each plane shows, the loss curves. */
    record Snapshot(long version, long step, Settings settings, Vae vae, AutoEncoder ae, float[] vaeCodes, float[] aeCodes,
                    double[] vaeBox, double[] aeBox, double meanVariance, List<double[]> curve) {}

    /** Ends a run when it has taken its steps (thrown from the step listener, after a finished step). */
    private static final class Finished extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Finished() {
            super(null, null, false, false);
        }
    }

    private static final BernoulliLikelihood BERNOULLI = new BernoulliLikelihood();

    private final Tensor train;
    private final Tensor shown;
    private final int[] shownLabels;
    private final int hidden, batch, every;
    private final long seed;
    private final Jobs jobs;
    private long versions;
    private volatile Snapshot snapshot;

    /**
     * @param train  training images (N, 784)
     * @param shown  the test images whose codes the planes show (M, 784), and their labels
     */
    LatentPanel(Tensor train, Tensor shown, int[] shownLabels, Budget budget, long seed, Jobs jobs) {
        this.train = train;
        this.shown = shown;
        this.shownLabels = shownLabels;
        this.hidden = budget.liveHidden();
        this.batch = budget.liveBatch();
        this.every = budget.snapshotEvery();
        this.seed = seed;
        this.jobs = jobs;
    }

    /** Starts a run with these settings, cancelling the current one. */
    Job train(Settings s) {
        String task = String.format(java.util.Locale.ROOT, "VAE (beta %s, warm-up %d steps) and AE, %d steps", s.beta(), s.warmupSteps(), s.steps());
        return jobs.startLive(PANEL, task, job -> run(job, s));
    }

    /** Stops the current run; its last snapshot stays on the page. */
    boolean stop() {
        return jobs.cancel(PANEL);
    }

    Snapshot snapshot() {
        return snapshot;
    }

    private Vae newVae(Rng rng) {
        return new Vae(new Vae.Config(train.dim(1), hidden, 2, BERNOULLI, Double.POSITIVE_INFINITY), rng);
    }

    private AutoEncoder newAe(Rng rng) {
        // 784-H-2-H-784: ReLU, a linear 2-d code, logits out (the picture is their sigmoid, as the VAE's)
        return new AutoEncoder(new AutoEncoder.Config(new int[] {train.dim(1), hidden, 2}, Activation.Kind.RELU,
                Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, false), rng);
    }

    private String run(Job job, Settings s) {
        // 1. Models from the seed: the same settings give the same run
        Rng rng = new Rng(seed);
        Vae vae = newVae(rng);
        AutoEncoder ae = newAe(rng);
        Module both = new StartTraining.Pair("vae", vae, "ae", ae);
        Adam adam = new Adam(both.parameters(), 1e-3);
        Objective objective = new Objective(s.beta(), s.warmupSteps(), 0);
        Trainer trainer = new Trainer(adam, train.dim(0), batch, rng);
        List<double[]> curve = new ArrayList<>();
        double[] sums = new double[3]; // reconstruction, KL, AE loss since the last snapshot
        job.progress(0, s.steps(), "training");
        publish(0, s, vae, ae, curve, null);

        // 2. Each step: L = [-log p(x|z) + beta w(t) KL]_VAE + [-log p(x|h(g(x)))]_AE, nats per image
        Trainer.Step step = (idx, noise) -> {
            job.checkCancelled();
            Tensor x = Reshaping.indexSelect(train, idx);
            Elbo elbo = vae.elbo(x, noise);
            Tensor aeLoss = BERNOULLI.logProb(ae.forward(x), x).neg().mean();
            sums[0] += elbo.reconstructionNats().item();
            sums[1] += elbo.klNats().item();
            sums[2] += aeLoss.item();
            return objective.loss(elbo, adam.steps()).add(aeLoss);
        };
        // 3. After each step: progress; every `every` steps (and at the end) a snapshot for the page
        long[] since = {0};
        trainer.onStep(done -> {
            job.progress(done);
            since[0]++;
            if (done % every == 0 || done >= s.steps()) {
                curve.add(new double[] {done, sums[0] / since[0], sums[1] / since[0], sums[2] / since[0]});
                java.util.Arrays.fill(sums, 0);
                since[0] = 0;
                publish(done, s, vae, ae, curve, snapshot);
            }
            if (done >= s.steps()) throw new Finished();
        });
        int perEpoch = (train.dim(0) + batch - 1) / batch;
        try {
            trainer.fit((int) ((s.steps() + perEpoch - 1) / perEpoch), step, null);
        } catch (Finished f) {
            // the run took its steps
        }
        return String.format(java.util.Locale.ROOT, "done: %d steps", s.steps());
    }

    /** Copies the models, encodes the shown test images, and publishes the result; the planes' boxes only grow within a run. */
    private void publish(long step, Settings s, Vae vae, AutoEncoder ae, List<double[]> curve, Snapshot before) {
        Vae vaeCopy = newVae(new Rng(0));
        vaeCopy.loadStateDict(vae.stateDict(), "the live VAE");
        AutoEncoder aeCopy = newAe(new Rng(0));
        aeCopy.loadStateDict(ae.stateDict(), "the live AE");
        try (GradMode.Scope g = GradMode.off()) {
            DiagonalGaussian q = vaeCopy.encode(shown);
            float[] vaeCodes = floats(q.mu().data());
            float[] aeCodes = floats(aeCopy.encode(shown).data());
            double meanVariance = q.logvar().exp().mean().item();
            boolean sameRun = before != null && before.settings() == s;
            double[] vaeBox = box(vaeCodes, sameRun ? before.vaeBox() : new double[] {-3, 3, -3, 3});
            double[] aeBox = box(aeCodes, sameRun ? before.aeBox() : null);
            synchronized (this) {
                snapshot = new Snapshot(++versions, step, s, vaeCopy, aeCopy, vaeCodes, aeCodes, vaeBox, aeBox, meanVariance, List.copyOf(curve));
            }
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    /**
     * The square box {x0, x1, y0, y1} that holds the codes (x, y pairs) with a 10% margin and the box {@code at least}
     * (null: none). Non-finite codes are left out.
     */
    static double[] box(float[] codes, double[] atLeast) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (int i = 0; i + 1 < codes.length; i += 2) {
            if (!Float.isFinite(codes[i]) || !Float.isFinite(codes[i + 1])) continue;
            x0 = Math.min(x0, codes[i]);
            x1 = Math.max(x1, codes[i]);
            y0 = Math.min(y0, codes[i + 1]);
            y1 = Math.max(y1, codes[i + 1]);
        }
        if (x0 > x1) { x0 = -1; x1 = 1; y0 = -1; y1 = 1; }
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, half = Math.max(1e-3, 0.55 * Math.max(x1 - x0, y1 - y0));
        x0 = cx - half; x1 = cx + half; y0 = cy - half; y1 = cy + half;
        if (atLeast != null) {
            x0 = Math.min(x0, atLeast[0]); x1 = Math.max(x1, atLeast[1]);
            y0 = Math.min(y0, atLeast[2]); y1 = Math.max(y1, atLeast[3]);
            half = Math.max(x1 - x0, y1 - y0) / 2;
            cx = (x0 + x1) / 2; cy = (y0 + y1) / 2;
            x0 = cx - half; x1 = cx + half; y0 = cy - half; y1 = cy + half;
        }
        return new double[] {x0, x1, y0, y1};
    }

    /** The decoded image of the point (z1, z2) of a plane ({@code vae} or {@code ae}); a point outside the plane's box is refused. */
    String decode(String model, double z1, double z2) {
        Snapshot s = require();
        double[] box = model.equals("vae") ? s.vaeBox() : s.aeBox();
        if (z1 < box[0] || z1 > box[1] || z2 < box[2] || z2 > box[3]) {
            throw new BadRequest(String.format(java.util.Locale.ROOT, "the point (%s, %s) is outside the %s plane [%.4g, %.4g] x [%.4g, %.4g]",
                    z1, z2, model, box[0], box[1], box[2], box[3]));
        }
        return Pictures.first(decode(s, model, Tensor.of(new double[] {z1, z2}, 1, 2)), 28, 28);
    }

    /** Images {@code (N, 784)} decoded from codes {@code z: (N, 2)} by one of the snapshot's models. */
    static Tensor decode(Snapshot s, String model, Tensor z) {
        try (GradMode.Scope g = GradMode.off()) {
            return model.equals("vae") ? s.vae().decode(z) : BERNOULLI.mean(s.ae().decode(z));
        }
    }

    /** The codes {@code (N, 2)} of images {@code x: (N, 784)} under one of the snapshot's models (the VAE's posterior mean). */
    static Tensor encode(Snapshot s, String model, Tensor x) {
        try (GradMode.Scope g = GradMode.off()) {
            return model.equals("vae") ? s.vae().encode(x).mu() : s.ae().encode(x);
        }
    }

    Snapshot require() {
        Snapshot s = snapshot;
        if (s == null) throw new BadRequest("the latent plane has no model yet: its training has not started");
        return s;
    }

    /** The state for the page; {@code since}: the version the page has (then only the version and the job come back). */
    Map<String, Object> json(long since) {
        Snapshot s = snapshot;
        Map<String, Object> m = new LinkedHashMap<>();
        Job job = jobs.get(PANEL);
        m.put("job", job == null ? null : job.json());
        if (s == null) return m;
        m.put("version", s.version());
        if (since == s.version()) return m;
        m.put("step", s.step());
        m.put("settings", Map.of("beta", s.settings().beta(), "warmup", s.settings().warmupSteps(), "steps", s.settings().steps()));
        m.put("labels", shownLabels);
        m.put("vae", Map.of("codes", s.vaeCodes(), "box", s.vaeBox()));
        m.put("ae", Map.of("codes", s.aeCodes(), "box", s.aeBox()));
        m.put("meanVariance", s.meanVariance());
        m.put("curve", s.curve());
        return m;
    }
}

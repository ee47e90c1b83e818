package dev.autoencoders.ae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Matmul;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * A restricted Boltzmann machine with binary (Bernoulli) visible units {@code v} and binary or linear-Gaussian
 * hidden units {@code h}, trained by contrastive divergence CD-k (Hinton 2002) or persistent CD (Tieleman 2008),
 * the building block of the layer-wise pretraining of Hinton and Salakhutdinov (2006).
 *
 * <p>Energies, with {@code W: (H, V)}, visible bias {@code b: (V)}, hidden bias {@code c: (H)}:
 * <pre>
 *   Bernoulli hidden:   E(v, h) = - b.v - c.h - h.W v                     h in {0, 1}^H
 *   Gaussian hidden:    E(v, h) = - b.v + sum_j (h_j - c_j)^2 / 2 - h.W v   h in R^H (unit variance)
 * </pre>
 * Conditionals: {@code p(v_i = 1 | h) = sigma(b_i + (W^T h)_i)}; {@code p(h_j = 1 | v) = sigma(c_j + (W v)_j)} for
 * Bernoulli hidden units, {@code h_j | v ~ N(c_j + (W v)_j, 1)} for Gaussian ones (the 30-d code layer of the deep
 * autoencoder: {@code h = W v + c + N(0, 1)} noise).
 *
 * <p>Training is the project's one exception to "everything through autodiff": {@link #contrastiveDivergence}
 * computes the CD-k statistics explicitly, as Hinton's {@code rbm.m} does, and puts them into the parameters'
 * gradients ({@link Tensor#accumulateGrad}) for {@link RbmSgd} to apply.
 *
 * <p>State-dict names: {@code weight} {@code (H, V)} (the layout of {@code nn.Linear(V, H).weight}),
 * {@code visible_bias} {@code (V)}, {@code hidden_bias} {@code (H)}; a PyTorch twin names its
 * {@code nn.Parameter}s the same. With persistent CD, the buffer {@code persistent_chains} {@code (M, V)} holds the
 * fantasy particles.
 */
public final class Rbm extends Module {

    /** The kind of the hidden units. */
    public enum HiddenUnits {
        /** Binary stochastic units, {@code p(h_j = 1 | v) = sigma(c_j + W_j v)}. */
        BERNOULLI,
        /** Linear units with unit-variance Gaussian noise, {@code h_j = c_j + W_j v + N(0, 1)}. */
        GAUSSIAN
    }

    /**
     * @param visible          V, number of visible units (>= 1)
     * @param hidden           H, number of hidden units (>= 1)
     * @param hiddenUnits      Bernoulli, or linear with Gaussian noise (the code layer)
     * @param cdK              k, Gibbs steps of the negative phase (>= 1; Hinton's code: 1)
     * @param persistentChains M > 0: persistent CD with M fantasy particles; 0: plain CD-k from the data
     */
    public record Config(int visible, int hidden, HiddenUnits hiddenUnits, int cdK, int persistentChains) {
        public Config {
            if (visible < 1 || hidden < 1) throw new IllegalArgumentException("Rbm: visible " + visible + " and hidden " + hidden + " must be >= 1");
            if (hiddenUnits == null) throw new IllegalArgumentException("Rbm: hiddenUnits must be BERNOULLI or GAUSSIAN, got null");
            if (cdK < 1) throw new IllegalArgumentException("Rbm: CD-k needs k >= 1, got " + cdK);
            if (persistentChains < 0) throw new IllegalArgumentException("Rbm: persistentChains must be >= 0, got " + persistentChains);
        }

        /** A CD-1 RBM as in Hinton's code. */
        public static Config cd1(int visible, int hidden, HiddenUnits hiddenUnits) {
            return new Config(visible, hidden, hiddenUnits, 1, 0);
        }
    }

    public final Config config;
    /** {@code W: (H, V)}. */
    public final Tensor weight;
    /** {@code b: (V)}. */
    public final Tensor visibleBias;
    /** {@code c: (H)}. */
    public final Tensor hiddenBias;
    /** The persistent chains' visible states {@code (M, V)}, or null for plain CD. */
    public final Tensor persistentChains;

    /** Hinton's initialisation: {@code W ~ 0.1 N(0, 1)}, biases 0; persistent chains start as Bernoulli(1/2) noise. */
    public Rbm(Config config, Rng rng) {
        this.config = config;
        int v = config.visible(), h = config.hidden();
        this.weight = parameter("weight", Tensor.randn(rng, h, v).mul(0.1));
        this.visibleBias = parameter("visible_bias", Tensor.zeros(v));
        this.hiddenBias = parameter("hidden_bias", Tensor.zeros(h));
        int m = config.persistentChains();
        this.persistentChains = m == 0 ? null : buffer("persistent_chains", bernoulli(Tensor.full(0.5, m, v), rng));
    }

    // ------------------------------------------------------------------ energies

    /**
     * The energy of joint states, {@code v: (N, V), h: (N, H) -> (N)} (formulas in the class comment).
     * Differentiable in the parameters.
     */
    public Tensor energy(Tensor v, Tensor h) {
        checkVisible("energy", v);
        if (h.rank() != 2 || h.dim(0) != v.dim(0) || h.dim(1) != config.hidden()) {
            throw new ShapeException("Rbm.energy", "needs v (N, " + config.visible() + ") and h (N, " + config.hidden() + ")", v.shape(), h.shape());
        }
        // h.W v, one per row
        Tensor hWv = h.mul(Matmul.linear(v, weight, null)).sum(1, false);
        Tensor bv = v.mul(visibleBias).sum(1, false);
        Tensor hiddenTerm = config.hiddenUnits() == HiddenUnits.BERNOULLI
                // - c.h
                ? h.mul(hiddenBias).sum(1, false).neg()
                // + sum_j (h_j - c_j)^2 / 2
                : h.sub(hiddenBias).square().sum(1, false).mul(0.5);
        return bv.neg().add(hiddenTerm).sub(hWv);
    }

    /**
     * The free energy {@code F(v) = -log sum_h exp(-E(v, h))} (an integral over h for Gaussian units),
     * {@code v: (N, V) -> (N)}, so that {@code p(v) = exp(-F(v)) / Z}. With {@code a = c + W v}:
     * <pre>
     *   Bernoulli hidden:  F(v) = - b.v - sum_j softplus(a_j)
     *   Gaussian hidden:   F(v) = - b.v - sum_j (a_j^2 - c_j^2) / 2 - (H / 2) log(2 pi)
     * </pre>
     * Differentiable in the parameters; {@code -dF/dW = E[h | v] v^T}, the positive statistics of CD.
     */
    public Tensor freeEnergy(Tensor v) {
        checkVisible("freeEnergy", v);
        // @lab rbm begin
        Tensor a = Matmul.linear(v, weight, hiddenBias); // (N, H)
        Tensor bv = v.mul(visibleBias).sum(1, false);
        if (config.hiddenUnits() == HiddenUnits.BERNOULLI) {
            // F(v) = - b.v - sum_j softplus(c_j + W_j v)
            return bv.neg().sub(a.softplus().sum(1, false));
        }
        // F(v) = - b.v - sum_j ((c_j + W_j v)^2 - c_j^2) / 2 - (H/2) log(2 pi)
        Tensor cc = hiddenBias.square().sum();
        return bv.neg().sub(a.square().sum(1, false).sub(cc).mul(0.5)).sub(0.5 * config.hidden() * Math.log(2 * Math.PI));
        // @lab rbm end -> return Lab.todo("rbm", "Rbm.freeEnergy");
    }

    // ------------------------------------------------------------------ conditionals and sampling

    /** {@code E[h | v]}: {@code sigma(c + W v)} (Bernoulli) or {@code c + W v} (Gaussian); {@code (N, V) -> (N, H)}. */
    public Tensor hiddenMean(Tensor v) {
        checkVisible("hiddenMean", v);
        // @lab rbm begin
        Tensor a = Matmul.linear(v, weight, hiddenBias);
        return config.hiddenUnits() == HiddenUnits.BERNOULLI ? a.sigmoid() : a;
        // @lab rbm end -> return Lab.todo("rbm", "Rbm.hiddenMean");
    }

    /** {@code p(v = 1 | h) = sigma(b + W^T h)}: {@code (N, H) -> (N, V)}. */
    public Tensor visibleProbabilities(Tensor h) {
        if (h.rank() != 2 || h.dim(1) != config.hidden()) throw new ShapeException("Rbm.visibleProbabilities", "needs h (N, " + config.hidden() + ")", h.shape());
        // @lab rbm begin
        // sigma(h W + b), with W: (H, V)
        return h.matmul(weight).add(visibleBias).sigmoid();
        // @lab rbm end -> return Lab.todo("rbm", "Rbm.visibleProbabilities");
    }

    /** A draw of {@code h | v} given its mean: Bernoulli(mean), or mean + N(0, 1) for Gaussian units; {@code (N, H)}. */
    public Tensor sampleHidden(Tensor mean, Rng rng) {
        if (config.hiddenUnits() == HiddenUnits.BERNOULLI) return bernoulli(mean, rng);
        return mean.add(Tensor.randn(rng, mean.shape()));
    }

    /** Binary states drawn independently with the given probabilities: {@code s_i = 1 if u_i < p_i}, u uniform. */
    public static Tensor bernoulli(Tensor p, Rng rng) {
        double[] s = new double[p.numel()];
        double[] pd = p.data();
        for (int i = 0; i < s.length; i++) s[i] = rng.nextDouble() < pd[i] ? 1 : 0;
        return Tensor.of(s, p.shape());
    }

    /**
     * {@code steps} steps of block Gibbs sampling {@code v -> h ~ p(h|v) -> v ~ p(v|h)} from {@code v: (N, V)};
     * returns the last visible probabilities {@code p(v|h)} (N, V) (the usual picture of a sample).
     */
    public Tensor gibbs(Tensor v, int steps, Rng rng) {
        if (steps < 1) throw new IllegalArgumentException("Rbm.gibbs: steps must be >= 1, got " + steps);
        try (GradMode.Scope s = GradMode.off()) {
            Tensor p = null;
            for (int t = 0; t < steps; t++) {
                p = visibleProbabilities(sampleHidden(hiddenMean(v), rng));
                v = bernoulli(p, rng);
            }
            return p;
        }
    }

    // ------------------------------------------------------------------ contrastive divergence

    /**
     * One CD-k (or PCD-k) estimate of the log-likelihood gradient on a batch; the arrays are the ascent
     * directions (the update before the learning rate), same layout as the parameters.
     *
     * @param weight       {@code <h v^T>_data - <h v^T>_model}  (H, V)
     * @param visibleBias  {@code <v>_data - <v>_model}  (V)
     * @param hiddenBias   {@code <h>_data - <h>_model}  (H)
     * @param reconstructionError mean over the batch and the pixels of {@code (v0 - p(v | h0))^2}, with h0 sampled
     * @param negative     the negative-phase visible states {@code vk: (M, V)} the model statistics were taken at
     */
    public record CdEstimate(double[] weight, double[] visibleBias, double[] hiddenBias, double reconstructionError, Tensor negative) {}

    /**
     * The CD-k statistics of a batch {@code v0: (N, V)}, values in [0, 1] (grey levels act as probabilities, as in
     * Hinton's code), following {@code rbm.m} / {@code rbmhidlinear.m}:
     * <pre>
     *   h0p = E[h | v0]                 positive phase                         (N, H)
     *   h0  ~ p(h | v0)                 Bernoulli states, or h0p + N(0, 1)
     *   CD:  v1 = p(v | h0), then k - 1 more steps h ~ p(h | v), v = p(v | h)   (mean-field visible, as Hinton)
     *   PCD: the chains take k steps h ~ p(h | v), v ~ p(v | h) with binary v, and keep their state
     *   hkp = E[h | vk]                 negative phase
     *   dW = h0p^T v0 / N - hkp^T vk / M,   db = mean(v0) - mean(vk),   dc = mean(h0p) - mean(hkp)
     * </pre>
     * (Hinton and Salakhutdinov 2006; Hinton, A practical guide to training RBMs, 2010, sections 3-4.)
     */
    public CdEstimate cdEstimate(Tensor v0, Rng rng) {
        checkVisible("cdEstimate", v0);
        try (GradMode.Scope s = GradMode.off()) {
            int n = v0.dim(0);
            // positive phase: E[h | v0] and a sample of the hidden states
            Tensor h0p = hiddenMean(v0);
            Tensor h0 = sampleHidden(h0p, rng);
            // the reconstruction of the data, whose error Hinton's code prints
            Tensor recon = visibleProbabilities(h0);
            double err = v0.sub(recon).square().mean().item();

            // negative phase: k Gibbs steps from the data (CD) or from the persistent chains (PCD)
            Tensor vk;
            if (persistentChains == null) {
                vk = recon;
                for (int t = 1; t < config.cdK(); t++) vk = visibleProbabilities(sampleHidden(hiddenMean(vk), rng));
            } else {
                vk = persistentChains;
                for (int t = 0; t < config.cdK(); t++) vk = bernoulli(visibleProbabilities(sampleHidden(hiddenMean(vk), rng)), rng);
                // the chains keep their state for the next batch (vk is a fresh tensor, so the estimate keeps its copy)
                System.arraycopy(vk.data(), 0, persistentChains.data(), 0, vk.numel());
            }
            int m = vk.dim(0);
            Tensor hkp = hiddenMean(vk);
            // @lab rbm begin
            // dW = <h v^T>_data - <h v^T>_model = h0p^T v0 / N - hkp^T vk / M    (H, V)
            Tensor dW = h0p.t().matmul(v0).div(n).sub(hkp.t().matmul(vk).div(m));
            // db = <v>_data - <v>_model,  dc = <h>_data - <h>_model
            Tensor db = v0.mean(0, false).sub(vk.mean(0, false));
            Tensor dc = h0p.mean(0, false).sub(hkp.mean(0, false));
            return new CdEstimate(dW.data(), db.data(), dc.data(), err, vk);
            // @lab rbm end -> return Lab.todo("rbm", "Rbm.cdEstimate (the statistics)");
        }
    }

    /**
     * A training step for the shared loop ({@code Trainer.Step}): computes {@link #cdEstimate} and puts it into
     * the parameters' gradients. The optimizer minimises, so the 'gradient' is the negated ascent direction,
     * {@code grad W = -(<h v^T>_data - <h v^T>_model)} (and likewise for the biases); {@link RbmSgd} then applies
     * Hinton's momentum and weight cost. Returns the reconstruction error as a one-element tensor without graph.
     */
    public Tensor contrastiveDivergence(Tensor v0, Rng rng) {
        CdEstimate e = cdEstimate(v0, rng);
        weight.accumulateGrad(negated(e.weight()));
        visibleBias.accumulateGrad(negated(e.visibleBias()));
        hiddenBias.accumulateGrad(negated(e.hiddenBias()));
        return Tensor.scalar(e.reconstructionError());
    }

    private static double[] negated(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = -a[i];
        return out;
    }

    // ------------------------------------------------------------------ monitoring

    /**
     * The reconstruction error Hinton's code prints, per pixel: {@code mean((v - p(v | h))^2)} with
     * {@code h ~ p(h | v)}, {@code v: (N, V)}. (Not the training objective; a rough progress signal.)
     */
    public double reconstructionError(Tensor v, Rng rng) {
        checkVisible("reconstructionError", v);
        try (GradMode.Scope s = GradMode.off()) {
            Tensor recon = visibleProbabilities(sampleHidden(hiddenMean(v), rng));
            return v.sub(recon).square().mean().item();
        }
    }

    void checkVisible(String op, Tensor v) {
        if (v.rank() != 2 || v.dim(1) != config.visible()) {
            throw new ShapeException("Rbm." + op + ": needs v (N, " + config.visible() + "), got " + Arrays.toString(v.shape()));
        }
    }
}

package dev.autoencoders.vq;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * The vector quantizer of VQ-VAE (van den Oord, Vinyals and Kavukcuoglu 2017): a codebook {@code e: (K, D)} of K
 * vectors, and for each encoder output vector {@code z_e} the nearest code ({@link NearestCode})
 * <pre>  k = argmin_j ||z_e - e_j||^2 ,   z_q = e_k .</pre>
 * argmin has no gradient, so the decoder reads the straight-through value {@code z_e + sg[z_q - z_e]} (forward:
 * {@code z_q}; backward: the decoder's gradient passes to {@code z_e} unchanged). The quantizer adds to the loss
 * <pre>  L_vq = ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2 ,   beta = 0.25 ,</pre>
 * the codebook loss (moves the chosen codes towards the encoder outputs; gradient only to the codebook) and the
 * commitment loss (keeps the encoder near its codes; gradient only to the encoder), each a mean over elements as
 * the twin's {@code F.mse_loss}.
 *
 * <p>Two ways to move the codebook ({@link Update}):
 * <ul>
 *   <li>{@code LOSS}: the codebook is a parameter {@code weight} trained by the codebook loss;</li>
 *   <li>{@code EMA}: the codebook is a buffer set after every training step to exponential moving averages
 *       ({@link #update}); the codebook loss is then left out. The statistics are buffers {@code cluster_size}
 *       {@code N: (K)} and {@code embed_avg} {@code m: (K, D)}, so they are saved in the state dict and checkpoints.</li>
 * </ul>
 * With {@code restartAfter > 0} a code unused for that many consecutive training steps is re-seeded from a random
 * encoder output of the current batch (buffer {@code unused_steps: (K)}).
 *
 * <p>Shapes: {@code z_e: (N, D, H, W) -> output, z_q: (N, D, H, W)}, codes {@code N*H*W}. State-dict names as the
 * twin's {@code nn.Embedding}: {@code weight}, then the buffers.
 */
public final class VectorQuantizer extends Module {

    /** How the codebook learns. */
    public enum Update {
        /** Gradient descent on the codebook loss {@code ||sg[z_e] - e||^2}. */
        LOSS,
        /** Exponential moving averages of the assigned encoder outputs (van den Oord et al. 2017, appendix A.1). */
        EMA
    }

    /**
     * @param codes        K, the number of codebook vectors (>= 1)
     * @param dim          D, the size of each vector (>= 1)
     * @param beta         weight of the commitment loss (>= 0; the paper's 0.25)
     * @param update       how the codebook learns
     * @param decay        EMA decay gamma in [0, 1) (0.99); used with EMA only
     * @param epsilon      Laplace smoothing of the EMA cluster sizes (>= 0; 1e-5); used with EMA only
     * @param restartAfter re-seed a code after this many consecutive training steps without use (0: never)
     */
    public record Config(int codes, int dim, double beta, Update update, double decay, double epsilon, int restartAfter) {
        public Config {
            if (codes < 1 || dim < 1) throw new IllegalArgumentException("VectorQuantizer: need K >= 1 codes of dimension D >= 1, got K = " + codes + ", D = " + dim);
            if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("VectorQuantizer: beta must be finite and >= 0, got " + beta);
            if (update == null) throw new IllegalArgumentException("VectorQuantizer: update must be LOSS or EMA");
            if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("VectorQuantizer: EMA decay must be in [0, 1), got " + decay);
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException("VectorQuantizer: epsilon must be finite and >= 0, got " + epsilon);
            if (restartAfter < 0) throw new IllegalArgumentException("VectorQuantizer: restartAfter must be >= 0 steps, got " + restartAfter);
        }

        /** The paper's quantizer trained by the codebook loss: beta 0.25, no restarts. */
        public static Config plain(int codes, int dim) {
            return new Config(codes, dim, 0.25, Update.LOSS, 0.99, 1e-5, 0);
        }

        /** The EMA codebook: decay 0.99, epsilon 1e-5, beta 0.25, no restarts. */
        public static Config ema(int codes, int dim) {
            return new Config(codes, dim, 0.25, Update.EMA, 0.99, 1e-5, 0);
        }

        public Config withBeta(double b) { return new Config(codes, dim, b, update, decay, epsilon, restartAfter); }
        public Config withDecay(double d) { return new Config(codes, dim, beta, update, d, epsilon, restartAfter); }
        public Config withEpsilon(double e) { return new Config(codes, dim, beta, update, decay, e, restartAfter); }
        public Config withRestartAfter(int steps) { return new Config(codes, dim, beta, update, decay, epsilon, steps); }
    }

    public final Config config;
    /** The codebook {@code e: (K, D)}: a parameter with LOSS, a buffer with EMA. */
    public final Tensor weight;
    /** EMA cluster sizes {@code N: (K)}; null unless EMA. */
    public final Tensor clusterSize;
    /** EMA sums of assigned vectors {@code m: (K, D)}; null unless EMA. */
    public final Tensor embedAvg;
    /** Consecutive training steps each code went unused {@code (K)}; null unless restarts are on. */
    public final Tensor unusedSteps;

    /**
     * A codebook initialised {@code U(-1/K, 1/K)} as the twin. The EMA statistics start as if each code had been
     * assigned once, at its initial vector ({@code N_k = 1}, {@code m_k = e_k}), so that {@code e = m / N} holds
     * from the start and an unused code stays where it is instead of being divided by a zero count.
     */
    public VectorQuantizer(Config config, Rng rng) {
        this.config = config;
        int k = config.codes(), d = config.dim();
        Tensor e = Tensor.uniform(rng, -1.0 / k, 1.0 / k, k, d);
        boolean ema = config.update() == Update.EMA;
        this.weight = ema ? buffer("weight", e) : parameter("weight", e);
        this.clusterSize = ema ? buffer("cluster_size", Tensor.ones(k)) : null;
        this.embedAvg = ema ? buffer("embed_avg", Tensor.of(e.data().clone(), k, d)) : null;
        this.unusedSteps = config.restartAfter() > 0 ? buffer("unused_steps", Tensor.zeros(k)) : null;
    }

    /** {@code z_e: (N, D, H, W) -> (N*H*W, D)}: one row per grid position, row-major over (n, h, w). */
    public Tensor rows(Tensor ze) {
        checkInput(ze);
        return ze.permute(0, 2, 3, 1).reshape(-1, config.dim());
    }

    /** The nearest code of every grid position of {@code z_e: (N, D, H, W)}: N*H*W indices. */
    public int[] nearest(Tensor ze) {
        return NearestCode.search(rows(ze).detach(), weight);
    }

    /** Quantizes {@code z_e: (N, D, H, W)} to the nearest codes. */
    public Quantization quantize(Tensor ze) {
        return quantize(ze, nearest(ze));
    }

    /**
     * Quantizes {@code z_e: (N, D, H, W)} with a given assignment {@code codes} (N*H*W indices) instead of the nearest
     * one. With the assignment held fixed the loss is a smooth function of the encoder and the codebook, which is
     * how the gradient checks treat the piecewise-constant argmin.
     */
    public Quantization quantize(Tensor ze, int[] codes) {
        checkInput(ze);
        int n = ze.dim(0), h = ze.dim(2), w = ze.dim(3);
        if (codes.length != n * h * w) {
            throw new ShapeException("VectorQuantizer: " + codes.length + " codes for the " + n * h * w + " positions of " + Arrays.toString(ze.shape()));
        }
        // z_q = e_k at every position: rows of the codebook, back to (N, D, H, W)
        Tensor zq = Reshaping.indexSelect(weight, codes).reshape(n, h, w, config.dim()).permute(0, 3, 1, 2);
        // @lab vq begin
        // codebook loss ||sg[z_e] - e||^2: only the codebook moves
        Tensor codebookLoss = Losses.mse(zq, ze.detach(), Reduction.MEAN);
        // commitment loss ||z_e - sg[e]||^2: only the encoder moves
        Tensor commitmentLoss = Losses.mse(ze, zq.detach(), Reduction.MEAN);
        // straight-through estimator: z_e + sg[z_q - z_e] has the value z_q and the gradient of z_e
        Tensor output = ze.add(zq.sub(ze).detach());
        // L_vq = ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2   (EMA: the first term is replaced by the update)
        Tensor loss = config.update() == Update.LOSS
                ? codebookLoss.add(commitmentLoss.mul(config.beta()))
                : commitmentLoss.mul(config.beta());
        return new Quantization(output, zq, rows(ze).detach(), codes, n, h, w, codebookLoss, commitmentLoss, loss);
        // @lab vq end -> return Lab.todo("vq", "VectorQuantizer.quantize");
    }

    /** The codebook rows of {@code codes}, as a grid {@code (N, D, H, W)} for the decoder (no straight-through needed). */
    public Tensor lookup(int[] codes, int n, int h, int w) {
        if (codes.length != n * h * w) throw new ShapeException("VectorQuantizer.lookup: " + codes.length + " codes for a grid " + n + " x " + h + " x " + w);
        return Reshaping.indexSelect(weight, codes).reshape(n, h, w, config.dim()).permute(0, 3, 1, 2);
    }

    /**
     * The codebook maintenance after a training step's forward pass: the EMA update (with {@code EMA}) and the
     * restart of dead codes (with {@code restartAfter > 0}); nothing otherwise. {@code rng} picks the encoder
     * outputs that restarted codes are re-seeded from. Returns the number of codes restarted.
     */
    public int update(Quantization q, Rng rng) {
        long[] counts = CodeUsage.counts(q.codes(), config.codes());
        if (config.update() == Update.EMA) EmaCodebook.update(this, q.vectors(), q.codes(), counts);
        return config.restartAfter() > 0 ? DeadCodes.restart(this, q.vectors(), counts, rng) : 0;
    }

    private void checkInput(Tensor ze) {
        if (ze.rank() != 4 || ze.dim(1) != config.dim()) {
            throw new ShapeException("VectorQuantizer(K=" + config.codes() + ", D=" + config.dim() + ")", "needs encoder outputs (N, D, H, W) with D = " + config.dim(), ze.shape());
        }
    }
}

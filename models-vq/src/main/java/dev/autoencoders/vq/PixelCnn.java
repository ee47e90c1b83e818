package dev.autoencoders.vq;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.Embedding;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.MaskedConv2d;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An autoregressive prior over a grid of codes (van den Oord et al. 2016, PixelCNN), the twin {@code PixelCNNPrior}
 * of the PyTorch benchmark. It factorises the probability of a code map in raster order,
 * <pre>  p(k) = prod_i p(k_i | k_1, ..., k_{i-1}) ,</pre>
 * and computes all the conditionals in one pass: every layer is masked so that the output at position i depends
 * only on the codes before i.
 * <pre>
 *   codes (N, H, W)  -> Emb (K -> F)                       (N, F, H, W)
 *   a:   MaskedConv type A, k x k, F -> F                  (sees strictly earlier positions)
 *   [+ condition c (N, F, H, W), for a conditional prior]
 *   res: residual blocks h + f(h)                          ({@link ResidualBlock}, mask B inside)
 *   b:   MaskedConv type B 1x1 F -> F, each followed by ReLU
 *   out: Conv 1x1 F -> K                                   logits (N, K, H, W)
 * </pre>
 * The training loss is the cross-entropy of the logits with the codes themselves, {@code -(1/NHW) sum log p(k_i | k_<i)},
 * the negative log-likelihood in nats per code. With K = 128, F = 128, k = 7, 2 residual blocks and 2 b layers it has
 * 975,872 parameters and the twin's state-dict names ({@code emb.weight, a.weight, a.bias, a.mask, res.0.1.weight, ...,
 * b.1.mask, out.bias}); a conditional prior adds {@code cond.*}.
 */
public final class PixelCnn extends Module {

    /**
     * @param codes          K, the number of code values (>= 1); also the number of output logits
     * @param filters        F, channels of every hidden layer (even, >= 2)
     * @param firstKernel    side of the type-A kernel (odd, >= 3; 7 in the twin)
     * @param residualBlocks number of residual blocks (>= 0; 2)
     * @param outputLayers   number of 1x1 type-B layers before the output (>= 0; 2)
     * @param conditionCodes K' of a coarser code grid to condition on (VQ-VAE-2's bottom prior), 0 for none
     */
    public record Config(int codes, int filters, int firstKernel, int residualBlocks, int outputLayers, int conditionCodes) {
        public Config {
            if (codes < 1) throw new IllegalArgumentException("PixelCnn: need K >= 1 codes, got " + codes);
            if (filters < 2 || filters % 2 != 0) throw new IllegalArgumentException("PixelCnn: filters must be even and >= 2, got " + filters);
            if (firstKernel < 3 || firstKernel % 2 == 0) throw new IllegalArgumentException("PixelCnn: the first kernel must be odd and >= 3, got " + firstKernel);
            if (residualBlocks < 0 || outputLayers < 0) throw new IllegalArgumentException("PixelCnn: layer counts must be >= 0, got " + residualBlocks + " residual blocks, " + outputLayers + " output layers");
            if (conditionCodes < 0) throw new IllegalArgumentException("PixelCnn: conditionCodes must be >= 0, got " + conditionCodes);
        }

        /** The twin: K codes, 128 filters, a 7x7 type-A kernel, 2 residual blocks, 2 output layers. */
        public static Config twin(int codes) {
            return new Config(codes, 128, 7, 2, 2, 0);
        }

        public Config withFilters(int f) { return new Config(codes, f, firstKernel, residualBlocks, outputLayers, conditionCodes); }
        public Config withFirstKernel(int k) { return new Config(codes, filters, k, residualBlocks, outputLayers, conditionCodes); }
        public Config withConditionCodes(int c) { return new Config(codes, filters, firstKernel, residualBlocks, outputLayers, c); }
    }

    public final Config config;
    public final Embedding emb;
    public final MaskedConv2d a;
    public final Sequential res;
    public final ModuleList<MaskedConv2d> b;
    public final Conv2d out;
    /** The conditioning network; null for an unconditional prior. */
    public final CodeCondition cond;

    public PixelCnn(Config config, Rng rng) {
        this.config = config;
        int k = config.codes(), f = config.filters();
        this.emb = child("emb", new Embedding(k, f, rng));
        this.a = child("a", new MaskedConv2d(MaskedConv2d.Type.A, f, f, config.firstKernel(), config.firstKernel() / 2, rng));
        ResidualBlock[] blocks = new ResidualBlock[config.residualBlocks()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = new ResidualBlock(f, rng);
        this.res = child("res", new Sequential(blocks));
        List<MaskedConv2d> bs = new ArrayList<>();
        for (int i = 0; i < config.outputLayers(); i++) bs.add(new MaskedConv2d(MaskedConv2d.Type.B, f, f, 1, 0, rng));
        this.b = child("b", new ModuleList<>(bs));
        this.out = child("out", new Conv2d(f, k, 1, 1, 0, rng));
        this.cond = config.conditionCodes() > 0 ? child("cond", new CodeCondition(config.conditionCodes(), f, rng)) : null;
    }

    /** The logits of an unconditional prior: {@code codes: N*H*W (row-major) -> (N, K, H, W)}. */
    public Tensor logits(int[] codes, int n, int h, int w) {
        return logits(codes, n, h, w, null);
    }

    /**
     * The logits {@code (N, K, H, W)}; {@code logits[n, :, i, j]} scores {@code k_{ij}} given the codes before
     * {@code (i, j)} in raster order (and the coarse codes {@code condition}, N*((H+1)/2)*((W+1)/2) of them, for a
     * conditional prior; null otherwise).
     */
    public Tensor logits(int[] codes, int n, int h, int w, int[] condition) {
        if (codes.length != n * h * w) throw new ShapeException("PixelCnn: " + codes.length + " codes for a grid " + n + " x " + h + " x " + w);
        checkCondition(condition);
        Tensor x = emb.forwardImage(codes, n, h, w);                          // (N, F, H, W): emb(codes).permute(0, 3, 1, 2)
        Tensor hid = a.forward(x);                                            // type A: strictly earlier positions
        if (cond != null) hid = hid.add(cond.forward(condition, n, CodeCondition.coarseSide(h), CodeCondition.coarseSide(w)));
        hid = res.forward(hid);                                               // h + f(h), mask B inside
        for (MaskedConv2d layer : b) hid = layer.forward(hid).relu();
        return out.forward(hid);                                              // (N, K, H, W)
    }

    /** {@code -(1/NHW) sum_i log p(k_i | k_<i)}: the negative log-likelihood in nats per code (cross-entropy over K). */
    public Tensor loss(int[] codes, int n, int h, int w) {
        return loss(codes, n, h, w, null);
    }

    /** As {@link #loss(int[], int, int, int)} for a conditional prior. */
    public Tensor loss(int[] codes, int n, int h, int w, int[] condition) {
        // @lab pixelcnn begin
        return Losses.crossEntropy(logits(codes, n, h, w, condition), codes, Reduction.MEAN);
        // @lab pixelcnn end -> return Lab.todo("pixelcnn", "PixelCnn.loss");
    }

    /** Ancestral sampling of an unconditional prior; see {@link #sample(int, int, int, double, Rng, int[])}. */
    public int[] sample(int n, int h, int w, double temperature, Rng rng) {
        return sample(n, h, w, temperature, rng, null);
    }

    /**
     * Draws {@code n} code maps in raster order: for i = 1 .. HW, run the network on the codes drawn so far and draw
     * {@code k_i ~ softmax(logits_i / T)}. Positions after i hold 0 meanwhile; the masks make them invisible to
     * position i. {@code T < 1} sharpens the distribution, {@code T > 1} flattens it, {@code T = 1} samples the model.
     * One full pass per position (HW passes), the simple and readable way.
     *
     * @return N*H*W codes, row-major over (n, h, w)
     */
    public int[] sample(int n, int h, int w, double temperature, Rng rng, int[] condition) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("PixelCnn.sample: temperature must be finite and > 0, got " + temperature);
        int k = config.codes(), hw = h * w;
        int[] codes = new int[n * hw];
        double[] p = new double[k];
        try (GradMode.Scope s = GradMode.off()) {
            for (int i = 0; i < hw; i++) {
                double[] z = logits(codes, n, h, w, condition).data();
                for (int s2 = 0; s2 < n; s2++) {
                    // @lab pixelcnn begin
                    // p(k) proportional to exp(z_k / T), shifted by the largest logit so nothing overflows
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) max = Math.max(max, z[(s2 * k + c) * hw + i]);
                    for (int c = 0; c < k; c++) p[c] = Math.exp((z[(s2 * k + c) * hw + i] - max) / temperature);
                    codes[s2 * hw + i] = rng.categorical(p);
                    // @lab pixelcnn end -> Lab.todo("pixelcnn", "PixelCnn.sample (drawing a code)");
                }
            }
        }
        return codes;
    }

    private void checkCondition(int[] condition) {
        if (cond == null && condition != null) throw new IllegalArgumentException("PixelCnn: this prior is unconditional (conditionCodes = 0) but coarse codes were given");
        if (cond != null && condition == null) throw new IllegalArgumentException("PixelCnn: this prior is conditioned on " + config.conditionCodes() + " coarse codes; give them");
    }
}

package dev.autoencoders.vq;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.ConvTranspose2d;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;

/**
 * A two-level VQ-VAE (Razavi, van den Oord and Vinyals 2019, VQ-VAE-2) sized for 28 x 28 images: a coarse top code map
 * of 4 x 4 for the global shape and a finer bottom map of 7 x 7, conditioned on the top, for local detail.
 * <pre>
 *   x (N, 1, 28, 28)
 *   enc_b: Conv 3x3/2 (1 -> C1), ReLU, Conv 3x3/2 (C1 -> C2), ReLU              h_b   (N, C2, 7, 7)
 *   enc_t: Conv 3x3/2 (C2 -> C2), ReLU, Conv 1x1 (C2 -> D)                       z_e^t (N, D, 4, 4)
 *   quantize_t (K_t codes)                                                       z_q^t (N, D, 4, 4)
 *   dec_t: ConvT 3x3/2 (D -> C2), ReLU                                           d_t   (N, C2, 7, 7)
 *   pre_b: Conv 1x1 (2 C2 -> D) on [h_b, d_t]                                    z_e^b (N, D, 7, 7)
 *   quantize_b (K_b codes)                                                       z_q^b (N, D, 7, 7)
 *   up_t:  ConvT 3x3/2 (D -> D) on z_q^t                                         u_t   (N, D, 7, 7)
 *   dec:   ConvT 3x3/2 (2D -> C2), ReLU, ConvT 3x3/2 (C2 -> C1), ReLU, Conv 3x3 (C1 -> 1) on [z_q^b, u_t] -> x'
 * </pre>
 * The 3x3 stride-2 convolution with padding 1 maps 7 to 4 and the transposed one maps 4 back to 7. The bottom encoder
 * sees the decoded top codes (the paper's conditioning of the bottom level on the top), and the decoder reads both
 * levels. Loss: {@code ||x - x'||^2 + L_vq(top) + L_vq(bottom)}, each {@code L_vq} as in {@link VectorQuantizer}; the
 * top encoder learns through both straight-through paths. Priors: a PixelCNN over the top codes, and one over the
 * bottom codes conditioned on the top ({@link PixelCnn.Config#conditionCodes()}).
 */
public final class VqVae2 extends Module {

    /** Side of the top code map. */
    public static final int TOP = 4;
    /** Side of the bottom code map. */
    public static final int BOTTOM = 7;

    /**
     * @param channels1 C1, channels of the outer convolutions (32)
     * @param channels2 C2, channels of the inner convolutions (64)
     * @param top       the top codebook (K_t codes of dimension D)
     * @param bottom    the bottom codebook (K_b codes of the same dimension D)
     */
    public record Config(int channels1, int channels2, VectorQuantizer.Config top, VectorQuantizer.Config bottom) {
        public Config {
            if (channels1 < 1 || channels2 < 1) throw new IllegalArgumentException("VqVae2: channels must be >= 1, got " + channels1 + ", " + channels2);
            if (top == null || bottom == null) throw new IllegalArgumentException("VqVae2: both codebook configs are required");
            if (top.dim() != bottom.dim()) throw new IllegalArgumentException("VqVae2: both levels need the same code dimension D, got " + top.dim() + " and " + bottom.dim());
        }

        /** 32 and 64 channels, K = 128 codes of D = 16 on both levels, the given codebook kind for both. */
        public static Config mnist(VectorQuantizer.Config codebook) {
            return new Config(32, 64, codebook, codebook);
        }
    }

    /** One forward pass: both quantizations and the reconstruction. */
    public record Output(Quantization top, Quantization bottom, Tensor reconstruction) {}

    public final Config config;
    public final Sequential encB;
    public final Sequential encT;
    public final VectorQuantizer codebookT;
    public final Sequential decT;
    public final Conv2d preB;
    public final VectorQuantizer codebookB;
    public final ConvTranspose2d upT;
    public final Sequential dec;

    public VqVae2(Config config, Rng rng) {
        this.config = config;
        int c1 = config.channels1(), c2 = config.channels2(), d = config.top().dim();
        this.encB = child("enc_b", new Sequential(
                new Conv2d(1, c1, 3, 2, 1, rng), Activation.relu(),
                new Conv2d(c1, c2, 3, 2, 1, rng), Activation.relu()));
        this.encT = child("enc_t", new Sequential(
                new Conv2d(c2, c2, 3, 2, 1, rng), Activation.relu(),
                new Conv2d(c2, d, 1, 1, 0, rng)));
        this.codebookT = child("codebook_t", new VectorQuantizer(config.top(), rng));
        this.decT = child("dec_t", new Sequential(new ConvTranspose2d(d, c2, 3, 2, 1, 0, rng), Activation.relu()));
        this.preB = child("pre_b", new Conv2d(2 * c2, d, 1, 1, 0, rng));
        this.codebookB = child("codebook_b", new VectorQuantizer(config.bottom(), rng));
        this.upT = child("up_t", new ConvTranspose2d(d, d, 3, 2, 1, 0, rng));
        this.dec = child("dec", new Sequential(
                new ConvTranspose2d(2 * d, c2, 3, 2, 1, 1, rng), Activation.relu(),
                new ConvTranspose2d(c2, c1, 3, 2, 1, 1, rng), Activation.relu(),
                new Conv2d(c1, 1, 3, 1, 1, rng)));
    }

    /** Encode, quantize both levels to their nearest codes, decode. */
    public Output forward(Tensor x) {
        return forward(x, null, null);
    }

    /**
     * As {@link #forward(Tensor)}; non-null {@code topCodes} (N*4*4) or {@code bottomCodes} (N*7*7) hold that level's
     * assignment fixed (for gradient checks).
     */
    public Output forward(Tensor x, int[] topCodes, int[] bottomCodes) {
        Tensor hb = encB.forward(x);                                       // (N, C2, 7, 7)
        Tensor zeT = encT.forward(hb);                                     // (N, D, 4, 4)
        Quantization top = topCodes == null ? codebookT.quantize(zeT) : codebookT.quantize(zeT, topCodes);
        Tensor dt = decT.forward(top.output());                            // (N, C2, 7, 7)
        Tensor zeB = preB.forward(Reshaping.concat(1, hb, dt));           // (N, D, 7, 7)
        Quantization bottom = bottomCodes == null ? codebookB.quantize(zeB) : codebookB.quantize(zeB, bottomCodes);
        return new Output(top, bottom, decodeQuantized(top.output(), bottom.output()));
    }

    /** {@code x' = dec([z_q^b, up_t(z_q^t)])}: {@code (N, D, 4, 4), (N, D, 7, 7) -> (N, 1, 28, 28)}. */
    public Tensor decodeQuantized(Tensor zqTop, Tensor zqBottom) {
        return dec.forward(Reshaping.concat(1, zqBottom, upT.forward(zqTop)));
    }

    /** Images from both code maps: {@code top: N*4*4, bottom: N*7*7 -> (N, 1, 28, 28)}. */
    public Tensor decodeCodes(int[] top, int[] bottom, int n) {
        return decodeQuantized(codebookT.lookup(top, n, TOP, TOP), codebookB.lookup(bottom, n, BOTTOM, BOTTOM));
    }

    /** The reconstruction term {@code ||x - x'||^2}, a mean over pixels. */
    public Tensor reconstructionLoss(Output out, Tensor x) {
        return Losses.mse(out.reconstruction(), x, Reduction.MEAN);
    }

    /** {@code L = ||x - x'||^2 + L_vq(top) + L_vq(bottom)}. */
    public Tensor loss(Output out, Tensor x) {
        return reconstructionLoss(out, x).add(out.top().loss()).add(out.bottom().loss());
    }

    /** The codebook maintenance of both levels after a training step (EMA, restarts); returns the codes restarted. */
    public int update(Output out, Rng rng) {
        return codebookT.update(out.top(), rng) + codebookB.update(out.bottom(), rng);
    }
}

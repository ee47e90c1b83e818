package dev.autoencoders.vq;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.ConvTranspose2d;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * VQ-VAE for 28 x 28 images, the twin {@code VQVAE} of the PyTorch benchmark (keras-io's vq_vae shape):
 * <pre>
 *   x (N, 1, 28, 28)
 *   enc: Conv 3x3/2 (1 -> 32), ReLU, Conv 3x3/2 (32 -> 64), ReLU, Conv 1x1 (64 -> D)   -> z_e (N, D, 7, 7)
 *   codebook: nearest code per position, straight-through                             -> z_q (N, D, 7, 7)
 *   dec: ConvT 3x3/2 (D -> 64), ReLU, ConvT 3x3/2 (64 -> 32), ReLU, Conv 3x3 (32 -> 1)  -> x' (N, 1, 28, 28)
 * </pre>
 * The loss (mean squared errors, as the twin):
 * <pre>  L = ||x - dec(z_e + sg[z_q - z_e])||^2 + ||sg[z_e] - z_q||^2 + beta ||z_e - sg[z_q]||^2 .</pre>
 * With D = 16 and K = 128: 49,937 parameters; state-dict names {@code enc.0.weight, ..., dec.4.bias, codebook.weight}
 * (the codebook's EMA and restart buffers follow its weight when configured).
 */
public final class VqVae extends Module {

    /**
     * @param channels1 channels of the first encoder convolution and the last decoder one (32)
     * @param channels2 channels of the second encoder convolution and the first decoder one (64)
     * @param quantizer the codebook: K codes of dimension D (D is also the encoder's output channels)
     */
    public record Config(int channels1, int channels2, VectorQuantizer.Config quantizer) {
        public Config {
            if (channels1 < 1 || channels2 < 1) throw new IllegalArgumentException("VqVae: channels must be >= 1, got " + channels1 + ", " + channels2);
            if (quantizer == null) throw new IllegalArgumentException("VqVae: a quantizer config is required");
        }

        /** The twin: 32 and 64 channels, K = 128 codes of D = 16, the given codebook update. */
        public static Config mnist(VectorQuantizer.Config quantizer) {
            return new Config(32, 64, quantizer);
        }

        /** The twin with the paper's plain codebook. */
        public static Config mnist() {
            return mnist(VectorQuantizer.Config.plain(128, 16));
        }
    }

    /** One forward pass: encoder output, quantization and reconstruction. */
    public record Output(Tensor encoded, Quantization quantization, Tensor reconstruction) {}

    public final Config config;
    public final Sequential enc;
    public final Sequential dec;
    public final VectorQuantizer codebook;

    public VqVae(Config config, Rng rng) {
        this.config = config;
        int c1 = config.channels1(), c2 = config.channels2(), d = config.quantizer().dim();
        this.enc = child("enc", new Sequential(
                new Conv2d(1, c1, 3, 2, 1, rng), Activation.relu(),
                new Conv2d(c1, c2, 3, 2, 1, rng), Activation.relu(),
                new Conv2d(c2, d, 1, 1, 0, rng)));
        this.dec = child("dec", new Sequential(
                new ConvTranspose2d(d, c2, 3, 2, 1, 1, rng), Activation.relu(),
                new ConvTranspose2d(c2, c1, 3, 2, 1, 1, rng), Activation.relu(),
                new Conv2d(c1, 1, 3, 1, 1, rng)));
        this.codebook = child("codebook", new VectorQuantizer(config.quantizer(), rng));
    }

    /** {@code z_e = enc(x)}: {@code (N, 1, 28, 28) -> (N, D, 7, 7)}. */
    public Tensor encode(Tensor x) {
        return enc.forward(x);
    }

    /** {@code x' = dec(z)}: {@code (N, D, 7, 7) -> (N, 1, 28, 28)}. */
    public Tensor decode(Tensor z) {
        return dec.forward(z);
    }

    /** Encode, quantize to the nearest codes, decode the straight-through output. */
    public Output forward(Tensor x) {
        Tensor ze = encode(x);
        Quantization q = codebook.quantize(ze);
        return new Output(ze, q, decode(q.output()));
    }

    /** As {@link #forward(Tensor)} with the code assignment held fixed ({@code codes}: N*7*7 indices), for gradient checks. */
    public Output forward(Tensor x, int[] codes) {
        Tensor ze = encode(x);
        Quantization q = codebook.quantize(ze, codes);
        return new Output(ze, q, decode(q.output()));
    }

    /** The reconstruction term {@code ||x - x'||^2}, a mean over pixels as {@code F.mse_loss}. */
    public Tensor reconstructionLoss(Output out, Tensor x) {
        return Losses.mse(out.reconstruction(), x, Reduction.MEAN);
    }

    /** {@code L = ||x - x'||^2 + ||sg[z_e] - z_q||^2 + beta ||z_e - sg[z_q]||^2} (the codebook term is absent with EMA). */
    public Tensor loss(Output out, Tensor x) {
        return reconstructionLoss(out, x).add(out.quantization().loss());
    }

    /** The code map of each image: {@code x: (N, 1, 28, 28) -> N*7*7} code indices, row-major over (n, h, w). */
    public int[] codes(Tensor x) {
        return codebook.nearest(encode(x));
    }

    /** Images from code maps: look the codes up in the codebook and decode; {@code codes: N*h*w -> (N, 1, 4h, 4w)}. */
    public Tensor decodeCodes(int[] codes, int n, int h, int w) {
        return decode(codebook.lookup(codes, n, h, w));
    }
}

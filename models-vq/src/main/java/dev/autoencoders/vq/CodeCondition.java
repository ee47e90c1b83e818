package dev.autoencoders.vq;

import dev.autoencoders.nn.ConvTranspose2d;
import dev.autoencoders.nn.Embedding;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The conditioning input of a PixelCNN over a finer code grid given a coarser one (the bottom prior of VQ-VAE-2
 * given the top codes): embed each coarse code, then upsample by a 3x3 transposed convolution of stride 2 and
 * padding 1, which maps a grid of side s to side 2s - 1 (4 x 4 -> 7 x 7):
 * <pre>  c = ConvT 3x3/2 ( Emb(top codes) ) :  N*h*w codes -> (N, F, 2h - 1, 2w - 1)</pre>
 * The result is added to the PixelCNN's features after its first layer. The coarse codes are all known before the
 * fine grid is sampled, so c needs no mask: every fine position may see every coarse code near it.
 */
public final class CodeCondition extends Module {
    public final Embedding emb;
    public final ConvTranspose2d up;
    public final int codes, filters;

    public CodeCondition(int codes, int filters, Rng rng) {
        this.codes = codes;
        this.filters = filters;
        this.emb = child("emb", new Embedding(codes, filters, rng));
        this.up = child("up", new ConvTranspose2d(filters, filters, 3, 2, 1, 0, rng));
    }

    /** The side of the coarse grid that upsamples to a fine side {@code s}: {@code (s + 1) / 2}, for odd s. */
    public static int coarseSide(int fineSide) {
        if (fineSide < 1 || fineSide % 2 == 0) throw new IllegalArgumentException("CodeCondition: the fine grid side must be odd (2s - 1), got " + fineSide);
        return (fineSide + 1) / 2;
    }

    /** {@code top: N*h*w codes -> (N, F, 2h - 1, 2w - 1)}. */
    public Tensor forward(int[] top, int n, int h, int w) {
        if (top.length != n * h * w) throw new ShapeException("CodeCondition: " + top.length + " codes for a grid " + n + " x " + h + " x " + w);
        Tensor e = emb.forward(top, n, h, w).permute(0, 3, 1, 2);   // (N, F, h, w)
        return up.forward(e);                                          // (N, F, 2h - 1, 2w - 1)
    }
}

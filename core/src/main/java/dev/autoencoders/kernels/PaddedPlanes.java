package dev.autoencoders.kernels;

/**
 * Copies between an {@code h x w} image plane and the interior of a zero-bordered copy of it, whose rows are
 * {@code wp} long and whose border is {@code pad} wide: the padded planes of {@link FastConv} and
 * {@link VectorDirectConv}, on which every kernel tap reads without a bounds test.
 */
final class PaddedPlanes {
    private PaddedPlanes() {}

    /** {@code xp[to + (yy + pad)*wp + pad + xx] = x[from + yy*w + xx]}: the interior only; the border is left as it is. */
    static void copyIn(double[] x, int from, int h, int w, double[] xp, int to, int wp, int pad) {
        for (int yy = 0; yy < h; yy++) System.arraycopy(x, from + yy * w, xp, to + (yy + pad) * wp + pad, w);
    }

    /** {@code x[to + yy*w + xx] += xp[from + (yy + pad)*wp + pad + xx]}: the interior of the padded plane, added back. */
    static void addInterior(double[] xp, int from, int wp, int pad, double[] x, int to, int h, int w) {
        for (int yy = 0; yy < h; yy++) {
            int src = from + (yy + pad) * wp + pad, dst = to + yy * w;
            for (int xx = 0; xx < w; xx++) x[dst + xx] += xp[src + xx];
        }
    }
}

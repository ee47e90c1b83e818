package dev.autoencoders.kernels;

/**
 * Copies between an {@code h x w} image plane and the interior of a zero-bordered copy of it, whose rows are
 * {@code wp} long and whose border is {@code pad} wide: the padded planes of
 * {@link VectorDirectConv}, {@link ImplicitConv} and {@link GatherConv}, on which every kernel tap reads without a bounds test.
 */
final class PaddedPlanes {
    private PaddedPlanes() {}

    /** {@code xp[to + (yy + pad)*wp + pad + xx] = x[from + yy*w + xx]}: the interior only; the border is left as it is. */
    static void copyIn(double[] x, int from, int h, int w, double[] xp, int to, int wp, int pad) {
        for (int yy = 0; yy < h; yy++) System.arraycopy(x, from + yy * w, xp, to + (yy + pad) * wp + pad, w);
    }

    /**
     * Rows of a padded plane of a strided convolution: the image with its border, {@code h + 2p}, or the last window's
     * reach {@code (oh - 1)*s + k} if a geometry built with another oh reaches further (with oh from
     * {@link ConvGeometry#of} it never does).
     */
    static int height(ConvGeometry g) {
        return Math.max(g.h() + 2 * g.pad(), (g.oh() - 1) * g.stride() + g.k());
    }

    /** Columns of a padded plane, as {@link #height}. */
    static int width(ConvGeometry g) {
        return Math.max(g.w() + 2 * g.pad(), (g.ow() - 1) * g.stride() + g.k());
    }

    /**
     * {@code xp[to + (pl*hp + top + yy)*wp + left + xx] = x[from + (pl*h + yy)*w + xx]} for every plane pl, and 0
     * around: border and interior written in one pass, each padded row its left border, the image row and its right
     * border; rows outside the image zero.
     */
    static void copyWithBorder(double[] x, int from, int planes, int h, int w, int top, int left, int hp, int wp, double[] xp, int to) {
        for (int pl = 0; pl < planes; pl++) {
            for (int yy = 0; yy < hp; yy++, to += wp) {
                int row = yy - top;
                if (row < 0 || row >= h) {
                    java.util.Arrays.fill(xp, to, to + wp, 0.0);
                    continue;
                }
                java.util.Arrays.fill(xp, to, to + left, 0.0);
                System.arraycopy(x, from + (pl * h + row) * w, xp, to + left, w);
                java.util.Arrays.fill(xp, to + left + w, to + wp, 0.0);
            }
        }
    }

    /** {@link #copyWithBorder} with every value rounded to float. */
    static void copyWithBorder(double[] x, int from, int planes, int h, int w, int top, int left, int hp, int wp, float[] xp, int to) {
        for (int pl = 0; pl < planes; pl++) {
            for (int yy = 0; yy < hp; yy++, to += wp) {
                int row = yy - top;
                if (row < 0 || row >= h) {
                    java.util.Arrays.fill(xp, to, to + wp, 0f);
                    continue;
                }
                java.util.Arrays.fill(xp, to, to + left, 0f);
                for (int xx = 0, src = from + (pl * h + row) * w; xx < w; xx++) xp[to + left + xx] = (float) x[src + xx];
                java.util.Arrays.fill(xp, to + left + w, to + wp, 0f);
            }
        }
    }
}

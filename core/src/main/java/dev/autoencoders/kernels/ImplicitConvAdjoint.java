package dev.autoencoders.kernels;

/**
 * The input gradient of a convolution, {@code dx += W^T * dy} (the forward of a transposed convolution), as implicit
 * GEMMs like {@link ImplicitConv}: no columns are formed and none are folded back. Input pixel {@code yy} receives
 * {@code W[oc][ch][i][j] dy[oc][oy][ox]} from every output pixel whose window covers it, {@code yy = oy*s - p + i}:
 * with {@code a = yy + p} the taps are {@code i = a mod s + s*t} and {@code oy = floor(a/s) - t}. So the input pixels
 * fall into s x s phases {@code (a mod s, b mod s)}, and within a phase every pixel takes the same taps:
 * <pre>
 *   dx[sl][ch][yy][xx] += sum_(oc, t, u) dyp[rowBase + oc*hq*wq - t*wq - u] * W[oc][ch][a mod s + s*t][b mod s + s*u]
 *   rowBase = sl*o*hq*wq + (floor(a/s) + top)*wq + floor(b/s) + top
 * </pre>
 * one GEMM per phase: rows its pixels, k the (oc, t, u) with a visible tap, columns the input channels, A read from
 * {@code dyp}, the output gradient inside a zero border ({@code top = ceil(k/s) - 1} above and left, enough below
 * and right) so that window positions off the output grid read 0. Used for 8 to
 * {@link ImplicitConv#MAX_OUT} input channels while the padded dy stays in cache ({@link #applies}). Equal to the reference within rounding (tests).
 */
final class ImplicitConvAdjoint {
    private ImplicitConvAdjoint() {}

    /** Fewest input channels this path takes: with fewer, most lanes of a tile row would be padding. */
    static final int MIN_CHANNELS = 8;

    /**
     * Largest padded output gradient this path takes, in values (2^17, 1 MB): every phase GEMM reads all of it, so
     * once it outgrows the L2 cache the reference, which works on one image at a time, is faster (vq-vae's layers of
     * 2^18 and 2^20 values on AVX2; docs/performance.md, "Convolution routes").
     */
    static final long MAX_PADDED_VALUES = 1L << 17;

    /** Whether {@link ConvKernels} takes this path: the vector backend, 8 to 32 input channels and a padded dy that stays in cache. */
    static boolean applies(ConvGeometry g) {
        return GemmBackend.current() == GemmBackend.VECTOR && g.c() >= MIN_CHANNELS && g.c() <= ImplicitConv.MAX_OUT
                && (long) g.n() * g.o() * paddedRows(g) * paddedCols(g) <= MAX_PADDED_VALUES;
    }

    /** Rows of a padded plane of dy: {@code top} above, enough below for every input row. */
    private static int paddedRows(ConvGeometry g) {
        int s = g.stride(), top = (g.k() + s - 1) / s - 1;
        return top + Math.max(g.oh(), (g.h() - 1 + g.pad()) / s + 1);
    }

    private static int paddedCols(ConvGeometry g) {
        int s = g.stride(), top = (g.k() + s - 1) / s - 1;
        return top + Math.max(g.ow(), (g.w() - 1 + g.pad()) / s + 1);
    }

    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        int s = g.stride(), k = g.k(), p = g.pad(), h = g.h(), wd = g.w(), c = g.c(), o = g.o(), kk = k * k;
        int top = (k + s - 1) / s - 1;
        int hq = paddedRows(g), wq = paddedCols(g), plane = hq * wq;
        boolean dbl = Precision.matmul() == Precision.DOUBLE;
        int lanes = dbl ? VectorImplicitGemm.LANES : VectorImplicitGemmFloat.LANES, nb = (c + lanes - 1) / lanes * lanes;
        double[] dyp = dbl ? ImplicitConv.doubles(0, g.n() * o * plane) : null;
        float[] dypf = dbl ? null : ImplicitConv.floats(0, g.n() * o * plane);
        if (dbl) PaddedPlanes.copyWithBorder(dy, 0, g.n() * o, g.oh(), g.ow(), top, top, hq, wq, dyp, 0);
        else PaddedPlanes.copyWithBorder(dy, 0, g.n() * o, g.oh(), g.ow(), top, top, hq, wq, dypf, 0);
        for (int ry = 0; ry < s; ry++) {
            for (int rx = 0; rx < s; rx++) {
                // k of this phase: the (oc, t, u) whose tap (ry + s*t, rx + s*u) exists and is visible
                int ti = ry < k ? (k - ry + s - 1) / s : 0, tj = rx < k ? (k - rx + s - 1) / s : 0;
                int[] kOff = new int[o * ti * tj], tap = new int[kOff.length];
                int kLen = 0;
                for (int oc = 0; oc < o; oc++) {
                    for (int t = 0; t < ti; t++) {
                        for (int u = 0; u < tj; u++) {
                            if (!g.tap(ry + s * t, rx + s * u)) continue;
                            kOff[kLen] = oc * plane - t * wq - u;
                            tap[kLen++] = oc * c * kk + (ry + s * t) * k + rx + s * u;
                        }
                    }
                }
                if (kLen == 0) continue; // no tap reaches these pixels: their gradient stays as it is
                // rows of this phase: the input pixels with (yy + p) mod s = ry and (xx + p) mod s = rx
                int y0 = Math.floorMod(ry - p, s), x0 = Math.floorMod(rx - p, s);
                int ny = y0 < h ? (h - y0 + s - 1) / s : 0, nx = x0 < wd ? (wd - x0 + s - 1) / s : 0;
                if (ny == 0 || nx == 0) continue;
                int rows = g.n() * ny * nx;
                int[] rowBase = new int[rows], cRow = new int[rows];
                // (yy + p) / s and (xx + p) / s step by 1 from pixel to pixel of a phase: no division in the loop
                for (int sl = 0, r = 0; sl < g.n(); sl++) {
                    for (int yy = y0, qy = (y0 + p) / s + top; yy < h; yy += s, qy++) {
                        for (int xx = x0, qx = (x0 + p) / s + top; xx < wd; xx += s, qx++, r++) {
                            rowBase[r] = sl * o * plane + qy * wq + qx;
                            cRow[r] = sl * c * h * wd + yy * wd + xx;
                        }
                    }
                }
                int kn = kLen;
                // B[(oc, t, u)][ch] = W[oc][ch][i][j]
                if (dbl) {
                    double[] bp = ImplicitConv.doubles(1, kn * nb);
                    java.util.Arrays.fill(bp, 0, kn * nb, 0.0);
                    for (int q = 0; q < kn; q++) for (int ch = 0; ch < c; ch++) bp[q * nb + ch] = w[tap[q] + ch * kk];
                    ImplicitConv.rows(g, rows, (r0, r1) -> VectorImplicitGemm.compute(kn, c, dyp, rowBase, kOff, bp, nb, dx, cRow, h * wd, null, true, r0, r1));
                } else {
                    float[] bp = ImplicitConv.floats(1, kn * nb);
                    java.util.Arrays.fill(bp, 0, kn * nb, 0f);
                    for (int q = 0; q < kn; q++) for (int ch = 0; ch < c; ch++) bp[q * nb + ch] = (float) w[tap[q] + ch * kk];
                    ImplicitConv.rows(g, rows, (r0, r1) -> VectorImplicitGemmFloat.compute(kn, c, dypf, rowBase, kOff, bp, nb, dx, cRow, h * wd, null, true, r0, r1));
                }
            }
        }
    }
}

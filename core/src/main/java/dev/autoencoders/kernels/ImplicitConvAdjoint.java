package dev.autoencoders.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * and right) so that window positions off the output grid read 0. The images go in chunks that stay in the L2 cache
 * ({@link #chunkBytes}), each chunk's phases one after the other on one thread, the chunks split between threads;
 * every dx value is one row of one phase's GEMM, so the bits do not depend on the chunks or the thread count. Used
 * for 8 to {@link ImplicitConv#MAX_OUT} input channels ({@link #applies}). Equal to the reference within rounding (tests).
 */
final class ImplicitConvAdjoint {
    private ImplicitConvAdjoint() {}

    /** Fewest input channels this path takes: with fewer, most lanes of a tile row would be padding. */
    static final int MIN_CHANNELS = 8;

    /**
     * Bytes of a chunk of images, its padded dy and its dx together (512 KB: half the L2 cache of the machines of
     * docs/performance.md), at least one image; tests lower it to exercise the chunk boundaries. Every phase of a
     * chunk adds into the same dx, so while the chunk stays in cache its dx is read and written from there; with the
     * phases over all images at once, each phase streamed dx through memory (docs/performance.md, "Kernel choices").
     */
    static long chunkBytes = 1L << 19;

    /**
     * Largest padded output gradient this path takes, in values (2^17), unless the operands are float32 on a machine
     * with 32 vector registers (AVX-512): vq-vae's 32 <-> 64-channel layers (2^18 and 2^20 values) were faster by the
     * reference with 16 registers, where the micro-kernel's tile of 8 rows by two vectors spills, and at the decoder
     * in double on two threads; in float32 with 32 registers this path was faster at both (docs/performance.md,
     * "Convolution routes"). conv-ae's layers, far below the bound, are 2 to 5 times faster this way everywhere.
     */
    static final long MAX_PADDED_VALUES = 1L << 17;

    /**
     * Whether {@link ConvKernels} takes this path: the vector backend, 8 to 32 input channels, and a padded dy of at
     * most {@link #MAX_PADDED_VALUES} values unless float32 operands meet 32 vector registers ({@link RegisterFile}).
     */
    static boolean applies(ConvGeometry g) {
        return GemmBackend.current() == GemmBackend.VECTOR && g.c() >= MIN_CHANNELS && g.c() <= ImplicitConv.MAX_OUT
                && ((long) g.n() * g.o() * paddedRows(g) * paddedCols(g) <= MAX_PADDED_VALUES
                    || Precision.matmul() == Precision.FLOAT32 && RegisterFile.vectorRegisters() >= 32);
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

    /**
     * One phase {@code (ry, rx)}: its k, the (oc, t, u) whose tap {@code (ry + s*t, rx + s*u)} is visible, as offsets
     * into a chunk's padded dy ({@code kOff}) and as the packed weight {@code B[(oc, t, u)][ch] = W[oc][ch][i][j]}
     * ({@code kLen x nb}, double or float); its rows, the input pixels of one image with {@code (yy + p) mod s = ry}
     * and {@code (xx + p) mod s = rx}, as their place in an image's padded dy ({@code base}) and in its dx ({@code out}).
     */
    private record Phase(int kLen, int[] kOff, double[] bd, float[] bf, int[] base, int[] out) {}

    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        int s = g.stride(), k = g.k(), p = g.pad(), h = g.h(), wd = g.w(), c = g.c(), o = g.o(), kk = k * k;
        int top = (k + s - 1) / s - 1;
        int hq = paddedRows(g), wq = paddedCols(g), plane = hq * wq;
        boolean dbl = Precision.matmul() == Precision.DOUBLE;
        int lanes = dbl ? VectorImplicitGemm.LANES : VectorImplicitGemmFloat.LANES, nb = (c + lanes - 1) / lanes * lanes;
        List<Phase> phases = new ArrayList<>();
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
                int[] base = new int[ny * nx], out = new int[ny * nx];
                // (yy + p) / s and (xx + p) / s step by 1 from pixel to pixel of a phase: no division in the loop
                for (int yy = y0, qy = (y0 + p) / s + top, r = 0; yy < h; yy += s, qy++) {
                    for (int xx = x0, qx = (x0 + p) / s + top; xx < wd; xx += s, qx++, r++) {
                        base[r] = qy * wq + qx;
                        out[r] = yy * wd + xx;
                    }
                }
                // B[(oc, t, u)][ch] = W[oc][ch][i][j], zero past c
                double[] bd = dbl ? new double[kLen * nb] : null;
                float[] bf = dbl ? null : new float[kLen * nb];
                for (int q = 0; q < kLen; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        if (dbl) bd[q * nb + ch] = w[tap[q] + ch * kk];
                        else bf[q * nb + ch] = (float) w[tap[q] + ch * kk];
                    }
                }
                phases.add(new Phase(kLen, Arrays.copyOf(kOff, kLen), bd, bf, base, out));
            }
        }
        long imageBytes = (long) o * plane * (dbl ? 8 : 4) + (long) c * h * wd * 8;
        // the fewest chunks within the budget, of equal size (as GatherConv's): 32 images of 29 a chunk go as 16 and 16
        int most = (int) Math.max(1, Math.min(g.n(), chunkBytes / imageBytes)), chunks = (g.n() + most - 1) / most;
        int chunk = (g.n() + chunks - 1) / chunks;
        chunks = (g.n() + chunk - 1) / chunk;
        long macs = (long) g.n() * o * c * g.visibleTaps() * g.outPlane();
        if (chunks == 1) {
            // one chunk: each phase's rows split between threads
            chunk(g, phases, dy, dx, 0, g.n(), top, hq, wq, nb, dbl, true);
            return;
        }
        // each chunk on one thread, its phases one after the other; the chunks write disjoint images of dx
        Loops.split(chunks, macs, Loops.Cost.IMPLICIT_MAC, (k0, k1) -> {
            for (int ki = k0; ki < k1; ki++) chunk(g, phases, dy, dx, ki * chunk, Math.min(chunk, g.n() - ki * chunk), top, hq, wq, nb, dbl, false);
        });
    }

    /**
     * The images {@code [s0, s0 + count)}: dy inside a zero border ({@code top} above and left), then every phase's
     * implicit GEMM into dx, its rows split between threads when {@code splitRows} (not inside a part that already
     * runs on one).
     */
    private static void chunk(ConvGeometry g, List<Phase> phases, double[] dy, double[] dx, int s0, int count,
                              int top, int hq, int wq, int nb, boolean dbl, boolean splitRows) {
        int o = g.o(), c = g.c(), plane = hq * wq, image = g.h() * g.w();
        double[] dyp = dbl ? ImplicitConv.doubles(0, count * o * plane) : null;
        float[] dypf = dbl ? null : ImplicitConv.floats(0, count * o * plane);
        if (dbl) PaddedPlanes.copyWithBorder(dy, s0 * o * g.outPlane(), count * o, g.oh(), g.ow(), top, top, hq, wq, dyp, 0);
        else PaddedPlanes.copyWithBorder(dy, s0 * o * g.outPlane(), count * o, g.oh(), g.ow(), top, top, hq, wq, dypf, 0);
        for (Phase ph : phases) {
            int pix = ph.base().length, rows = count * pix;
            int[] rowBase = new int[rows], cRow = new int[rows];
            for (int sl = 0, r = 0; sl < count; sl++) {
                for (int q = 0; q < pix; q++, r++) {
                    rowBase[r] = sl * o * plane + ph.base()[q];
                    cRow[r] = (s0 + sl) * c * image + ph.out()[q];
                }
            }
            // dx[pixel][ch] += sum_(oc, t, u) dyp[rowBase + kOff] B[(oc, t, u)][ch]
            ImplicitConv.Range range = dbl
                    ? (r0, r1) -> VectorImplicitGemm.compute(ph.kLen(), c, dyp, rowBase, ph.kOff(), ph.bd(), nb, dx, cRow, image, null, true, r0, r1)
                    : (r0, r1) -> VectorImplicitGemmFloat.compute(ph.kLen(), c, dypf, rowBase, ph.kOff(), ph.bf(), nb, dx, cRow, image, null, true, r0, r1);
            if (splitRows) ImplicitConv.rows(g, rows, range);
            else range.run(0, rows);
        }
    }
}

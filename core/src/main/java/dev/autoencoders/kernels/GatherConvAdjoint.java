package dev.autoencoders.kernels;

/**
 * The input gradient of a strided convolution, {@code dx += W^T * dy} (the forward of a transposed convolution), as
 * {@link GatherConv}'s gathered GEMMs, one per phase: no columns are formed and none are folded back (col2im).
 * Input pixel {@code yy} receives {@code W[oc][ch][i][j] dy[oc][oy][ox]} from every output pixel whose window covers
 * it, {@code yy = oy*s - p + i}: with {@code yy + p = a + s*Y} ({@code 0 <= a < s}) the taps are {@code i = a + s*m}
 * and {@code oy = Y - m}. So the input pixels fall into s x s phases {@code (a, b)}, and within a phase every pixel
 * takes the same T taps {@code (m_t, n_t)}; a phase is a stride-1 correlation of dy with those taps:
 * <pre>
 *   dX_ab (c, images*PY*PX) = Wab (c, o*T) col_ab (o*T, images*PY*PX)     Wab[ch][oc*T + t] = W[oc][ch][a + s m_t][b + s n_t]
 *   col_ab[oc*T + t][sl, Y, X] = dy[sl][oc][Y - m_t][X - n_t]  (0 off the output grid)
 *                              = dyp[rows[oc*T + t] + cols[sl, Y, X]]
 *       rows[oc*T + t] = oc*hp*wp + (M - m_t)*wp + (N - n_t)         dyp: dy inside a zero border of M rows above,
 *       cols[sl, Y, X] = sl*o*hp*wp + Y*wp + X                             N columns left (M, N the largest m_t, n_t)
 *   dx[sl][ch][a - p + s*Y][b - p + s*X] += dX_ab[ch][sl, Y, X]
 * </pre>
 * over the Y, X of the phase inside the image. Images go in chunks (as in {@link GatherConv}) so that the padded dy of
 * a chunk stays in cache; the copies in and out are split between threads by image, every value computed on its own,
 * and the GEMM's split keeps its bits too: the same bits on any thread count. Equal to the reference within rounding
 * (tests): each dx value sums the same terms in another order.
 */
final class GatherConvAdjoint {
    private GatherConvAdjoint() {}

    /**
     * Whether {@link ConvKernels} takes this path: the vector backend, a stride above 1, and at least twice as many
     * input channels as output channels. Each gathered value of col_ab is then used by many rows (c) for the few
     * (o*T) that are gathered; the other strided layers of the workloads were as fast or faster with the reference
     * (docs/performance.md, "Convolution routes").
     */
    static boolean applies(ConvGeometry g) {
        return GemmBackend.current() == GemmBackend.VECTOR && g.stride() > 1 && g.c() >= 2 * g.o();
    }

    /** Scratch of the calling thread: 0 the padded dy of a chunk, 1 a phase's dX, 2 a phase's weight. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[Math.max(size, s[slot].length + s[slot].length / 2)];
        return s[slot];
    }

    /** The taps of phase a along one axis: {@code m} with {@code a + s*m < k}. */
    private static int tapsAlong(int a, int s, int k) {
        return a < k ? (k - 1 - a) / s + 1 : 0;
    }

    /** The first Y of phase a inside the image ({@code a - p + s*Y >= 0}) and the count of them ({@code < h}). */
    private static int firstY(int a, int s, int p) {
        return Math.max(0, Math.floorDiv(p - a + s - 1, s));
    }

    private static int countY(int a, int s, int p, int h) {
        int last = Math.floorDiv(h - 1 + p - a, s);
        return Math.max(0, last - firstY(a, s, p) + 1);
    }

    /** {@code dx += W^T * dy}, phase by phase. */
    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        int s = g.stride(), k = g.k(), p = g.pad(), o = g.o(), c = g.c();
        int top = (k - 1) / s, left = top;
        // padded dy planes: rows from -top to the last Y any phase reads
        int hp = top + Math.max(g.oh(), Math.floorDiv(g.h() - 1 + p, s) + 1), wp = left + Math.max(g.ow(), Math.floorDiv(g.w() - 1 + p, s) + 1);
        int plane = g.oh() * g.ow(), padded = o * hp * wp;
        int chunk = chunkImages(g, hp, wp);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), first = s0;
            double[] dyp = scratch(0, count * padded);
            Loops.split(count * o, (long) count * padded, Loops.Cost.COPY, (p0, p1) ->
                PaddedPlanes.copyWithBorder(dy, (first * o + p0) * plane, p1 - p0, g.oh(), g.ow(), top, left, hp, wp, dyp, p0 * hp * wp));
            for (int a = 0; a < s; a++) {
                for (int b = 0; b < s; b++) phase(g, a, b, w, dyp, hp, wp, top, left, s0, count, dx);
            }
        }
    }

    /** Images per chunk: at most {@link GatherConv#chunkColumns} output pixels of dy (the columns of the phases together), at least one. */
    private static int chunkImages(ConvGeometry g, int hp, int wp) {
        long perImage = Math.max(1L, (long) g.h() * g.w());
        int most = (int) Math.max(1, Math.min(g.n(), Math.min(GatherConv.chunkColumns * 4L / perImage, GatherConv.chunkPaddedDoubles / Math.max(1L, (long) g.o() * hp * wp))));
        int chunks = (g.n() + most - 1) / most;
        return (g.n() + chunks - 1) / chunks;
    }

    /** One phase (a, b) of the chunk's images {@code [s0, s0 + count)}: its GEMM and its scatter into dx. */
    private static void phase(ConvGeometry g, int a, int b, double[] w, double[] dyp, int hp, int wp, int top, int left,
                              int s0, int count, double[] dx) {
        int s = g.stride(), k = g.k(), p = g.pad(), o = g.o(), c = g.c(), kk = k * k;
        int my = tapsAlong(a, s, k), nx = tapsAlong(b, s, k);
        int y0 = firstY(a, s, p), ny = countY(a, s, p, g.h()), x0 = firstY(b, s, p), nxs = countY(b, s, p, g.w());
        if (my == 0 || nx == 0 || ny == 0 || nxs == 0) return;
        // the visible taps (m, n) of the phase
        int[] tm = new int[my * nx], tn = new int[my * nx];
        int t = 0;
        for (int m = 0; m < my; m++) {
            for (int n = 0; n < nx; n++) {
                if (g.tap(a + s * m, b + s * n)) {
                    tm[t] = m;
                    tn[t++] = n;
                }
            }
        }
        if (t == 0) return;
        int taps = t, ot = o * taps, pix = ny * nxs, cols = count * pix;
        // Wab[ch][oc*T + t] = W[oc][ch][a + s m_t][b + s n_t]
        double[] wab = scratch(2, c * ot);
        for (int ch = 0; ch < c; ch++) {
            for (int oc = 0; oc < o; oc++) {
                for (int v = 0; v < taps; v++) wab[ch * ot + oc * taps + v] = w[(oc * c + ch) * kk + (a + s * tm[v]) * k + b + s * tn[v]];
            }
        }
        int[] rows = new int[ot];
        for (int oc = 0; oc < o; oc++) {
            for (int v = 0; v < taps; v++) rows[oc * taps + v] = oc * hp * wp + (top - tm[v]) * wp + (left - tn[v]);
        }
        int[] starts = new int[cols];
        for (int sl = 0, q = 0; sl < count; sl++) {
            for (int yy = 0; yy < ny; yy++) {
                for (int xx = 0; xx < nxs; xx++) starts[q++] = sl * o * hp * wp + (y0 + yy) * wp + x0 + xx;
            }
        }
        double[] dxt = scratch(1, c * cols);
        // dX_ab (c, images*PY*PX) = Wab (c, o*T) col_ab,   col_ab[r][q] = dyp[rows[r] + starts[q]]
        Gemm.gemm(GemmView.gathered(c, wab, 0, dyp, 0, rows, starts, dxt, 0, false));
        // dx[sl][ch][a - p + s*Y][b - p + s*X] += dX_ab[ch][sl, Y, X]
        int hw = g.h() * g.w();
        Loops.split(count, (long) c * cols, Loops.Cost.COPY, (sl0, sl1) -> {
            for (int sl = sl0; sl < sl1; sl++) {
                for (int ch = 0; ch < c; ch++) {
                    int src = ch * cols + sl * pix, dst = ((s0 + sl) * c + ch) * hw;
                    for (int yy = 0; yy < ny; yy++) {
                        int row = dst + (a - p + s * (y0 + yy)) * g.w() + b - p + s * x0;
                        for (int xx = 0; xx < nxs; xx++) dx[row + s * xx] += dxt[src + yy * nxs + xx];
                    }
                }
            }
        });
    }
}

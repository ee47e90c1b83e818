package dev.autoencoders.kernels;

/**
 * The fast convolution kernels behind {@link ConvKernels}: equal to the reference up to rounding (tests), but
 * <ul>
 *   <li>one GEMM for a whole chunk of images instead of one per image: the columns of all images of the chunk
 *       sit side by side, {@code col: (c*T, images*oh*ow)}, so the product {@code Y = Wc col} has thousands of
 *       columns rather than oh*ow;</li>
 *   <li>only the T visible taps of a masked convolution are unfolded (PixelCNN's 7x7 mask A keeps 24 of 49);</li>
 *   <li>the unfolding reads the image planes of a channel through a copy with a zero border, so that its inner
 *       loop tests no bounds and needs no zero fill of the columns: one loop over precomputed window starts fills
 *       a whole row of col;</li>
 *   <li>the unfolded chunk is bounded (2^19 doubles, 4 MB, so that it is still in the L2 cache when the GEMM packs it:
 *       2^21 measured 15% slower on vq-vae) and lives in scratch buffers reused from call to call;</li>
 *   <li>large unfoldings are split by channel between threads.</li>
 * </ul>
 * With P = oh*ow pixels per image, column {@code sl*P + oy*ow + ox} of image sl, and row {@code ch*T + t} for channel ch
 * and visible tap t = (i_t, j_t):
 * <pre>  col[ch*T + t][sl*P + oy*ow + ox] = x[s0 + sl][ch][oy*s - p + i_t][ox*s - p + j_t]   (0 outside the image)</pre>
 * The packed weight is {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]}.
 */
final class FastConv {
    private FastConv() {}

    /** Upper bound on the unfolded chunk's size (tests lower it to exercise the chunk boundaries). */
    static int chunkDoubles = 1 << 19;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

    /** Scratch buffer {@code slot} with at least {@code size} doubles (contents undefined). */
    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[Math.max(size, s[slot].length + s[slot].length / 2)];
        return s[slot];
    }

    /** The visible taps as (i, j) lists. */
    record Taps(int[] i, int[] j) {
        static Taps of(ConvGeometry g) {
            int t = g.visibleTaps();
            int[] ti = new int[t], tj = new int[t];
            for (int i = 0, n = 0; i < g.k(); i++) {
                for (int j = 0; j < g.k(); j++) {
                    if (g.tap(i, j)) {
                        ti[n] = i;
                        tj[n++] = j;
                    }
                }
            }
            return new Taps(ti, tj);
        }

        int size() {
            return i.length;
        }
    }

    /** Images per chunk: as many as keep the unfolded columns and the output rows within {@link #chunkDoubles}. */
    private static int chunkImages(ConvGeometry g, int rowCount) {
        long perImage = (long) g.outPlane() * (rowCount + g.o());
        return (int) Math.max(1, Math.min(g.n(), chunkDoubles / Math.max(1, perImage)));
    }

    /** {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]} into FastConv's scratch. */
    private static double[] packWeight(ConvGeometry g, Taps taps, double[] w) {
        return packWeight(g, taps, w, scratch(2, g.o() * g.c() * taps.size()));
    }

    /** {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]}, the weight of the visible taps as an {@code (o, c*T)} matrix, into wc. */
    static double[] packWeight(ConvGeometry g, Taps taps, double[] w, double[] wc) {
        int t = taps.size(), ct = g.c() * t, kk = g.k() * g.k();
        for (int oc = 0; oc < g.o(); oc++) {
            for (int ch = 0; ch < g.c(); ch++) {
                for (int v = 0; v < t; v++) wc[oc * ct + ch * t + v] = w[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]];
            }
        }
        return wc;
    }

    /** Unfoldings with fewer values run on the calling thread alone (at 2^16, conv-ae lost 6% to the hand-over). */
    static final int PARALLEL_MIN_VALUES = 1 << 18;

    /**
     * Walks the unfolding of images {@code [s0, s0 + count)}. {@code adjoint} false: {@code col <- x} (zeros outside
     * the image); true: {@code x += col} (the adjoint, col2im). Channels are split between threads: each channel owns
     * its rows of col and its planes of x, so the parts never touch the same value (same bits on any thread count).
     */
    private static void unfold(ConvGeometry g, Taps taps, double[] x, int s0, int count, double[] col, boolean adjoint) {
        long values = (long) g.c() * taps.size() * count * g.outPlane();
        int parts = values >= PARALLEL_MIN_VALUES ? Math.min(g.c(), Parallelism.threads()) : 1;
        Padded pad = Padded.of(g, count);
        Parallelism.run(parts, t -> unfold(g, taps, pad, x, s0, count, col, adjoint, g.c() * t / parts, g.c() * (t + 1) / parts));
    }

    /**
     * The {@code count} image planes of one channel, each with a zero border of width pad, {@code (count, hp, wp)},
     * and where each column of the unfolding starts its window in them: {@code start[sl*P + oy*ow + ox] =
     * sl*hp*wp + oy*s*wp + ox*s}. Tap (i, j) of column q reads the padded planes at {@code start[q] + i*wp + j}:
     * always inside them, so the copy loops test no bounds, and one loop covers a whole row of col.
     */
    private record Padded(int hp, int wp, int[] start) {
        static Padded of(ConvGeometry g, int count) {
            int s = g.stride(), p = g.outPlane();
            int hp = PaddedPlanes.height(g), wp = PaddedPlanes.width(g);
            int[] start = new int[count * p];
            for (int sl = 0; sl < count; sl++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) start[sl * p + oy * g.ow() + ox] = sl * hp * wp + oy * s * wp + ox * s;
                }
            }
            return new Padded(hp, wp, start);
        }

        int plane() {
            return hp * wp;
        }
    }

    /**
     * {@link #unfold} for channels {@code [c0, c1)}, one channel at a time through the padded copy {@code xp} of its
     * planes:
     * <pre>  col[ch*T + t][q] = xp[start[q] + i_t*wp + j_t]     (unfold)
     *  xp[start[q] + i_t*wp + j_t] += col[ch*T + t][q]    (adjoint; then x += the inside of xp)</pre>
     */
    private static void unfold(ConvGeometry g, Taps taps, Padded pad, double[] x, int s0, int count, double[] col, boolean adjoint, int c0, int c1) {
        int t = taps.size(), cols = count * g.outPlane(), h = g.h(), w = g.w(), wp = pad.wp(), plane = pad.plane(), border = g.pad();
        int[] start = pad.start();
        double[] xp = scratch(3, count * plane);
        // the border stays 0 from this fill; the unfolding only rewrites the inside from channel to channel
        if (!adjoint) java.util.Arrays.fill(xp, 0, count * plane, 0.0);
        for (int ch = c0; ch < c1; ch++) {
            if (adjoint) {
                java.util.Arrays.fill(xp, 0, count * plane, 0.0);
            } else {
                for (int sl = 0; sl < count; sl++) PaddedPlanes.copyIn(x, ((s0 + sl) * g.c() + ch) * h * w, h, w, xp, sl * plane, wp, border);
            }
            for (int v = 0; v < t; v++) {
                int tap = taps.i()[v] * wp + taps.j()[v], row = (ch * t + v) * cols;
                if (adjoint) {
                    for (int q = 0; q < cols; q++) xp[start[q] + tap] += col[row + q];
                } else {
                    for (int q = 0; q < cols; q++) col[row + q] = xp[start[q] + tap];
                }
            }
            if (adjoint) {
                for (int sl = 0; sl < count; sl++) PaddedPlanes.addInterior(xp, sl * plane, wp, border, x, ((s0 + sl) * g.c() + ch) * h * w, h, w);
            }
        }
    }

    /** {@code dyt[oc][sl*P + pix] = dy[s0 + sl][oc][pix]}: the output gradient of a chunk in the (o, images*P) layout. */
    static void gather(ConvGeometry g, double[] dy, int s0, int count, double[] dyt) {
        int p = g.outPlane(), o = g.o(), cols = count * p;
        for (int sl = 0; sl < count; sl++) {
            for (int oc = 0; oc < o; oc++) System.arraycopy(dy, ((s0 + sl) * o + oc) * p, dyt, oc * cols + sl * p, p);
        }
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        Taps taps = Taps.of(g);
        int ct = g.c() * taps.size(), p = g.outPlane(), o = g.o();
        double[] wc = packWeight(g, taps, w);
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), cols = count * p;
            double[] col = scratch(0, ct * cols), yt = scratch(1, o * cols);
            unfold(g, taps, x, s0, count, col, false);
            // Y (o, images*P) = Wc (o, c*T) col (c*T, images*P)
            Gemm.gemm(false, false, o, cols, ct, wc, 0, col, 0, yt, 0, false);
            for (int sl = 0; sl < count; sl++) {
                for (int oc = 0; oc < o; oc++) {
                    int dst = ((s0 + sl) * o + oc) * p, src = oc * cols + sl * p;
                    double bias = b == null ? 0.0 : b[oc];
                    for (int pix = 0; pix < p; pix++) y[dst + pix] = yt[src + pix] + bias;
                }
            }
        }
    }

    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        Taps taps = Taps.of(g);
        int ct = g.c() * taps.size(), p = g.outPlane(), o = g.o();
        double[] wc = packWeight(g, taps, w);
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), cols = count * p;
            double[] col = scratch(0, ct * cols), dyt = scratch(1, o * cols);
            gather(g, dy, s0, count, dyt);
            // dcol (c*T, images*P) = Wc^T (c*T, o) dY (o, images*P), folded back onto the pixels
            Gemm.gemm(true, false, ct, cols, o, wc, 0, dyt, 0, col, 0, false);
            unfold(g, taps, dx, s0, count, col, true);
        }
    }

    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        Taps taps = Taps.of(g);
        int t = taps.size(), ct = g.c() * t, p = g.outPlane(), o = g.o(), kk = g.k() * g.k();
        double[] dwc = new double[o * ct];
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), cols = count * p;
            double[] col = scratch(0, ct * cols), dyt = scratch(1, o * cols);
            unfold(g, taps, x, s0, count, col, false);
            gather(g, dy, s0, count, dyt);
            // dWc (o, c*T) += dY (o, images*P) col^T (images*P, c*T)
            Gemm.gemm(false, true, o, ct, cols, dyt, 0, col, 0, dwc, 0, true);
        }
        for (int oc = 0; oc < o; oc++) {
            for (int ch = 0; ch < g.c(); ch++) {
                for (int v = 0; v < t; v++) dw[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]] += dwc[oc * ct + ch * t + v];
            }
        }
    }
}

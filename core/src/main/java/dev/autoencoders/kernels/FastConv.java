package dev.autoencoders.kernels;

/**
 * The input gradient of a strided convolution behind {@link ConvKernels} (stride 1 goes through
 * {@link GatherConv}, whose forward and weight gradient replaced the ones that were here): equal to the reference up
 * to rounding (tests), but
 * <ul>
 *   <li>one GEMM for a whole chunk of images instead of one per image: the columns of all images of the chunk
 *       sit side by side, {@code dcol = Wc^T dY: (c*T, images*oh*ow)}, then folded back onto the pixels (col2im);</li>
 *   <li>only the T visible taps of a masked convolution are folded;</li>
 *   <li>the folding adds into a copy of the image planes of a channel with a zero border, so that its inner
 *       loop tests no bounds: one loop over precomputed window starts adds a whole row of dcol;</li>
 *   <li>the chunk is bounded (2^19 doubles, 4 MB, so that it is still in the L2 cache when it is folded) and lives in
 *       scratch buffers reused from call to call;</li>
 *   <li>large foldings are split by channel between threads.</li>
 * </ul>
 * With P = oh*ow pixels per image, column {@code sl*P + oy*ow + ox} of image sl, and row {@code ch*T + t} for channel ch
 * and visible tap t = (i_t, j_t):
 * <pre>  dx[s0 + sl][ch][oy*s - p + i_t][ox*s - p + j_t] += dcol[ch*T + t][sl*P + oy*ow + ox]   (outside the image: dropped)</pre>
 * The packed weight is {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]}.
 */
final class FastConv {
    private FastConv() {}

    /** Upper bound on a chunk's size (tests lower it to exercise the chunk boundaries). */
    static int chunkDoubles = 1 << 19;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

    /** Scratch buffer {@code slot} with at least {@code size} doubles (contents undefined). */
    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[Math.max(size, s[slot].length + s[slot].length / 2)];
        return s[slot];
    }

    /** Images per chunk: as many as keep the columns of dcol and of dY within {@link #chunkDoubles}. */
    private static int chunkImages(ConvGeometry g, int rowCount) {
        long perImage = (long) g.outPlane() * (rowCount + g.o());
        return (int) Math.max(1, Math.min(g.n(), chunkDoubles / Math.max(1, perImage)));
    }

    /** {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]}, the weight of the visible taps as an {@code (o, c*T)} matrix. */
    private static double[] packWeight(ConvGeometry g, VisibleTaps taps, double[] w) {
        int t = taps.size(), ct = g.c() * t, kk = g.k() * g.k();
        double[] wc = scratch(2, g.o() * ct);
        for (int oc = 0; oc < g.o(); oc++) {
            for (int ch = 0; ch < g.c(); ch++) {
                for (int v = 0; v < t; v++) wc[oc * ct + ch * t + v] = w[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]];
            }
        }
        return wc;
    }

    /** Foldings with fewer values run on the calling thread alone (at 2^16, conv-ae lost 6% to the hand-over). */
    static final int PARALLEL_MIN_VALUES = 1 << 18;

    /**
     * {@code x += fold(col)} for images {@code [s0, s0 + count)}, the adjoint of the unfolding (col2im). Channels are
     * split between threads: each channel owns its rows of col and its planes of x, so the parts never touch the same
     * value (same bits on any thread count).
     */
    private static void fold(ConvGeometry g, VisibleTaps taps, double[] x, int s0, int count, double[] col) {
        long values = (long) g.c() * taps.size() * count * g.outPlane();
        int parts = values >= PARALLEL_MIN_VALUES ? Math.min(g.c(), Parallelism.threads()) : 1;
        Padded pad = Padded.of(g, count);
        Parallelism.run(parts, t -> fold(g, taps, pad, x, s0, count, col, g.c() * t / parts, g.c() * (t + 1) / parts));
    }

    /**
     * The {@code count} image planes of one channel, each with a zero border of width pad, {@code (count, hp, wp)},
     * and where each column of the unfolding starts its window in them: {@code start[sl*P + oy*ow + ox] =
     * sl*hp*wp + oy*s*wp + ox*s}. Tap (i, j) of column q adds into the padded planes at {@code start[q] + i*wp + j}:
     * always inside them, so the loops test no bounds, and one loop covers a whole row of col.
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
     * {@link #fold} for channels {@code [c0, c1)}, one channel at a time through a zeroed padded copy {@code xp} of its
     * planes:
     * <pre>  xp[start[q] + i_t*wp + j_t] += col[ch*T + t][q],   then x += the inside of xp</pre>
     */
    private static void fold(ConvGeometry g, VisibleTaps taps, Padded pad, double[] x, int s0, int count, double[] col, int c0, int c1) {
        int t = taps.size(), cols = count * g.outPlane(), h = g.h(), w = g.w(), wp = pad.wp(), plane = pad.plane(), border = g.pad();
        int[] start = pad.start();
        double[] xp = scratch(3, count * plane);
        for (int ch = c0; ch < c1; ch++) {
            java.util.Arrays.fill(xp, 0, count * plane, 0.0);
            for (int v = 0; v < t; v++) {
                int tap = taps.i()[v] * wp + taps.j()[v], row = (ch * t + v) * cols;
                for (int q = 0; q < cols; q++) xp[start[q] + tap] += col[row + q];
            }
            for (int sl = 0; sl < count; sl++) PaddedPlanes.addInterior(xp, sl * plane, wp, border, x, ((s0 + sl) * g.c() + ch) * h * w, h, w);
        }
    }

    /** {@code dyt[oc][sl*P + pix] = dy[s0 + sl][oc][pix]}: the output gradient of a chunk in the (o, images*P) layout. */
    static void gather(ConvGeometry g, double[] dy, int s0, int count, double[] dyt) {
        int p = g.outPlane(), o = g.o(), cols = count * p;
        for (int sl = 0; sl < count; sl++) {
            for (int oc = 0; oc < o; oc++) System.arraycopy(dy, ((s0 + sl) * o + oc) * p, dyt, oc * cols + sl * p, p);
        }
    }

    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        VisibleTaps taps = VisibleTaps.of(g);
        int ct = g.c() * taps.size(), p = g.outPlane(), o = g.o();
        double[] wc = packWeight(g, taps, w);
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), cols = count * p;
            double[] col = scratch(0, ct * cols), dyt = scratch(1, o * cols);
            gather(g, dy, s0, count, dyt);
            // dcol (c*T, images*P) = Wc^T (c*T, o) dY (o, images*P), folded back onto the pixels
            Gemm.gemm(true, false, ct, cols, o, wc, 0, dyt, 0, col, 0, false);
            fold(g, taps, dx, s0, count, col);
        }
    }
}

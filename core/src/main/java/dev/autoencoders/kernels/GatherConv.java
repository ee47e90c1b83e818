package dev.autoencoders.kernels;

/**
 * Convolution as one GEMM per chunk of images whose unfolded matrix is never written: the GEMM reads it only while
 * packing its panels, and then straight from zero-bordered copies of the images
 * ({@link GemmView#gathered}, {@link Packing#packB}). With P = oh*ow pixels per image, T visible taps
 * {@code (i_t, j_t)}, and the chunk's images padded into planes of {@code hp x wp} ({@code xp: (count, c, hp, wp)}):
 * <pre>
 *   col[ch*T + t][sl*P + oy*ow + ox] = xp[rows[ch*T + t] + cols[sl*P + oy*ow + ox]]
 *       rows[ch*T + t]          = ch*hp*wp + i_t*wp + j_t              where the tap sits in a window
 *       cols[sl*P + oy*ow + ox] = sl*c*hp*wp + oy*s*wp + ox*s          where the window starts
 *
 *   forward          Y (o, images*P)  = Wc (o, c*T) col                    Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]
 *   backwardWeight   dWc (o, c*T)    += dY (o, images*P) col^T             col^T gathered with rows and cols swapped
 *   backwardInput    dx += conv(dy, W~, padding k - 1 - p)                 stride 1 only, see below
 * </pre>
 * The input gradient of a stride-1 convolution is itself a convolution: {@code dx[c][y][x] = sum_{o,i,j}
 * W[o][c][i][j] dy[o][y + p - i][x + p - j]}; with {@code i' = k-1-i, j' = k-1-j} this is the forward of dy by
 * {@code W~[c][o][i'][j'] = W[o][c][k-1-i'][k-1-j']} (channels swapped, kernel turned by 180 degrees, mask too) with
 * padding {@code k - 1 - p}. So all three products are gathered GEMMs, and no col2im is needed.
 *
 * <p>Compared with unfolding first (writing col, c*T doubles per pixel, then packing it): one pass over memory instead
 * of three, and chunks of up to 4096 columns (two of the GEMM's column blocks), so that Wc is packed once per 2048
 * columns rather than once per chunk of a few images (the chunk size is chosen in docs/performance.md). The vector kernels pack full panels with vector gathers
 * ({@link VectorGather}). Without a border (a 1 x 1 layer, padding 0) the gathers read x in place, with no copy.
 * Large copies, the weight packing and the weight-gradient scatter are split between threads; every value is
 * computed on its own there, so the bits do not depend on the thread count (the GEMM's own split keeps them too).
 * The weight gradient is split by groups of image chunks instead, each group's partial sum added in a fixed order.
 */
final class GatherConv {
    private GatherConv() {}

    /** Columns of col per chunk (tests lower it to exercise the chunk boundaries); a chunk has at least one image. */
    static int chunkColumns = 4096;

    /**
     * Columns per chunk of the weight gradient, whose chunks are the parts split between threads (see
     * {@link #backwardWeight}); tests lower it too.
     */
    static int weightChunkColumns = 1024;

    /** The most partial sums of the weight gradient (its memory: this many times the weight's size). */
    static final int PARTIAL_SUMS = 16;

    /** The input gradient goes through the flipped forward only for stride 1 and padding at most k - 1. */
    static boolean appliesToInputGradient(ConvGeometry g) {
        return g.stride() == 1 && g.pad() <= g.k() - 1
                && g.oh() == g.h() + 2 * g.pad() - g.k() + 1 && g.ow() == g.w() + 2 * g.pad() - g.k() + 1;
    }

    /** Scratch of the calling thread: 0 the padded images, 1 Y or dY of a chunk, 2 Wc or the weight gradient's partial sums. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[Math.max(size, s[slot].length + s[slot].length / 2)];
        return s[slot];
    }

    /** Upper bound on a chunk's padded copy, in doubles (32 MB): a layer with a small output and a large input stays bounded. */
    static int chunkPaddedDoubles = 1 << 22;

    /**
     * Images per chunk: at most as many as give {@link #chunkColumns} columns and keep the padded copy within
     * {@link #chunkPaddedDoubles} (at least one), and within that the fewest chunks of equal size: 128 images of 49
     * pixels go in 2 chunks of 64, not one of 83 and one of 45 (with 2048 columns: 4 of 32, not 3 of 41 and one of 5,
     * whose small GEMM would stay on one thread).
     */
    static int chunkImages(ConvGeometry g) {
        return chunkImages(g, chunkColumns);
    }

    /** {@link #chunkImages(ConvGeometry)} for chunks of at most {@code columns} columns. */
    static int chunkImages(ConvGeometry g, int columns) {
        long paddedImage = (long) g.c() * PaddedPlanes.height(g) * PaddedPlanes.width(g);
        long byColumns = columns / Math.max(1, g.outPlane()), byCopy = chunkPaddedDoubles / Math.max(1, paddedImage);
        int most = (int) Math.max(1, Math.min(g.n(), Math.min(byColumns, byCopy)));
        int chunks = (g.n() + most - 1) / most;
        return (g.n() + chunks - 1) / chunks;
    }

    /** {@code rows[ch*T + t] = ch*hp*wp + i_t*wp + j_t}. */
    private static int[] tapOffsets(ConvGeometry g, VisibleTaps taps, int hp, int wp) {
        int t = taps.size();
        int[] rows = new int[g.c() * t];
        for (int ch = 0; ch < g.c(); ch++) {
            for (int v = 0; v < t; v++) rows[ch * t + v] = ch * hp * wp + taps.i()[v] * wp + taps.j()[v];
        }
        return rows;
    }

    /** {@code cols[sl*P + oy*ow + ox] = sl*c*hp*wp + oy*s*wp + ox*s}. */
    private static int[] windowStarts(ConvGeometry g, int count, int hp, int wp) {
        int p = g.outPlane(), s = g.stride();
        int[] cols = new int[count * p];
        for (int sl = 0; sl < count; sl++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) cols[sl * p + oy * g.ow() + ox] = sl * g.c() * hp * wp + oy * s * wp + ox * s;
            }
        }
        return cols;
    }

    /** Whether the padded planes are x's own: no border to add, so the gathers read x in place. */
    private static boolean inPlace(ConvGeometry g, int hp, int wp) {
        return hp == g.h() && wp == g.w();
    }

    /**
     * The images {@code [s0, s0 + count)} of x, every plane inside a zero border: {@code (count, c, hp, wp)}, from
     * index {@link #paddedOffset} on; x itself when there is no border ({@link #inPlace}). The copy is split between
     * threads when {@code split} (not inside a part that already runs on one).
     */
    private static double[] padded(ConvGeometry g, double[] x, int s0, int count, int hp, int wp, boolean split) {
        if (inPlace(g, hp, wp)) return x;
        int planes = count * g.c(), plane = g.h() * g.w();
        double[] xp = scratch(0, planes * hp * wp);
        Loops.split(planes, split ? (long) planes * hp * wp : 0, Loops.Cost.COPY, (p0, p1) ->
            PaddedPlanes.copyWithBorder(x, (s0 * g.c() + p0) * plane, p1 - p0, g.h(), g.w(), g.pad(), g.pad(), hp, wp, xp, p0 * hp * wp));
        return xp;
    }

    /** Where image s0 starts in {@link #padded}'s array. */
    private static int paddedOffset(ConvGeometry g, int s0, int hp, int wp) {
        return inPlace(g, hp, wp) ? s0 * g.c() * g.h() * g.w() : 0;
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        VisibleTaps taps = VisibleTaps.of(g);
        forward(g, taps, x, packWeight(g, taps, w, false), b, y, false);
    }

    /**
     * The weight of the visible taps as an {@code (o, c*T)} matrix: {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]};
     * or, {@code flipped} (g being the flipped geometry of {@link #backwardInput}, w the original weight
     * {@code (c_g, o_g, k, k)}), {@code Wc[oc][ch*T + t] = W~[oc][ch][i_t][j_t] = w[ch][oc][k-1-i_t][k-1-j_t]}.
     */
    private static double[] packWeight(ConvGeometry g, VisibleTaps taps, double[] w, boolean flipped) {
        int t = taps.size(), c = g.c(), o = g.o(), ct = c * t, k = g.k(), kk = k * k;
        double[] wc = scratch(2, o * ct);
        Loops.split(o, (long) o * ct, Loops.Cost.COPY, (o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int v = 0; v < t; v++) {
                        int tap = taps.i()[v] * k + taps.j()[v];
                        // (i, j) -> (k-1-i, k-1-j) is tap index q -> kk-1-q
                        wc[oc * ct + ch * t + v] = flipped ? w[(ch * o + oc) * kk + kk - 1 - tap] : w[(oc * c + ch) * kk + tap];
                    }
                }
            }
        });
        return wc;
    }

    /**
     * {@code y (=|+=) Wc col + b} (b may be null), Wc from {@link #packWeight}. A chunk's GEMM large enough to split
     * splits itself; when each is too small (few filters or taps: k = c*T of 9 at a one-channel layer), the chunks are
     * the parts, each on one thread. Every chunk writes its own images of y, so the bits are the same either way.
     */
    private static void forward(ConvGeometry g, VisibleTaps taps, double[] x, double[] wc, double[] b, double[] y, boolean accumulate) {
        int ct = g.c() * taps.size(), p = g.outPlane(), o = g.o(), hp = PaddedPlanes.height(g), wp = PaddedPlanes.width(g);
        int[] rows = tapOffsets(g, taps, hp, wp);
        int chunk = chunkImages(g), chunks = (g.n() + chunk - 1) / chunk;
        if (chunks > 1 && 2L * o * ct * chunk * p < Loops.Cost.GEMM_FLOP.minToSplit()) {
            Loops.split(chunks, 2L * o * ct * g.n() * p, Loops.Cost.GEMM_FLOP, (k0, k1) -> {
                for (int ki = k0; ki < k1; ki++) forwardChunk(g, rows, x, wc, b, y, accumulate, ki * chunk, Math.min(chunk, g.n() - ki * chunk), false);
            });
        } else {
            for (int s0 = 0; s0 < g.n(); s0 += chunk) forwardChunk(g, rows, x, wc, b, y, accumulate, s0, Math.min(chunk, g.n() - s0), true);
        }
    }

    /** The images {@code [s0, s0 + count)} of {@link #forward}: its GEMM and copies split between threads or (split false) not. */
    private static void forwardChunk(ConvGeometry g, int[] rows, double[] x, double[] wc, double[] b, double[] y, boolean accumulate,
                                     int s0, int count, boolean split) {
        int p = g.outPlane(), o = g.o(), hp = PaddedPlanes.height(g), wp = PaddedPlanes.width(g), cols = count * p;
        double[] xp = padded(g, x, s0, count, hp, wp, split), yt = scratch(1, o * cols);
        // Y (o, images*P) = Wc (o, c*T) col (c*T, images*P),   col[r][q] = xp[rows[r] + starts[q]]
        GemmView product = GemmView.gathered(o, wc, 0, xp, paddedOffset(g, s0, hp, wp), rows, windowStarts(g, count, hp, wp), yt, 0, false);
        if (split) Gemm.gemm(product);
        else Gemm.gemmOnThisThread(product);
        Loops.split(count, split ? (long) o * cols : 0, Loops.Cost.COPY, (sl0, sl1) -> copyOut(g, yt, cols, b, y, s0, sl0, sl1, accumulate));
    }

    /** {@code y[s0 + sl][oc] (=|+=) Y[oc][sl*P ..] + b[oc]} for the chunk's images {@code [sl0, sl1)}. */
    private static void copyOut(ConvGeometry g, double[] yt, int cols, double[] b, double[] y, int s0, int sl0, int sl1, boolean accumulate) {
        int o = g.o(), p = g.outPlane();
        for (int sl = sl0; sl < sl1; sl++) {
            for (int oc = 0; oc < o; oc++) {
                int dst = ((s0 + sl) * o + oc) * p, src = oc * cols + sl * p;
                double bias = b == null ? 0.0 : b[oc];
                if (accumulate) for (int pix = 0; pix < p; pix++) y[dst + pix] += yt[src + pix] + bias;
                else for (int pix = 0; pix < p; pix++) y[dst + pix] = yt[src + pix] + bias;
            }
        }
    }

    /**
     * {@code dW += dy * x}; masked taps get nothing. The k of this product runs over images and pixels and C is small
     * ({@code o x c*T}), so it is split between threads by chunks of images ({@link #weightChunkColumns} columns), not
     * by tiles of C as the forward is: the chunks form at most {@link #PARTIAL_SUMS} groups, each group's GEMMs run on
     * one thread into its own partial sum, and the partial sums are added in group order, {@code dWc = ((S_0 + S_1) +
     * S_2) + ...}. The groups depend on the geometry alone, so the bits do not depend on the thread count. (Split by
     * tiles of C, every thread packed all of dY and the second core gained nothing: docs/performance.md, "Kernel
     * choices".)
     */
    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        VisibleTaps taps = VisibleTaps.of(g);
        int t = taps.size(), ct = g.c() * t, p = g.outPlane(), o = g.o(), kk = g.k() * g.k();
        int hp = PaddedPlanes.height(g), wp = PaddedPlanes.width(g);
        int[] rows = tapOffsets(g, taps, hp, wp);
        int chunk = chunkImages(g, weightChunkColumns), chunks = (g.n() + chunk - 1) / chunk;
        int groups = Math.min(chunks, PARTIAL_SUMS), size = o * ct;
        double[] partial = scratch(2, groups * size);
        Loops.split(groups, 2L * g.n() * p * size, Loops.Cost.GEMM_FLOP, (g0, g1) -> {
            for (int gi = g0; gi < g1; gi++) {
                // S_gi = sum over its chunks of dY (o, images*P) col^T (images*P, c*T),   col^T[q][r] = xp[starts[q] + rows[r]]
                int first = chunks * gi / groups, end = chunks * (gi + 1) / groups;
                for (int ki = first; ki < end; ki++) {
                    int s0 = ki * chunk, count = Math.min(chunk, g.n() - s0), cols = count * p;
                    double[] xp = padded(g, x, s0, count, hp, wp, false), dyt = scratch(1, o * cols);
                    gatherChunk(g, dy, s0, count, dyt);
                    Gemm.gemmOnThisThread(GemmView.gathered(o, dyt, 0, xp, paddedOffset(g, s0, hp, wp), windowStarts(g, count, hp, wp), rows, partial, gi * size, ki > first));
                }
            }
        });
        Loops.split(o, (long) size * groups, Loops.Cost.COPY, (o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) {
                for (int ch = 0; ch < g.c(); ch++) {
                    for (int v = 0; v < t; v++) {
                        int r = oc * ct + ch * t + v;
                        // dWc[r] = sum over groups of S_gi[r], in group order
                        double sum = partial[r];
                        for (int gi = 1; gi < groups; gi++) sum += partial[gi * size + r];
                        dw[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]] += sum;
                    }
                }
            }
        });
    }

    /** {@code dyt[oc][sl*P + pix] = dy[s0 + sl][oc][pix]}: the output gradient of a chunk in the (o, images*P) layout. */
    private static void gatherChunk(ConvGeometry g, double[] dy, int s0, int count, double[] dyt) {
        int p = g.outPlane(), o = g.o(), cols = count * p;
        for (int sl = 0; sl < count; sl++) {
            for (int oc = 0; oc < o; oc++) System.arraycopy(dy, ((s0 + sl) * o + oc) * p, dyt, oc * cols + sl * p, p);
        }
    }

    /** {@code dx += W^T * dy} for stride 1 ({@link #appliesToInputGradient}): the forward of dy by the flipped kernel. */
    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        int k = g.k(), kk = k * k;
        boolean[] flippedTaps = null;
        if (g.taps() != null) {
            flippedTaps = new boolean[kk];
            for (int i = 0; i < kk; i++) flippedTaps[i] = g.taps()[kk - 1 - i];
        }
        // W~[ch][oc][i][j] = W[oc][ch][k-1-i][k-1-j]: in and out channels swapped, kernel (and mask) turned by 180 degrees
        ConvGeometry f = ConvGeometry.of(g.n(), g.o(), g.oh(), g.ow(), g.c(), k, 1, k - 1 - g.pad(), flippedTaps);
        VisibleTaps taps = VisibleTaps.of(f);
        // dx += conv(dy, W~, padding k - 1 - p): (n, o, oh, ow) -> (n, c, h, w)
        forward(f, taps, dy, packWeight(f, taps, w, true), null, dx, true);
    }
}

package dev.autoencoders.kernels;

/**
 * The convolution of an embedded code map, computed as table look-ups. When the input is
 * {@code x[n, :, y, x] = E[code[n, y, x], :]} for a table {@code E: (K, C)}, the sum over input channels at tap
 * {@code t = (i, j)} depends only on the code under the tap, so it can be computed once per code value:
 * <pre>
 *   y[n, o, p] = b[o] + sum_t sum_c W[o, c, i, j] E[code[n, p + t], c]
 *              = b[o] + sum_t P_t[code[n, p + t], o],          P_t = E W_t^T  (K x O),  W_t = W[:, :, i, j]  (O x C)
 * </pre>
 * over the taps that take part and fall inside the image ({@code p + t} stands for input row
 * {@code oy s - pad + i}, column {@code ox s - pad + j}; outside, x is the zero padding and adds nothing).
 * Backward, with {@code dP_t[k, o] = sum over (n, p) with code[n, p + t] = k of dy[n, o, p]}:
 * <pre>
 *   dW_t = dP_t^T E      (O x C)        dE = sum_t dP_t W_t      (K x C)        db = sum dy
 * </pre>
 * The cost is {@code K T O C} multiply-adds per product instead of {@code N OH OW T O C} for the convolution
 * itself: for PixelCNN's first layer (K = 128 codes, T = 24 visible taps, 128 channels, 128 images of 7 x 7) 50
 * million instead of 2.5 billion, plus {@code N OH OW T O} additions for the look-ups.
 *
 * <p>The taps' tables are stored one after the other, {@code P: (T, K, O)}, {@code P[t, k, o] = P_t[k, o]}: the
 * look-ups of one tap then stay within its {@code K O} values (128 KB here, in L2). (Side by side, as one
 * {@code (K, T O)} matrix, the rows of one tap would lie {@code T O} values apart.) Every sum runs in a fixed
 * order (taps ascending; images and positions ascending), and the split between threads (images in the forward
 * look-ups, taps elsewhere; the rows of dE) never splits a sum: the same bits on any number of threads.
 */
public final class LookupConv {
    private LookupConv() {}

    /**
     * The visible taps' weights side by side: {@code (T O, C)}, row {@code t O + o} is {@code W[o, :, i_t, j_t]}.
     *
     * @param w the weight {@code (O, C, k, k)}
     */
    public static double[] tapWeights(ConvGeometry g, double[] w) {
        int[] taps = tapIndices(g);
        int o = g.o(), c = g.c(), kk = g.k() * g.k();
        double[] wt = new double[taps.length * o * c];
        byTaps(taps.length, (long) o * c, t -> {
            for (int oc = 0; oc < o * c; oc++) wt[t * o * c + oc] = w[oc * kk + taps[t]];
        });
        return wt;
    }

    /** The visible taps ({@link VisibleTaps}) as kernel indices {@code i k + j}, ascending. */
    private static int[] tapIndices(ConvGeometry g) {
        VisibleTaps v = VisibleTaps.of(g);
        int[] taps = new int[v.size()];
        for (int t = 0; t < taps.length; t++) taps[t] = v.i()[t] * g.k() + v.j()[t];
        return taps;
    }

    /**
     * {@code reads[t P + q]}: the input pixel {@code iy w + ix} that visible tap t reads for output pixel q,
     * {@code iy = oy s - pad + i_t}, {@code ix = ox s - pad + j_t}; -1 where that falls on the zero padding. The same
     * for every image, so the forward and the backward walk it instead of redoing the bounds arithmetic per image.
     */
    static int[] reads(ConvGeometry g) {
        VisibleTaps v = VisibleTaps.of(g);
        int plane = g.outPlane();
        int[] reads = new int[v.size() * plane];
        for (int t = 0; t < v.size(); t++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    int iy = oy * g.stride() - g.pad() + v.i()[t], ix = ox * g.stride() - g.pad() + v.j()[t];
                    boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                    reads[t * plane + oy * g.ow() + ox] = inside ? iy * g.w() + ix : -1;
                }
            }
        }
        return reads;
    }

    /**
     * {@code P_t = E W_t^T} for every visible tap: {@code P: (T, K, O)}, every code's contribution through every tap.
     *
     * @param table {@code E: (K, C)}
     * @param wt    {@link #tapWeights}
     */
    public static double[] tables(ConvGeometry g, int codes, double[] table, double[] wt) {
        int taps = g.visibleTaps(), o = g.o(), c = g.c();
        double[] p = new double[taps * codes * o];
        byTaps(taps, (long) codes * o * c, t -> Gemm.gemm(false, true, codes, o, c, table, 0, wt, t * o * c, p, t * codes * o, false));
        return p;
    }

    /** Runs {@code body} for every tap {@code t < taps}, ascending, split between threads when the work is large. */
    private static void byTaps(int taps, long workPerTap, java.util.function.IntConsumer body) {
        Loops.split(taps, taps * workPerTap, Loops.Cost.LOOKUP_ADD, (t0, t1) -> {
            for (int t = t0; t < t1; t++) body.accept(t);
        });
    }

    /**
     * {@code y[n, o, p] = b[o] + sum_t P[t, code[n, p + t], o]}: {@code codes: n h w} (row-major), {@code y: (n, o, oh, ow)}.
     *
     * @param b the bias {@code (O)} or null
     */
    public static void forward(ConvGeometry g, int[] codes, double[] p, double[] b, double[] y) {
        int taps = g.visibleTaps(), o = g.o(), plane = g.outPlane(), image = g.inPlane();
        int numCodes = taps == 0 ? 0 : p.length / (taps * o);  // no taps: y = b
        int[] reads = reads(g);
        boolean vector = GemmBackend.current() == GemmBackend.VECTOR;
        Loops.split(g.n(), (long) g.n() * plane * taps * o, Loops.Cost.LOOKUP_ADD, (s0, s1) -> {
            double[] acc = new double[plane * o];  // one image, position-major: acc[q o + o']
            for (int s = s0; s < s1; s++) {
                for (int q = 0; q < plane; q++) {
                    if (b == null) java.util.Arrays.fill(acc, q * o, (q + 1) * o, 0.0);
                    else System.arraycopy(b, 0, acc, q * o, o);
                }
                // acc[q] += P_t[code under tap t], taps in ascending order for every output position: a fixed order of the sum
                for (int t = 0; t < taps; t++) {
                    for (int q = 0; q < plane; q++) {
                        int pix = reads[t * plane + q];
                        if (pix >= 0) addRow(vector, acc, q * o, p, (t * numCodes + codes[s * image + pix]) * o, o);
                    }
                }
                // (position, channel) -> (channel, position)
                int base = s * o * plane;
                for (int q = 0; q < plane; q++) for (int c = 0; c < o; c++) y[base + c * plane + q] = acc[q * o + c];
            }
        });
    }

    /**
     * {@code dP[t, k, o] = sum over (n, p) with code[n, p + t] = k of dy[n, o, p]}: {@code dy: (n, o, oh, ow)},
     * result {@code (T, K, O)}.
     */
    public static double[] backwardTables(ConvGeometry g, int[] codes, int numCodes, double[] dy) {
        int taps = g.visibleTaps(), o = g.o(), plane = g.outPlane(), image = g.inPlane();
        int[] reads = reads(g);
        double[] dp = new double[taps * numCodes * o];
        boolean vector = GemmBackend.current() == GemmBackend.VECTOR;
        Loops.split(taps, (long) g.n() * plane * taps * o, Loops.Cost.LOOKUP_ADD, (t0, t1) -> {
            double[] dyt = new double[plane * o];  // one image's dy, position-major
            for (int s = 0; s < g.n(); s++) {
                int base = s * o * plane;
                for (int c = 0; c < o; c++) for (int q = 0; q < plane; q++) dyt[q * o + c] = dy[base + c * plane + q];
                // dP_t[code under tap t] += dy[q], images and positions in ascending order for every entry of dP
                for (int t = t0; t < t1; t++) {
                    for (int q = 0; q < plane; q++) {
                        int pix = reads[t * plane + q];
                        if (pix >= 0) addRow(vector, dp, (t * numCodes + codes[s * image + pix]) * o, dyt, q * o, o);
                    }
                }
            }
        });
        return dp;
    }

    /** {@code dst[d .. d + len) += src[s .. s + len)}; SIMD ({@link VectorRows}, the same bits) when the module is present. */
    private static void addRow(boolean vector, double[] dst, int d, double[] src, int s, int len) {
        if (vector) {
            VectorRows.add(dst, d, src, s, len);
            return;
        }
        for (int i = 0; i < len; i++) dst[d + i] += src[s + i];
    }

    /** {@code dW[o, c, i_t, j_t] += (dP_t^T E)[o, c]} for every visible tap: {@code dw: (O, C, k, k)}. */
    public static void backwardWeight(ConvGeometry g, int numCodes, double[] dp, double[] table, double[] dw) {
        int[] taps = tapIndices(g);
        int o = g.o(), c = g.c(), kk = g.k() * g.k();
        double[] dwt = new double[taps.length * o * c];
        // dW_t (O x C) = dP_t^T (O x K) E (K x C)
        byTaps(taps.length, (long) numCodes * o * c, t -> Gemm.gemm(true, false, o, c, numCodes, dp, t * numCodes * o, table, 0, dwt, t * o * c, false));
        byTaps(taps.length, (long) o * c, t -> {
            for (int oc = 0; oc < o * c; oc++) dw[oc * kk + taps[t]] += dwt[t * o * c + oc];
        });
    }

    /** {@code dE += sum_t dP_t W_t}, taps ascending: {@code dtable: (K, C)}; rows of dE split between threads. */
    public static void backwardTable(ConvGeometry g, int numCodes, double[] dp, double[] wt, double[] dtable) {
        int taps = g.visibleTaps(), o = g.o(), c = g.c();
        Loops.split(numCodes, (long) taps * numCodes * o * c, Loops.Cost.LOOKUP_ADD, (k0, k1) -> {
            int rows = k1 - k0;
            // dE[k0 .. k0 + rows) += dP_t[k0 .. k0 + rows) W_t, one tap after the other
            for (int t = 0; t < taps; t++) Gemm.gemm(false, false, rows, c, o, dp, (t * numCodes + k0) * o, wt, t * o * c, dtable, k0 * c, true);
        });
    }
}

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
 * The cost is {@code 2 K T O C} multiply-adds per product instead of {@code N OH OW T O C} for the convolution
 * itself: for PixelCNN's first layer (K = 128 codes, T = 24 visible taps, 128 channels, 128 images of 7 x 7) 50
 * million instead of 2.5 billion, plus {@code N OH OW T O} additions for the look-ups.
 *
 * <p>All taps' tables sit side by side in one matrix {@code P: (K, T O)}, {@code P[k, t O + o] = P_t[k, o]}, so
 * each product above is one GEMM. Every sum runs in a fixed order (taps ascending; images and positions
 * ascending), and the split between threads (images in the forward, taps in the backward) never splits a sum:
 * the same bits on any number of threads.
 */
public final class LookupConv {
    private LookupConv() {}

    /** Below this many look-up additions ({@code N OH OW T O}) the work stays on the calling thread. */
    static final long PARALLEL_MIN_ADDS = 1L << 18;

    /**
     * The visible taps' weights side by side: {@code (T O, C)}, row {@code t O + o} is {@code W[o, :, i_t, j_t]}.
     *
     * @param w the weight {@code (O, C, k, k)}
     */
    public static double[] tapWeights(ConvGeometry g, double[] w) {
        int[] taps = visibleTaps(g);
        int o = g.o(), c = g.c(), kk = g.k() * g.k();
        double[] wt = new double[taps.length * o * c];
        for (int t = 0; t < taps.length; t++) {
            for (int oc = 0; oc < o * c; oc++) wt[t * o * c + oc] = w[oc * kk + taps[t]];
        }
        return wt;
    }

    /** The visible taps {@code i k + j}, ascending. */
    public static int[] visibleTaps(ConvGeometry g) {
        int[] taps = new int[g.visibleTaps()];
        for (int i = 0, t = 0; i < g.k(); i++) for (int j = 0; j < g.k(); j++) if (g.tap(i, j)) taps[t++] = i * g.k() + j;
        return taps;
    }

    /**
     * {@code P = E W_all^T: (K, T O)}: every code's contribution through every tap.
     *
     * @param table {@code E: (K, C)}
     * @param wt    {@link #tapWeights}
     */
    public static double[] tables(ConvGeometry g, int codes, double[] table, double[] wt) {
        int cols = wt.length / g.c();
        double[] p = new double[codes * cols];
        Gemm.gemm(false, true, codes, cols, g.c(), table, 0, wt, 0, p, 0, false);
        return p;
    }

    /**
     * {@code y[n, o, p] = b[o] + sum_t P[code[n, p + t], t O + o]}: {@code codes: n h w} (row-major), {@code y: (n, o, oh, ow)}.
     *
     * @param b the bias {@code (O)} or null
     */
    public static void forward(ConvGeometry g, int[] codes, double[] p, double[] b, double[] y) {
        int[] taps = visibleTaps(g);
        int o = g.o(), plane = g.outPlane(), cols = taps.length * o;
        int parts = (long) g.n() * plane * cols >= PARALLEL_MIN_ADDS ? Math.min(g.n(), Parallelism.threads()) : 1;
        Parallelism.run(parts, part -> {
            double[] acc = new double[plane * o];  // one image, position-major: acc[q o + o']
            for (int s = g.n() * part / parts; s < g.n() * (part + 1) / parts; s++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int q = (oy * g.ow() + ox) * o;
                        if (b == null) java.util.Arrays.fill(acc, q, q + o, 0.0);
                        else System.arraycopy(b, 0, acc, q, o);
                        for (int t = 0; t < taps.length; t++) {
                            int iy = oy * g.stride() - g.pad() + taps[t] / g.k(), ix = ox * g.stride() - g.pad() + taps[t] % g.k();
                            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                            int row = codes[(s * g.h() + iy) * g.w() + ix] * cols + t * o;
                            for (int c = 0; c < o; c++) acc[q + c] += p[row + c];
                        }
                    }
                }
                // (position, channel) -> (channel, position)
                int base = s * o * plane;
                for (int q = 0; q < plane; q++) for (int c = 0; c < o; c++) y[base + c * plane + q] = acc[q * o + c];
            }
        });
    }

    /**
     * {@code dP[k, t O + o] = sum over (n, p) with code[n, p + t] = k of dy[n, o, p]}: {@code dy: (n, o, oh, ow)},
     * result {@code (K, T O)}.
     */
    public static double[] backwardTables(ConvGeometry g, int[] codes, int numCodes, double[] dy) {
        int[] taps = visibleTaps(g);
        int o = g.o(), plane = g.outPlane(), cols = taps.length * o;
        double[] dp = new double[numCodes * cols];
        int parts = (long) g.n() * plane * cols >= PARALLEL_MIN_ADDS ? Math.min(taps.length, Parallelism.threads()) : 1;
        Parallelism.run(parts, part -> {
            int t0 = taps.length * part / parts, t1 = taps.length * (part + 1) / parts;
            double[] dyt = new double[plane * o];  // one image's dy, position-major
            for (int s = 0; s < g.n(); s++) {
                int base = s * o * plane;
                for (int c = 0; c < o; c++) for (int q = 0; q < plane; q++) dyt[q * o + c] = dy[base + c * plane + q];
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int q = (oy * g.ow() + ox) * o;
                        for (int t = t0; t < t1; t++) {
                            int iy = oy * g.stride() - g.pad() + taps[t] / g.k(), ix = ox * g.stride() - g.pad() + taps[t] % g.k();
                            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                            int row = codes[(s * g.h() + iy) * g.w() + ix] * cols + t * o;
                            for (int c = 0; c < o; c++) dp[row + c] += dyt[q + c];
                        }
                    }
                }
            }
        });
        return dp;
    }

    /** {@code dW[o, c, i_t, j_t] += (dP_t^T E)[o, c]} for every visible tap: {@code dw: (O, C, k, k)}. */
    public static void backwardWeight(ConvGeometry g, int numCodes, double[] dp, double[] table, double[] dw) {
        int[] taps = visibleTaps(g);
        int o = g.o(), c = g.c(), kk = g.k() * g.k();
        double[] dwt = new double[taps.length * o * c];
        // dW_all (T O x C) = dP^T (T O x K) E (K x C)
        Gemm.gemm(true, false, taps.length * o, c, numCodes, dp, 0, table, 0, dwt, 0, false);
        for (int t = 0; t < taps.length; t++) {
            for (int oc = 0; oc < o * c; oc++) dw[oc * kk + taps[t]] += dwt[t * o * c + oc];
        }
    }

    /** {@code dE += dP W_all = sum_t dP_t W_t}: {@code dtable: (K, C)}. */
    public static void backwardTable(ConvGeometry g, int numCodes, double[] dp, double[] wt, double[] dtable) {
        Gemm.gemm(false, false, numCodes, g.c(), wt.length / g.c(), dp, 0, wt, 0, dtable, 0, true);
    }
}

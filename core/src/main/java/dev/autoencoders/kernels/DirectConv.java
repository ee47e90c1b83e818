package dev.autoencoders.kernels;

/**
 * Stride-1 convolution computed directly, without unfolding: for every output channel oc, input channel c and
 * visible tap (i, j), a whole output row is updated at once,
 * <pre>  y[n][oc][oy][lo..hi) += W[oc][c][i][j] * x[n][c][oy + i - p][lo + j - p .. hi + j - p)</pre>
 * an axpy on two contiguous runs that the JIT vectorises. It does the same arithmetic as im2col + GEMM but
 * never builds the column matrix, which wins when there are few output channels: the unfolded matrix has
 * {@code c*k*k} entries per output pixel whatever o is, so for the 1-channel image of a decoder's last layer it
 * costs as much as the product itself. {@link ConvKernels} uses it for the forward and the weight gradient at stride 1
 * and at most {@value #MAX_OUT_CHANNELS} output channels (vq-vae's last layer); the input gradient of such a layer,
 * with its many input channels, goes through {@link GatherConv}. Tests prove it equal to the reference.
 */
final class DirectConv {
    private DirectConv() {}

    /** The largest number of output channels this kernel is used for. */
    static final int MAX_OUT_CHANNELS = 4;

    /** Whether this kernel handles the geometry. */
    static boolean applies(ConvGeometry g) {
        return g.stride() == 1 && g.o() <= MAX_OUT_CHANNELS;
    }

    /** Output columns {@code ox} whose input column {@code ox + j - p} lies inside the image: {@code [lo, hi)}. */
    private static int lo(ConvGeometry g, int j) {
        return Math.max(0, g.pad() - j);
    }

    private static int hi(ConvGeometry g, int j) {
        return Math.max(lo(g, j), Math.min(g.ow(), g.w() + g.pad() - j));
    }

    /**
     * Whether {@link VectorDirectConv} runs instead of the plain-Java loops here: with the {@link GemmBackend#VECTOR}
     * backend, which is only on when the incubator module loaded (so the class is never touched without it).
     */
    private static boolean vector() {
        return GemmBackend.current() == GemmBackend.VECTOR;
    }

    /**
     * Runs {@code range} over {@code [0, count)}, split between threads by the convolution's multiply-adds
     * ({@link Loops.Cost#DIRECT_MAC}). The kernels split by image (forward) or by weight (backwardWeight), so no two
     * parts write the same value: same bits on any count.
     */
    private static void split(ConvGeometry g, int count, Loops.Range range) {
        long macs = (long) g.n() * g.o() * g.c() * g.visibleTaps() * g.outPlane();
        Loops.split(count, macs, Loops.Cost.DIRECT_MAC, range);
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        if (vector()) split(g, g.n(), (n0, n1) -> VectorDirectConv.forward(g, x, w, b, y, n0, n1));
        else split(g, g.n(), (n0, n1) -> forward(g, x, w, b, y, n0, n1));
    }

    /** {@link #forward} for images {@code [n0, n1)}. */
    private static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y, int n0, int n1) {
        int kk = g.k() * g.k(), p = g.outPlane();
        for (int n = n0; n < n1; n++) {
            for (int oc = 0; oc < g.o(); oc++) {
                int yo = (n * g.o() + oc) * p;
                java.util.Arrays.fill(y, yo, yo + p, b == null ? 0.0 : b[oc]);
                for (int c = 0; c < g.c(); c++) {
                    int xo = (n * g.c() + c) * g.inPlane();
                    for (int i = 0; i < g.k(); i++) {
                        for (int j = 0; j < g.k(); j++) {
                            if (!g.tap(i, j)) continue;
                            double wt = w[(oc * g.c() + c) * kk + i * g.k() + j];
                            int lo = lo(g, j), hi = hi(g, j), shift = j - g.pad();
                            for (int oy = 0; oy < g.oh(); oy++) {
                                int yy = oy + i - g.pad();
                                if (yy < 0 || yy >= g.h()) continue;
                                int yr = yo + oy * g.ow(), xr = xo + yy * g.w() + shift;
                                for (int ox = lo; ox < hi; ox++) y[yr + ox] += wt * x[xr + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dW[oc][c][i][j] += sum over images and pixels of dy * x under the tap}; the products are gathered
     * elementwise in a row accumulator (vectorised) and summed once per tap.
     */
    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        if (vector()) split(g, g.o() * g.c(), (f0, f1) -> VectorDirectConv.backwardWeight(g, dy, x, dw, f0, f1));
        else split(g, g.o() * g.c(), (f0, f1) -> backwardWeight(g, dy, x, dw, f0, f1));
    }

    /** {@link #backwardWeight} for the filters {@code oc * c + ch} in {@code [f0, f1)}. */
    private static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw, int f0, int f1) {
        int kk = g.k() * g.k(), p = g.outPlane();
        double[] acc = new double[g.ow()];
        for (int f = f0; f < f1; f++) {
            int oc = f / g.c(), c = f % g.c();
            for (int i = 0; i < g.k(); i++) {
                for (int j = 0; j < g.k(); j++) {
                    if (!g.tap(i, j)) continue;
                    java.util.Arrays.fill(acc, 0.0);
                    int lo = lo(g, j), hi = hi(g, j), shift = j - g.pad();
                    for (int n = 0; n < g.n(); n++) {
                        int yo = (n * g.o() + oc) * p, xo = (n * g.c() + c) * g.inPlane();
                        for (int oy = 0; oy < g.oh(); oy++) {
                            int yy = oy + i - g.pad();
                            if (yy < 0 || yy >= g.h()) continue;
                            int yr = yo + oy * g.ow(), xr = xo + yy * g.w() + shift;
                            for (int ox = lo; ox < hi; ox++) acc[ox] += dy[yr + ox] * x[xr + ox];
                        }
                    }
                    double s = 0;
                    for (double v : acc) s += v;
                    dw[(oc * g.c() + c) * kk + i * g.k() + j] += s;
                }
            }
        }
    }
}

package dev.autoencoders.kernels;

/**
 * The three computations of a 2-D convolution layer, for {@code x: (n, c, h, w)}, {@code W: (o, c, k, k)},
 * {@code y: (n, o, oh, ow)}:
 * <pre>
 *   forward          y  = W * x + b               per image: Y = W col + b,       col = im2col(x)
 *   backwardInput    dx += W^T * dy  (adjoint)    per image: dx += col2im(W^T dY)
 *   backwardWeight   dW += dy * x                 per image: dW += dY col^T
 * </pre>
 * A transposed convolution is the same three with roles swapped: its forward is {@link #backwardInput}, its input
 * gradient {@link #forward}. Taps outside {@link ConvGeometry#taps} are left out: their weights act as 0 and get no
 * gradient.
 *
 * <p>The {@code reference*} methods compute image by image, as written above ({@link Im2col}, {@link Gemm}). The
 * public methods choose a fast path where one was measured faster at a workload's layer, else the reference; each
 * fast path is proven equal to the reference by tests. The choice, first match:
 * <pre>
 *   forward, backwardWeight   DirectConv      stride 1, at most 4 output channels         vq-vae's last layer
 *                             ImplicitConv    vector backend, at most 32 output channels, conv-ae, vq-vae's decoder
 *                                             more than one input channel, k > 1
 *                             GatherConv      any other                                  PixelCNN, vq-vae's 64-channel layers
 *   backwardInput             GatherConv      stride 1 (the forward of dy by the flipped kernel)   PixelCNN, vq-vae's 1x1 and last layer
 *                             ImplicitConvAdjoint  vector backend, 8 to 32 input channels,  conv-ae's strided layers; in float32
 *                                             a padded dy of at most 2^17 values     with 32 registers (AVX-512) vq-vae's
 *                                             unless float32 with 32 registers       encoder 32 -> 64 and decoder 64 -> 32
 *                             GatherConvAdjoint  vector backend, stride > 1, c >= 2o (by phases) vq-vae's decoder 16 -> 64
 *                             reference       any other (strided and large, or few channels)     vq-vae's encoder 32 -> 64 and decoder 64 -> 32
 *                                                                                                otherwise; conv-ae's last
 * </pre>
 * (The measurements behind each line, at every layer of the workloads on both instruction sets, are in
 * docs/performance.md, "Convolution routes".)
 */
public final class ConvKernels {
    private ConvKernels() {}

    private static volatile boolean fast = true;

    /** Selects the fast path (default) or the reference for every later call (tests compare the two). */
    public static void useFast(boolean on) {
        fast = on;
    }

    public static boolean fast() {
        return fast;
    }

    /** {@code y = W * x + b} (b may be null); y is overwritten. */
    public static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        if (!fast) referenceForward(g, x, w, b, y);
        else if (DirectConv.applies(g)) DirectConv.forward(g, x, w, b, y);
        else if (ImplicitConv.applies(g)) ImplicitConv.forward(g, x, w, b, y);
        else GatherConv.forward(g, x, w, b, y);
    }

    /** {@code dx += W^T * dy}. */
    public static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        if (!fast) referenceBackwardInput(g, dy, w, dx);
        else if (GatherConv.appliesToInputGradient(g)) GatherConv.backwardInput(g, dy, w, dx);
        else if (ImplicitConvAdjoint.applies(g)) ImplicitConvAdjoint.backwardInput(g, dy, w, dx);
        else if (GatherConvAdjoint.applies(g)) GatherConvAdjoint.backwardInput(g, dy, w, dx);
        else referenceBackwardInput(g, dy, w, dx);
    }

    /** {@code dW += dy * x} (masked taps get nothing). */
    public static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        if (!fast) referenceBackwardWeight(g, dy, x, dw);
        else if (DirectConv.applies(g)) DirectConv.backwardWeight(g, dy, x, dw);
        else if (ImplicitConv.applies(g)) ImplicitConv.backwardWeight(g, dy, x, dw);
        else GatherConv.backwardWeight(g, dy, x, dw);
    }

    /**
     * {@code db[ch] += sum over images and pixels of dy[image, ch]}, for {@code dy: (n, channels, plane)}; large ones
     * split by channel between threads (each channel's sum in the same order, {@link Summation}'s within a plane:
     * same bits on any thread count).
     */
    public static void backwardBias(double[] dy, int n, int channels, int plane, double[] db) {
        Loops.rows(channels, (long) n * plane, Loops.Cost.CHEAP, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                // db[ch] += sum_i dy[s, ch, i], image by image (each plane's sum in Summation's order)
                for (int s = 0; s < n; s++) db[ch] += Summation.sum(dy, (s * channels + ch) * plane, plane);
            }
        });
    }

    // ------------------------------------------------------------------ reference: one image at a time

    /** The weight with masked taps set to 0 (the reference computes with it and masks the weight gradient). */
    static double[] maskedWeight(ConvGeometry g, double[] w) {
        if (g.taps() == null) return w;
        double[] m = w.clone();
        int kk = g.k() * g.k();
        for (int i = 0; i < m.length; i++) if (!g.taps()[i % kk]) m[i] = 0;
        return m;
    }

    static void referenceForward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        double[] wm = maskedWeight(g, w);
        int ckk = g.c() * g.k() * g.k(), hw = g.outPlane();
        double[] col = new double[ckk * hw];
        for (int s = 0; s < g.n(); s++) {
            Im2col.im2col(x, s * g.c() * g.inPlane(), g.c(), g.h(), g.w(), g.k(), g.k(), g.stride(), g.pad(), g.oh(), g.ow(), col);
            // Y (o, oh*ow) = W (o, c*k*k) col (c*k*k, oh*ow)
            Gemm.gemm(false, false, g.o(), hw, ckk, wm, 0, col, 0, y, s * g.o() * hw, false);
            if (b != null) {
                for (int ch = 0; ch < g.o(); ch++) {
                    int base = (s * g.o() + ch) * hw;
                    for (int i = 0; i < hw; i++) y[base + i] += b[ch];
                }
            }
        }
    }

    static void referenceBackwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        double[] wm = maskedWeight(g, w);
        int ckk = g.c() * g.k() * g.k(), hw = g.outPlane();
        // the images are independent (each adds into its own dx): split between threads, unless one image's product
        // is large enough for the GEMM to split it itself
        long perImage = 2L * ckk * hw * g.o();
        long work = perImage < Loops.Cost.GEMM_FLOP.minToSplit() ? g.n() * perImage : 0;
        Loops.split(g.n(), work, Loops.Cost.GEMM_FLOP, (s0, s1) -> {
            double[] col = new double[ckk * hw];
            for (int s = s0; s < s1; s++) {
                // dcol (c*k*k, oh*ow) = W^T dY, then folded back onto the pixels
                Gemm.gemm(true, false, ckk, hw, g.o(), wm, 0, dy, s * g.o() * hw, col, 0, false);
                Im2col.col2im(col, g.c(), g.h(), g.w(), g.k(), g.k(), g.stride(), g.pad(), g.oh(), g.ow(), dx, s * g.c() * g.inPlane());
            }
        });
    }

    static void referenceBackwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        int ckk = g.c() * g.k() * g.k(), hw = g.outPlane();
        double[] col = new double[ckk * hw];
        double[] full = new double[dw.length];
        for (int s = 0; s < g.n(); s++) {
            Im2col.im2col(x, s * g.c() * g.inPlane(), g.c(), g.h(), g.w(), g.k(), g.k(), g.stride(), g.pad(), g.oh(), g.ow(), col);
            // dW (o, c*k*k) += dY (o, oh*ow) col^T
            Gemm.gemm(false, true, g.o(), ckk, hw, dy, s * g.o() * hw, col, 0, full, 0, true);
        }
        int kk = g.k() * g.k();
        for (int i = 0; i < dw.length; i++) if (g.taps() == null || g.taps()[i % kk]) dw[i] += full[i];
    }
}

package dev.autoencoders.kernels;

import static dev.autoencoders.kernels.KernelArrays.rand;
import static dev.autoencoders.kernels.KernelArrays.abs;
import static dev.autoencoders.kernels.KernelArrays.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The implicit-GEMM convolution (forward, weight gradient, and the input gradient by phases) equals the image-by-image
 * reference: in double within the summation-order bound,
 * in float32 within the bound of rounded operands and float block sums ({@link ErrorBounds}), for every stride,
 * padding and mask, with 1 to 32 filters (one or two vectors per tile row, short last tiles), and gives the same bits
 * on any number of threads.
 */
class ImplicitConvProperties {

    private static ConvGeometry geometry(Rng rng, int k, int stride, int pad, boolean masked) {
        int n = 1 + rng.nextInt(4), c = 1 + rng.nextInt(4), o = 1 + rng.nextInt(ImplicitConv.MAX_OUT);
        int h = k + rng.nextInt(6), w = k + rng.nextInt(6);
        boolean[] taps = null;
        if (masked) {
            taps = new boolean[k * k];
            for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        }
        return ConvGeometry.of(n, c, h, w, o, k, stride, pad, taps);
    }

    @Property(tries = 150)
    void equalsReferenceInBothPrecisions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                         @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean masked, @ForAll Precision precision) {
        Rng rng = new Rng(seed);
        ConvGeometry g = geometry(rng, k, stride, pad, masked);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        int n = g.n(), c = g.c(), o = g.o();
        double[] x = rand(rng, n * c * g.h() * g.w()), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[] dw0 = rand(rng, wt.length);
        KernelSettings.with(GemmBackend.VECTOR, precision, () -> {
            // the kernel computes any geometry; ConvKernels takes it only for more than one input channel and k > 1
            assertThat(ImplicitConv.applies(g)).isEqualTo(g.c() > 1 && g.k() > 1);
            // y starts as garbage: forward overwrites it
            double[] y = rand(new Rng(seed + 1), dy.length), dw = dw0.clone();
            ImplicitConv.forward(g, x, wt, b, y);
            ImplicitConv.backwardWeight(g, dy, x, dw);
            KernelSettings.with(GemmBackend.VECTOR, Precision.DOUBLE, () -> {
                double[] yr = new double[dy.length], dwr = dw0.clone(), ys = new double[dy.length], dws = abs(dw0);
                ConvKernels.referenceForward(g, x, wt, b, yr);
                ConvKernels.referenceBackwardWeight(g, dy, x, dwr);
                // S: the same sums over |terms| (the bias and the old dW are one more term each)
                ConvKernels.referenceForward(g, abs(x), abs(wt), abs(b), ys);
                ConvKernels.referenceBackwardWeight(g, abs(dy), abs(x), dws);
                int ky = c * g.visibleTaps() + 1, kw = n * g.outPlane() + 1;
                boolean dbl = precision == Precision.DOUBLE;
                within(y, yr, ys, dbl ? ErrorBounds.doubleVsReference(ky) : ErrorBounds.float32VsReference(ky), "y");
                within(dw, dwr, dws, dbl ? ErrorBounds.doubleVsReference(kw) : ErrorBounds.float32VsReference(kw), "dW");
                // masked taps get no gradient at all
                for (int i = 0; i < wt.length; i++) if (!g.tap(i % (k * k) / k, i % k)) assertThat(dw[i]).isEqualTo(dw0[i]);
                return null;
            });
            return null;
        });
    }

    /**
     * The input gradient by phases: every stride (up to 4, so that some phases get no tap when s > k), padding and
     * mask, input channels from {@link ImplicitConvAdjoint#MIN_CHANNELS} to 32; dx accumulates onto what it held.
     */
    @Property(tries = 150)
    void adjointEqualsReferenceInBothPrecisions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 4) int stride,
                                                @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean masked, @ForAll Precision precision) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(3), o = 1 + rng.nextInt(6), h = k + rng.nextInt(7), w = k + rng.nextInt(7);
        int c = ImplicitConvAdjoint.MIN_CHANNELS + rng.nextInt(ImplicitConv.MAX_OUT - ImplicitConvAdjoint.MIN_CHANNELS + 1);
        boolean[] taps = null;
        if (masked) {
            taps = new boolean[k * k];
            for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        }
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, Math.min(pad, k / 2), taps);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        double[] wt = rand(rng, o * c * k * k), dy = rand(rng, n * o * g.outPlane()), dx0 = rand(rng, n * c * h * w);
        KernelSettings.with(GemmBackend.VECTOR, precision, () -> {
            assertThat(ImplicitConvAdjoint.applies(g)).isTrue();
            double[] dx = dx0.clone();
            ImplicitConvAdjoint.backwardInput(g, dy, wt, dx);
            KernelSettings.with(GemmBackend.VECTOR, Precision.DOUBLE, () -> {
                double[] dxr = dx0.clone(), dxs = abs(dx0);
                ConvKernels.referenceBackwardInput(g, dy, wt, dxr);
                ConvKernels.referenceBackwardInput(g, abs(dy), abs(wt), dxs);
                int terms = o * k * k + 1;
                within(dx, dxr, dxs, precision == Precision.DOUBLE ? ErrorBounds.doubleVsReference(terms) : ErrorBounds.float32VsReference(terms), "dx");
                return null;
            });
            return null;
        });
    }

    /**
     * The route: conv-ae's small strided layers take this path in both precisions; vq-vae's decoder 64 -> 32 (the
     * convolution it is the adjoint of; a padded dy of 2^20 values) only with float32 operands and 32 vector registers.
     */
    @Example
    void largeLayersTakeThisPathOnlyInFloat32With32Registers() {
        ConvGeometry small = ConvGeometry.of(32, 16, 5, 5, 8, 3, 2, 1, null), decoder = new ConvGeometry(64, 32, 28, 28, 64, 3, 2, 1, 14, 14, null);
        for (Precision precision : Precision.values()) {
            KernelSettings.with(GemmBackend.VECTOR, precision, () -> {
                assertThat(ImplicitConvAdjoint.applies(small)).as("conv-ae's encoder 16 -> 8 in %s", precision).isTrue();
                assertThat(ImplicitConvAdjoint.applies(decoder)).as("vq-vae's decoder in %s", precision)
                        .isEqualTo(precision == Precision.FLOAT32 && RegisterFile.vectorRegisters() >= 32);
                return null;
            });
        }
    }

    /**
     * The input gradient in chunks of images ({@link ImplicitConvAdjoint#chunkBytes} lowered so that a chunk holds one
     * image or a few): the same bits as all images in one chunk, in both precisions (each dx value is one row of one
     * phase's GEMM, whichever chunk holds its image). The chunks split between threads are the next property's.
     */
    @Property(tries = 60)
    void chunksGiveTheBitsOfOneChunk(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int stride, @ForAll Precision precision,
                                     @ForAll @IntRange(min = 1, max = 40_000) int chunkBytes) {
        Rng rng = new Rng(seed);
        int k = 1 + rng.nextInt(5), n = 2 + rng.nextInt(6), o = 1 + rng.nextInt(6), h = k + rng.nextInt(9), w = k + rng.nextInt(9);
        int c = ImplicitConvAdjoint.MIN_CHANNELS + rng.nextInt(ImplicitConv.MAX_OUT - ImplicitConvAdjoint.MIN_CHANNELS + 1);
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, rng.nextInt(k / 2 + 1), null);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        double[] wt = rand(rng, o * c * k * k), dy = rand(rng, n * o * g.outPlane()), dx0 = rand(rng, n * c * h * w);
        long saved = ImplicitConvAdjoint.chunkBytes;
        try {
            ImplicitConvAdjoint.chunkBytes = Long.MAX_VALUE;
            double[] whole = KernelSettings.with(GemmBackend.VECTOR, precision, 1, () -> {
                double[] dx = dx0.clone();
                ImplicitConvAdjoint.backwardInput(g, dy, wt, dx);
                return dx;
            });
            ImplicitConvAdjoint.chunkBytes = chunkBytes;
            double[] chunked = KernelSettings.with(GemmBackend.VECTOR, precision, 1, () -> {
                double[] dx = dx0.clone();
                ImplicitConvAdjoint.backwardInput(g, dy, wt, dx);
                return dx;
            });
            assertThat(chunked).as("dx in chunks of at most %d bytes", chunkBytes).isEqualTo(whole);
        } finally {
            ImplicitConvAdjoint.chunkBytes = saved;
        }
    }

    /** A product large enough to be split by rows between threads: the same bits on 1, 2 and 3 threads. */
    @Property(tries = 6)
    void splitGivesTheSameBitsOnAnyThreadCount(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll Precision precision) {
        Rng rng = new Rng(seed);
        int n = 64, c = 16 + rng.nextInt(5), o = 17 + rng.nextInt(16), k = 3, h = 28 + rng.nextInt(4), w = 28 + rng.nextInt(4);
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, 1, null);
        assertThat((long) n * o * c * k * k * g.outPlane()).as("big enough to be split").isGreaterThanOrEqualTo(Loops.Cost.IMPLICIT_MAC.minToSplit());
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            double[][] got = KernelSettings.with(GemmBackend.VECTOR, precision, threads, () -> {
                double[] y = new double[dy.length], dw = new double[wt.length], dx = new double[x.length];
                ImplicitConv.forward(g, x, wt, b, y);
                ImplicitConv.backwardWeight(g, dy, x, dw);
                ImplicitConvAdjoint.backwardInput(g, dy, wt, dx);
                return new double[][] {y, dw, dx};
            });
            if (first == null) first = got;
            assertThat(got[0]).as("y on %d threads", threads).isEqualTo(first[0]);
            assertThat(got[1]).as("dW on %d threads", threads).isEqualTo(first[1]);
            assertThat(got[2]).as("dx on %d threads", threads).isEqualTo(first[2]);
        }
    }
}

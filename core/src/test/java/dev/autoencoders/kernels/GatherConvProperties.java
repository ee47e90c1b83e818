package dev.autoencoders.kernels;

import static dev.autoencoders.kernels.KernelArrays.rand;
import static dev.autoencoders.kernels.KernelArrays.abs;
import static dev.autoencoders.kernels.KernelArrays.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The convolution whose unfolded matrix is gathered into the GEMM's panels ({@link GatherConv}) equals the
 * image-by-image reference: forward and weight gradient for every stride, padding and mask, the input gradient (the
 * forward of dy by the flipped kernel) for stride 1; in double within the summation-order bound, in float32 within
 * the bound of rounded operands and float block sums ({@link ErrorBounds}); on both GEMM backends; with chunks of one
 * image up to all of them (the weight gradient's chunks, which are split between threads, too); and with the same bits
 * on any number of threads.
 */
class GatherConvProperties {

    private static double bound(Precision precision, int terms) {
        return precision == Precision.DOUBLE ? ErrorBounds.doubleVsReference(terms) : ErrorBounds.float32VsReference(terms);
    }

    @Property(tries = 200)
    void equalsReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                         @ForAll @IntRange(min = 0, max = 4) int pad, @ForAll boolean masked, @ForAll Precision precision,
                         @ForAll GemmBackend backend, @ForAll @IntRange(min = 1, max = 200) int chunkColumns) {
        Assume.that(backend == GemmBackend.SCALAR || GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(4), c = 1 + rng.nextInt(6), o = 1 + rng.nextInt(40), h = k + rng.nextInt(6), w = k + rng.nextInt(6);
        boolean[] taps = null;
        if (masked) {
            taps = new boolean[k * k];
            for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        }
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, Math.min(pad, k - 1), taps);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[] dw0 = rand(rng, wt.length), dx0 = rand(rng, x.length);
        int saved = GatherConv.chunkColumns, savedWeight = GatherConv.weightChunkColumns;
        GatherConv.chunkColumns = chunkColumns;
        GatherConv.weightChunkColumns = chunkColumns;
        try {
            KernelSettings.with(backend, precision, () -> {
                // y starts as garbage: forward overwrites it; dW and dx accumulate onto what they held
                double[] y = rand(new Rng(seed + 1), dy.length), dw = dw0.clone(), dx = dx0.clone();
                GatherConv.forward(g, x, wt, b, y);
                GatherConv.backwardWeight(g, dy, x, dw);
                if (GatherConv.appliesToInputGradient(g)) GatherConv.backwardInput(g, dy, wt, dx);
                KernelSettings.with(GemmBackend.SCALAR, Precision.DOUBLE, () -> {
                    double[] yr = new double[dy.length], dwr = dw0.clone(), ys = new double[dy.length], dws = abs(dw0);
                    ConvKernels.referenceForward(g, x, wt, b, yr);
                    ConvKernels.referenceBackwardWeight(g, dy, x, dwr);
                    // S: the same sums over |terms| (the bias and the old dW are one more term each)
                    ConvKernels.referenceForward(g, abs(x), abs(wt), abs(b), ys);
                    ConvKernels.referenceBackwardWeight(g, abs(dy), abs(x), dws);
                    within(y, yr, ys, bound(precision, c * g.visibleTaps() + 1), "y");
                    within(dw, dwr, dws, bound(precision, n * g.outPlane() + 1), "dW");
                    // masked taps get no gradient at all
                    for (int i = 0; i < wt.length; i++) if (!g.tap(i % (k * k) / k, i % k)) assertThat(dw[i]).isEqualTo(dw0[i]);
                    if (GatherConv.appliesToInputGradient(g)) {
                        double[] dxr = dx0.clone(), dxs = abs(dx0);
                        ConvKernels.referenceBackwardInput(g, dy, wt, dxr);
                        ConvKernels.referenceBackwardInput(g, abs(dy), abs(wt), dxs);
                        within(dx, dxr, dxs, bound(precision, o * k * k + 1), "dx");
                    } else {
                        assertThat(stride).as("only strided geometries go elsewhere").isGreaterThan(1);
                    }
                    return null;
                });
                return null;
            });
        } finally {
            GatherConv.chunkColumns = saved;
            GatherConv.weightChunkColumns = savedWeight;
        }
    }

    /** Chunks are bounded by columns and by the padded copy (a 28 x 28 input reduced to one pixel takes few images at a time), and balanced. */
    @Property(tries = 20)
    void chunksStayBounded(@ForAll @IntRange(min = 1, max = 4096) int n, @ForAll @IntRange(min = 1, max = 256) int c,
                           @ForAll @IntRange(min = 1, max = 28) int k, @ForAll @IntRange(min = 0, max = 3) int pad) {
        ConvGeometry g = ConvGeometry.of(n, c, 28, 28, 8, k, 1, pad, null);
        int chunk = GatherConv.chunkImages(g);
        long padded = (long) c * PaddedPlanes.height(g) * PaddedPlanes.width(g);
        assertThat(chunk).isBetween(1, n);
        if (chunk > 1) {
            assertThat((long) chunk * g.outPlane()).isLessThanOrEqualTo(GatherConv.chunkColumns);
            assertThat(chunk * padded).isLessThanOrEqualTo(GatherConv.chunkPaddedDoubles);
        }
        // and the fewest chunks the bounds allow, of sizes that differ by at most one image's worth at the end
        int most = 1;
        while (most < n && (long) (most + 1) * g.outPlane() <= GatherConv.chunkColumns && (most + 1) * padded <= GatherConv.chunkPaddedDoubles) most++;
        int fewest = (n + most - 1) / most;
        assertThat((n + chunk - 1) / chunk).as("chunks").isEqualTo(fewest);
        assertThat(chunk).as("the smallest size that gives that many").isEqualTo((n + fewest - 1) / fewest);
    }

    /** PixelCNN's mask-A layer, shrunk: large enough that the GEMM and the copies split; the same bits on 1 to 3 threads. */
    @Property(tries = 4)
    void sameBitsOnAnyThreadCount(@ForAll long seed, @ForAll Precision precision) {
        Assume.that(GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int n = 48, c = 40, o = 48, k = 7, h = 7, w = 7;
        boolean[] taps = new boolean[k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = i < k * k / 2;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, 1, 3, taps);
        assertThat(2.0 * o * c * g.visibleTaps() * GatherConv.chunkColumns).as("a chunk's GEMM is split").isGreaterThanOrEqualTo(Loops.Cost.GEMM_FLOP.minToSplit());
        assertThat(n / GatherConv.chunkImages(g, GatherConv.weightChunkColumns)).as("the weight gradient's chunks, split between threads").isGreaterThanOrEqualTo(3);
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            double[][] got = KernelSettings.with(GemmBackend.VECTOR, precision, threads, () -> {
                double[] y = new double[dy.length], dw = new double[wt.length], dx = new double[x.length];
                GatherConv.forward(g, x, wt, b, y);
                GatherConv.backwardWeight(g, dy, x, dw);
                GatherConv.backwardInput(g, dy, wt, dx);
                return new double[][] {y, dw, dx};
            });
            if (first == null) first = got;
            assertThat(got[0]).as("y on %d threads", threads).isEqualTo(first[0]);
            assertThat(got[1]).as("dW on %d threads", threads).isEqualTo(first[1]);
            assertThat(got[2]).as("dx on %d threads", threads).isEqualTo(first[2]);
        }
    }

    /**
     * A one-channel layer (vq-vae's first, and its last layer's flipped input gradient): each chunk's GEMM (k = 9) is
     * too small to split, so the chunks are split between threads instead; the same bits on 1 to 3 threads, and
     * within rounding of the reference. The weight gradient's chunks of one image each (more chunks than partial sums:
     * groups of two or three chunks per sum) or of its usual size.
     */
    @Property(tries = 6)
    void chunksSplitBetweenThreadsGiveTheSameBits(@ForAll long seed, @ForAll Precision precision, @ForAll @IntRange(min = 1, max = 2) int stride,
                                                  @ForAll boolean oneImagePerWeightChunk) {
        Assume.that(GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int n = 32 + rng.nextInt(8), c = 1, o = 32, k = 3, h = 28, w = 28;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, 1, null);
        int chunk = GatherConv.chunkImages(g);
        assertThat(2L * o * c * k * k * chunk * g.outPlane()).as("a chunk's GEMM is not split").isLessThan(Loops.Cost.GEMM_FLOP.minToSplit());
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        ConvGeometry f = ConvGeometry.of(n, o, h, w, c, k, 1, 1, null); // 32 -> 1 channel: its input gradient is the one-channel forward
        double[] wf = rand(rng, c * o * k * k), dyf = rand(rng, n * c * h * w);
        int saved = GatherConv.weightChunkColumns;
        if (oneImagePerWeightChunk) GatherConv.weightChunkColumns = 1;
        try {
            checkSameBitsAndReference(g, f, precision, x, wt, b, dy, wf, dyf);
        } finally {
            GatherConv.weightChunkColumns = saved;
        }
    }

    private static void checkSameBitsAndReference(ConvGeometry g, ConvGeometry f, Precision precision, double[] x, double[] wt, double[] b,
                                                  double[] dy, double[] wf, double[] dyf) {
        int n = g.n(), c = g.c(), k = g.k(), dxLength = f.n() * f.c() * f.inPlane(); // f's input: the gradient dx
        double[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            double[][] got = KernelSettings.with(GemmBackend.VECTOR, precision, threads, () -> {
                double[] y = new double[dy.length], dw = new double[wt.length], dx = new double[dxLength];
                GatherConv.forward(g, x, wt, b, y);
                GatherConv.backwardWeight(g, dy, x, dw);
                GatherConv.backwardInput(f, dyf, wf, dx);
                return new double[][] {y, dw, dx};
            });
            if (first == null) {
                first = got;
                double[] yr = new double[dy.length], ys = new double[dy.length], dxr = new double[dxLength], dxs = new double[dxr.length];
                double[] dwr = new double[wt.length], dws = new double[wt.length];
                ConvKernels.referenceForward(g, x, wt, b, yr);
                ConvKernels.referenceForward(g, abs(x), abs(wt), abs(b), ys);
                ConvKernels.referenceBackwardWeight(g, dy, x, dwr);
                ConvKernels.referenceBackwardWeight(g, abs(dy), abs(x), dws);
                ConvKernels.referenceBackwardInput(f, dyf, wf, dxr);
                ConvKernels.referenceBackwardInput(f, abs(dyf), abs(wf), dxs);
                within(got[0], yr, ys, bound(precision, c * k * k + 1), "y");
                within(got[1], dwr, dws, bound(precision, n * g.outPlane() + 1), "dW");
                within(got[2], dxr, dxs, bound(precision, k * k + 1), "dx");
            }
            assertThat(got[0]).as("y on %d threads", threads).isEqualTo(first[0]);
            assertThat(got[1]).as("dW on %d threads", threads).isEqualTo(first[1]);
            assertThat(got[2]).as("dx on %d threads", threads).isEqualTo(first[2]);
        }
    }
}

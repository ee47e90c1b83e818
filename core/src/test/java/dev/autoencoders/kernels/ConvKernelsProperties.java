package dev.autoencoders.kernels;

import static dev.autoencoders.kernels.KernelArrays.rand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The fast convolution kernels, and the path ConvKernels chooses, equal the image-by-image reference, with and without tap masks. */
class ConvKernelsProperties {

    /** A mask that keeps each of the k x k taps with probability 0.6. */
    private static boolean[] randomTaps(Rng rng, int k) {
        boolean[] taps = new boolean[k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        return taps;
    }

    /** |fast - reference| within a bound of the summation-order rounding: 1e-12 times the sum of |terms| (below 1e-12 * (k*k*c + 1)). */
    private static void close(double[] fast, double[] ref, double scale) {
        for (int i = 0; i < ref.length; i++) assertThat(Math.abs(fast[i] - ref[i])).as("element %d", i).isLessThanOrEqualTo(1e-12 * scale);
    }

    /**
     * Whatever path {@link ConvKernels} chooses (strided, masked, one channel or many, small or large), its three
     * products equal the reference's; dx and dW accumulate onto what they held.
     */
    @Property(tries = 150)
    void theChosenPathEqualsTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                         @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean masked, @ForAll boolean wide) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(4), c = wide ? 8 + rng.nextInt(30) : 1 + rng.nextInt(3), o = wide ? 1 + rng.nextInt(40) : 1 + rng.nextInt(4);
        int h = k + rng.nextInt(5), w = k + rng.nextInt(5);
        boolean[] taps = masked ? randomTaps(rng, k) : null;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, pad, taps);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[] y = new double[dy.length], yr = new double[dy.length];
        ConvKernels.forward(g, x, wt, b, y);
        ConvKernels.referenceForward(g, x, wt, b, yr);
        close(y, yr, c * k * k + 1);
        double[] dx = rand(new Rng(seed + 1), x.length), dxr = dx.clone();
        ConvKernels.backwardInput(g, dy, wt, dx);
        ConvKernels.referenceBackwardInput(g, dy, wt, dxr);
        close(dx, dxr, o * k * k + 1);
        double[] dw = rand(new Rng(seed + 2), wt.length), dwr = dw.clone();
        ConvKernels.backwardWeight(g, dy, x, dw);
        ConvKernels.referenceBackwardWeight(g, dy, x, dwr);
        close(dw, dwr, n * g.outPlane() + 1);
    }

    /**
     * Large convolutions through the chosen paths (GatherConv's chunks, the implicit GEMMs, the reference's per-image
     * GEMMs) give the same bits on 1, 2 and 3 threads, and stay equal to the reference.
     */
    @Property(tries = 8)
    void largeConvolutionsGiveTheSameBitsOnAnyThreadCount(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll boolean masked) {
        Rng rng = new Rng(seed);
        int n = 48 + rng.nextInt(4), c = 8 + rng.nextInt(4), o = 3 + rng.nextInt(3) + (rng.bernoulli(0.5) ? 40 : 0), k = 3, h = 28 + rng.nextInt(5), w = 28 + rng.nextInt(5);
        boolean[] taps = masked ? new boolean[] {true, true, true, true, false, false, false, false, false} : null;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, 1, taps);
        assertSameBitsOnAnyThreadCountAndCloseToReference(g, rng, (x, wt, b, dy, y, dx, dw) -> {
            ConvKernels.forward(g, x, wt, b, y);
            ConvKernels.backwardInput(g, dy, wt, dx);
            ConvKernels.backwardWeight(g, dy, x, dw);
        });
    }

    /** DirectConv splits large products by image or by filter between threads: the same bits on 1, 2 and 3 threads. */
    @Property(tries = 6)
    void splitDirectConvGivesTheSameBitsOnAnyThreadCount(@ForAll long seed, @ForAll boolean masked, @ForAll GemmBackend backend) {
        Rng rng = new Rng(seed);
        int n = 16 + rng.nextInt(4), c = 24 + rng.nextInt(4), o = 1 + rng.nextInt(DirectConv.MAX_OUT_CHANNELS), k = 3, h = 28, w = 28;
        boolean[] taps = masked ? new boolean[] {true, true, true, true, true, false, false, false, false} : null;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, 1, 1, taps);
        assertThat(DirectConv.applies(g)).isTrue();
        assertThat((long) n * o * c * g.visibleTaps() * g.outPlane()).as("big enough to be split").isGreaterThanOrEqualTo(Loops.Cost.DIRECT_MAC.minToSplit());
        // VECTOR runs VectorDirectConv, SCALAR the plain-Java loops of DirectConv
        KernelSettings.with(backend, Precision.DOUBLE, () -> {
            assertSameBitsOnAnyThreadCountAndCloseToReference(g, rng, (x, wt, b, dy, y, dx, dw) -> {
                DirectConv.forward(g, x, wt, b, y);
                ConvKernels.backwardInput(g, dy, wt, dx);
                DirectConv.backwardWeight(g, dy, x, dw);
            });
            return null;
        });
    }

    /** Forward into y, backward into dx and dw (all three start at zero). */
    private interface ThreeKernels {
        void run(double[] x, double[] wt, double[] b, double[] dy, double[] y, double[] dx, double[] dw);
    }

    /**
     * Runs the kernels on random data from rng on 1, 2 and 3 threads: the same bits each time, and within rounding
     * of the reference kernels.
     */
    private static void assertSameBitsOnAnyThreadCountAndCloseToReference(ConvGeometry g, Rng rng, ThreeKernels kernels) {
        int n = g.n(), c = g.c(), o = g.o(), k = g.k();
        double[] x = rand(rng, n * c * g.h() * g.w()), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[][][] got = new double[3][][];
        int before = Parallelism.threads();
        try {
            for (int threads = 1; threads <= 3; threads++) {
                Parallelism.setThreads(threads);
                double[] y = new double[n * o * g.outPlane()], dx = new double[x.length], dw = new double[wt.length];
                kernels.run(x, wt, b, dy, y, dx, dw);
                got[threads - 1] = new double[][] {y, dx, dw};
            }
        } finally {
            Parallelism.setThreads(before);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(got[1][i]).isEqualTo(got[0][i]);
            assertThat(got[2][i]).isEqualTo(got[0][i]);
        }
        double[] y = new double[n * o * g.outPlane()], dx = new double[x.length], dw = new double[wt.length];
        ConvKernels.referenceForward(g, x, wt, b, y);
        ConvKernels.referenceBackwardInput(g, dy, wt, dx);
        ConvKernels.referenceBackwardWeight(g, dy, x, dw);
        close(got[0][0], y, k * k * c + 1);
        close(got[0][1], dx, k * k * o + 1);
        close(got[0][2], dw, n * g.outPlane() + 1);
    }

    /** The direct kernel (stride 1, few output channels) equals the reference, forward and weight gradient, with and without masks, on both backends. */
    @Property(tries = 150)
    void directEqualsReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 0, max = 3) int pad,
                               @ForAll boolean masked, @ForAll GemmBackend backend) {
        // VECTOR runs VectorDirectConv, SCALAR the plain-Java loops of DirectConv
        KernelSettings.with(backend, Precision.DOUBLE, () -> {
            checkDirect(seed, k, pad, masked);
            return null;
        });
    }

    private static void checkDirect(long seed, int k, int pad, boolean masked) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(3), c = 1 + rng.nextInt(4), o = 1 + rng.nextInt(DirectConv.MAX_OUT_CHANNELS), h = 1 + rng.nextInt(7), w = 1 + rng.nextInt(7);
        boolean[] taps = masked ? randomTaps(rng, k) : null;
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, 1, pad, taps);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        assertThat(DirectConv.applies(g)).isTrue();
        double[] x = rand(rng, n * c * h * w), wt = rand(rng, o * c * k * k), b = rand(rng, o), dy = rand(rng, n * o * g.outPlane());
        double[] yd = new double[dy.length], yr = new double[dy.length];
        DirectConv.forward(g, x, wt, b, yd);
        ConvKernels.referenceForward(g, x, wt, b, yr);
        close(yd, yr, c * k * k + 1);
        double[] dwd = rand(new Rng(seed + 2), wt.length), dwr = dwd.clone();
        DirectConv.backwardWeight(g, dy, x, dwd);
        ConvKernels.referenceBackwardWeight(g, dy, x, dwr);
        close(dwd, dwr, n * g.outPlane() + 1);
    }

    /**
     * The bias gradient, split by channel between threads when large, adds each image's plane sum into db[ch] in image
     * order, as the loop written out here: the same bits on 1 to 3 threads, onto a db that already holds values.
     */
    @Property(tries = 30)
    void biasGradientIsThePerImageLoopOnAnyThreadCount(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int threads) {
        Rng rng = new Rng(seed);
        // a few images or many, planes of any size
        int n = rng.nextInt(3) == 0 ? 1 + rng.nextInt(7) : 64 + rng.nextInt(8), channels = 1 + rng.nextInt(40), plane = 1 + rng.nextInt(110);
        double[] dy = rand(rng, n * channels * plane), db0 = rand(rng, channels);
        double[] expected = db0.clone();
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < channels; ch++) {
                // Summation's order written out: eight running sums over i mod 8, paired, then the tail
                int base = (s * channels + ch) * plane, full = plane / 8 * 8;
                double[] r = new double[8];
                for (int i = 0; i < full; i++) r[i % 8] += dy[base + i];
                double acc = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for (int i = full; i < plane; i++) acc += dy[base + i];
                expected[ch] += acc;
            }
        }
        double[] db = db0.clone();
        KernelSettings.with(GemmBackend.current(), Precision.DOUBLE, threads, () -> {
            ConvKernels.backwardBias(dy, n, channels, plane, db);
            return null;
        });
        assertThat(db).isEqualTo(expected);
    }
}

package dev.autoencoders.kernels;

import static dev.autoencoders.kernels.KernelArrays.rand;
import static dev.autoencoders.kernels.KernelArrays.abs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The input gradient of a strided convolution by phases of gathered GEMMs ({@link GatherConvAdjoint}) equals two
 * oracles: the reference (GEMM then col2im, image by image) within rounding in double and in float32, and the
 * definition {@code dx[ch][oy*s - p + i][ox*s - p + j] += W[oc][ch][i][j] dy[oc][oy][ox]} summed by plain loops; for
 * every stride (up to 4, so that some phases get no tap when s > k), padding, mask, chunk size and both GEMM
 * backends; dx accumulates onto what it held; the same bits on any number of threads.
 */
class GatherConvAdjointProperties {

    /** The definition, one term at a time: dx[ch][oy*s - p + i][ox*s - p + j] += W[oc][ch][i][j] dy[oc][oy][ox]. */
    static void byDefinition(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        int k = g.k();
        for (int sl = 0; sl < g.n(); sl++) {
            for (int oc = 0; oc < g.o(); oc++) {
                for (int ch = 0; ch < g.c(); ch++) {
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            if (!g.tap(i, j)) continue;
                            for (int oy = 0; oy < g.oh(); oy++) {
                                for (int ox = 0; ox < g.ow(); ox++) {
                                    int yy = oy * g.stride() - g.pad() + i, xx = ox * g.stride() - g.pad() + j;
                                    if (yy < 0 || yy >= g.h() || xx < 0 || xx >= g.w()) continue;
                                    dx[((sl * g.c() + ch) * g.h() + yy) * g.w() + xx] +=
                                            w[((oc * g.c() + ch) * k + i) * k + j] * dy[((sl * g.o() + oc) * g.oh() + oy) * g.ow() + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void equalsTheReferenceAndTheDefinition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 2, max = 4) int stride,
                                            @ForAll @IntRange(min = 0, max = 4) int pad, @ForAll boolean masked, @ForAll Precision precision,
                                            @ForAll GemmBackend backend, @ForAll @IntRange(min = 1, max = 300) int chunkColumns) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(4), c = 1 + rng.nextInt(20), o = 1 + rng.nextInt(12), h = k + rng.nextInt(9), w = k + rng.nextInt(9);
        boolean[] taps = null;
        if (masked) {
            taps = new boolean[k * k];
            for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        }
        ConvGeometry g = ConvGeometry.of(n, c, h, w, o, k, stride, Math.min(pad, k - 1), taps);
        Assume.that(g.oh() >= 1 && g.ow() >= 1);
        double[] wt = rand(rng, o * c * k * k), dy = rand(rng, n * o * g.outPlane()), dx0 = rand(rng, n * c * h * w);
        int saved = GatherConv.chunkColumns;
        GatherConv.chunkColumns = chunkColumns;
        try {
            double[] dx = KernelSettings.with(backend, precision, () -> {
                double[] d = dx0.clone();
                GatherConvAdjoint.backwardInput(g, dy, wt, d);
                return d;
            });
            KernelSettings.with(GemmBackend.SCALAR, Precision.DOUBLE, () -> {
                double[] dxr = dx0.clone(), dxd = dx0.clone(), dxs = abs(dx0);
                ConvKernels.referenceBackwardInput(g, dy, wt, dxr);
                byDefinition(g, dy, wt, dxd);
                // S: the same sums over |terms| (the old dx is one more term), which bounds every partial sum
                ConvKernels.referenceBackwardInput(g, abs(dy), abs(wt), dxs);
                int terms = o * k * k + 1;
                double bound = precision == Precision.DOUBLE ? ErrorBounds.doubleVsReference(terms) : ErrorBounds.float32VsReference(terms);
                for (int i = 0; i < dx.length; i++) {
                    assertThat(Math.abs(dx[i] - dxr[i])).as("dx element %d against the reference", i).isLessThanOrEqualTo(bound * dxs[i]);
                    assertThat(Math.abs(dx[i] - dxd[i])).as("dx element %d against the definition", i).isLessThanOrEqualTo(bound * dxs[i]);
                }
                return null;
            });
        } finally {
            GatherConv.chunkColumns = saved;
        }
    }

    /** A case by hand: one 1 x 1-channel 2 x 2 kernel of stride 2 puts a copy of the kernel, scaled, at each output pixel. */
    @Example
    void aStrideTwoKernelTilesTheImage() {
        ConvGeometry g = ConvGeometry.of(1, 1, 4, 4, 1, 2, 2, 0, null);
        double[] w = {1, 2, 3, 4}, dy = {1, 10, 100, 1000}, dx = new double[16];
        GatherConvAdjoint.backwardInput(g, dy, w, dx);
        assertThat(dx).containsExactly(
                1, 2, 10, 20,
                3, 4, 30, 40,
                100, 200, 1000, 2000,
                300, 400, 3000, 4000);
    }

    /** vq-vae's 64 -> 16 decoder layer's shape, large enough to be split: the same bits on 1, 2 and 3 threads. */
    @Property(tries = 4)
    void theSameBitsOnAnyThreadCount(@ForAll long seed, @ForAll Precision precision) {
        Rng rng = new Rng(seed);
        ConvGeometry g = ConvGeometry.of(32, 64, 14, 14, 16, 3, 2, 1, null);
        double[] wt = rand(rng, 16 * 64 * 9), dy = rand(rng, 32 * 16 * g.outPlane());
        double[] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            double[] got = KernelSettings.with(GemmBackend.VECTOR, precision, threads, () -> {
                double[] dx = new double[32 * 64 * 14 * 14];
                GatherConvAdjoint.backwardInput(g, dy, wt, dx);
                return dx;
            });
            if (first == null) first = got;
            assertThat(got).as("dx on %d threads", threads).isEqualTo(first);
        }
    }
}

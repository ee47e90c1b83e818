package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link LookupConv}'s look-ups give the same bits on both backends (the SIMD row addition of {@link VectorRows} and
 * the plain loop) and on any number of threads, for row lengths with and without a tail; and they are the
 * definition, summed directly.
 */
class LookupConvProperties {

    @Property(tries = 60)
    void theLookUpsAreTheDefinitionOnBothBackendsAndAnyThreadCount(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k,
                                                                   @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll GemmBackend backend,
                                                                   @ForAll @IntRange(min = 1, max = 3) int threads) {
        Rng rng = new Rng(seed);
        int numCodes = 1 + rng.nextInt(5), o = 1 + rng.nextInt(19), n = 1 + rng.nextInt(3), pad = rng.nextInt(k);
        int h = k + rng.nextInt(4), w = k + rng.nextInt(4);
        boolean[] taps = new boolean[k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        ConvGeometry g = ConvGeometry.of(n, 1, h, w, o, k, stride, pad, taps);
        VisibleTaps visible = VisibleTaps.of(g);
        int[] tapList = new int[visible.size()];
        for (int t = 0; t < tapList.length; t++) tapList[t] = visible.i()[t] * k + visible.j()[t];
        int[] codes = new int[n * h * w];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(numCodes);
        double[] p = new double[tapList.length * numCodes * o], b = new double[o], dy = new double[n * o * g.outPlane()];
        for (int i = 0; i < p.length; i++) p[i] = rng.uniform(-1, 1);
        for (int i = 0; i < o; i++) b[i] = rng.uniform(-1, 1);
        for (int i = 0; i < dy.length; i++) dy[i] = rng.uniform(-1, 1);

        // the definitions, in the documented order: bias, then taps ascending; images, then positions ascending
        double[] y = new double[dy.length], dp = new double[p.length];
        for (int s = 0; s < n; s++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    for (int c = 0; c < o; c++) {
                        int yi = (s * o + c) * g.outPlane() + oy * g.ow() + ox;
                        double acc = b[c];
                        for (int t = 0; t < tapList.length; t++) {
                            int iy = oy * stride - pad + tapList[t] / k, ix = ox * stride - pad + tapList[t] % k;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            int pi = (t * numCodes + codes[(s * h + iy) * w + ix]) * o + c;
                            acc += p[pi];
                            dp[pi] += dy[yi];
                        }
                        y[yi] = acc;
                    }
                }
            }
        }
        double[] gotY = new double[dy.length];
        double[] gotDp = KernelSettings.with(backend, Precision.DOUBLE, threads, () -> {
            LookupConv.forward(g, codes, p, b, gotY);
            return LookupConv.backwardTables(g, codes, numCodes, dy);
        });
        assertThat(gotY).isEqualTo(y);
        assertThat(gotDp).isEqualTo(dp);
    }
}

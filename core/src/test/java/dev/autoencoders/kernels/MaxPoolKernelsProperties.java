package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The branch-free 2 x 2 max pool gives the scan's values and indices, bit for bit, ties, signed zeros and NaN included. */
class MaxPoolKernelsProperties {

    /** Values from a small set, so that windows often hold ties, both zeros, NaN and infinities. */
    private static double[] values(Rng rng, int n) {
        double[] pool = {0.0, -0.0, 1.0, -1.0, 2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.bernoulli(0.5) ? pool[rng.nextInt(pool.length)] : rng.uniform(-3, 3);
        return a;
    }

    @Property(tries = 300)
    void twoByTwoEqualsTheScan(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int stride) {
        Rng rng = new Rng(seed);
        int planes = 1 + rng.nextInt(4), h = 2 + rng.nextInt(7), w = 2 + rng.nextInt(7);
        int oh = (h - 2) / stride + 1, ow = (w - 2) / stride + 1;
        double[] x = values(rng, planes * h * w);
        double[] y = new double[planes * oh * ow], yr = new double[y.length];
        int[] idx = new int[y.length], idxr = new int[y.length];
        MaxPoolKernels.forward2x2(x, planes, h, w, stride, oh, ow, y, idx);
        MaxPoolKernels.reference(x, planes, h, w, 2, stride, 0, oh, ow, yr, idxr);
        assertThat(idx).isEqualTo(idxr);
        for (int i = 0; i < y.length; i++) {
            assertThat(Double.doubleToRawLongBits(y[i])).as("window %d", i).isEqualTo(Double.doubleToRawLongBits(yr[i]));
        }
    }
}

package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of max pooling (on inputs without ties) and max unpooling. */
class PoolingProperties {

    @Property(tries = 60)
    void maxPoolGradients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                          @ForAll @IntRange(min = 0, max = 1) int pad) {
        Assume.that(pad <= k / 2);
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(2), h = k + rng.nextInt(5), w = k + rng.nextInt(5);
        // distinct values 0.01 apart: the finite-difference steps never change which element is the maximum
        Tensor x = Gen.distinct(seed, 0.01, n, c, h, w);
        GradCheck.Result r = GradCheck.check(t -> Pooling.maxPool2d(t[0], k, stride, pad).output(), x);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 60)
    void maxUnpoolGradientsAndInverse(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int k) {
        Rng rng = new Rng(seed);
        int h = k * (1 + rng.nextInt(3)), w = k * (1 + rng.nextInt(3));
        Tensor x = Gen.distinct(seed, 0.01, 1, 2, h, w);
        Pooling.Pooled p = Pooling.maxPool2d(x, k, k, 0);
        Tensor pooled = p.output().detach().requiresGrad(true);
        GradCheck.Result r = GradCheck.check(t -> Pooling.maxUnpool2d(t[0], p.indices(), h, w), pooled);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        // unpooling then pooling again returns the pooled values (or the zeros beside them, where they were negative)
        Tensor un = Pooling.maxUnpool2d(pooled, p.indices(), h, w);
        double[] back = Pooling.maxPool2d(un, k, k, 0).output().data();
        for (int i = 0; i < back.length; i++) {
            double v = pooled.data()[i];
            assertThat(back[i]).isEqualTo(k == 1 ? v : Math.max(v, 0.0));
        }
    }
}

package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checker itself must be able to fail: a deliberately wrong backward is caught. */
class GradCheckTest {

    /** y = x^3 with a backward that is off by 0.1%: 3.003 x^2. */
    private static Tensor wrongCube(Tensor x) {
        double[] y = new double[x.numel()];
        for (int i = 0; i < y.length; i++) y[i] = Math.pow(x.data()[i], 3);
        return Tensor.result("wrong_cube", y, x.shape(), x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * 3.003 * x.data()[i] * x.data()[i];
        });
    }

    @Test
    void aWrongDerivativeIsDetected() {
        Tensor x = Gen.var(1, 0.5, 2, 3, 4);
        GradCheck.Result bad = GradCheck.check(in -> wrongCube(in[0]), x);
        assertThat(bad.maxRelError()).isGreaterThan(1e-4);
        assertThat(bad.passes(1e-6)).isFalse();
        GradCheck.Result good = GradCheck.check(in -> in[0].pow(3), Gen.var(1, 0.5, 2, 3, 4));
        assertThat(good.maxRelError()).as(good.toString()).isLessThan(1e-9);
    }

    @Test
    void aMissingGradientPathIsDetected() {
        // backward forgets the second input entirely
        Tensor a = Gen.var(2, -1, 1, 5), b = Gen.var(3, -1, 1, 5);
        GradCheck.Result r = GradCheck.check(in -> in[0].add(in[1].detach()), a, b);
        assertThat(r.passes(1e-6)).isFalse();
        assertThat(r.where()).startsWith("input 1");
    }
}

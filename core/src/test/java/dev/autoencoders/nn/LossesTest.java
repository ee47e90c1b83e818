package dev.autoencoders.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Gen;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Each loss: a hand-computed value, its reductions, and a gradient check. */
class LossesTest {
    private static final Tensor Y = Tensor.of(new double[] {0.2, 0.9, 0.5, 0.1}, 2, 2);
    private static final Tensor T = Tensor.of(new double[] {0, 1, 1, 0}, 2, 2);

    @Test
    void mseAndL1ByHand() {
        // squared errors 0.04, 0.01, 0.25, 0.01
        assertThat(Losses.mse(Y, T, Reduction.SUM).item()).isCloseTo(0.31, within(1e-15));
        assertThat(Losses.mse(Y, T, Reduction.MEAN).item()).isCloseTo(0.0775, within(1e-15));
        assertThat(Losses.mse(Y, T, Reduction.BATCH_MEAN).item()).isCloseTo(0.155, within(1e-15));
        assertThat(Losses.l1(Y, T, Reduction.SUM).item()).isCloseTo(0.2 + 0.1 + 0.5 + 0.1, within(1e-15));
    }

    @Test
    void bceByHandAndClampedAtMinus100LikePyTorch() {
        double expected = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.5) + Math.log(0.9));
        assertThat(Losses.bce(Y, T, Reduction.SUM).item()).isCloseTo(expected, within(1e-14));
        // p = 0 for a target 1: log 0 clamped to -100
        Tensor p = Tensor.of(new double[] {0.0, 1.0}, 2);
        assertThat(Losses.bce(p, Tensor.of(new double[] {1, 1}, 2), Reduction.SUM).item()).isEqualTo(100.0);
    }

    @Test
    void bceWithLogitsEqualsBceOfTheSigmoidAndIsStable() {
        Tensor z = Tensor.of(new double[] {-3, -0.5, 0, 2}, 4), t = Tensor.of(new double[] {0, 1, 0.3, 1}, 4);
        assertThat(Losses.bceWithLogits(z, t, Reduction.SUM).item()).isCloseTo(Losses.bce(z.sigmoid(), t, Reduction.SUM).item(), within(1e-13));
        // z = 800 with target 0 costs 800 nats, no overflow
        assertThat(Losses.bceWithLogits(Tensor.of(new double[] {800}, 1), Tensor.of(new double[] {0}, 1), Reduction.SUM).item()).isEqualTo(800.0);
    }

    @Test
    void crossEntropyByHandOverClassesAndPixels() {
        // logits (1, 2) = [0, ln 3]: p = [1/4, 3/4]
        Tensor z = Tensor.of(new double[] {0, Math.log(3)}, 1, 2);
        assertThat(Losses.crossEntropy(z, new int[] {1}, Reduction.MEAN).item()).isCloseTo(-Math.log(0.75), within(1e-15));
        // (N=1, C=2, H=1, W=2): targets per pixel, mean over the 2 pixels
        Tensor z4 = Tensor.of(new double[] {0, 0, Math.log(3), 0}, 1, 2, 1, 2);
        assertThat(Losses.crossEntropy(z4, new int[] {1, 0}, Reduction.MEAN).item()).isCloseTo((-Math.log(0.75) - Math.log(0.5)) / 2, within(1e-15));
    }

    @Property(tries = 30)
    void lossGradients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 2, max = 5) int d) {
        Tensor t = Tensor.rand(new Rng(seed + 9), n, d);
        for (GradCheck.Result r : new GradCheck.Result[] {
            GradCheck.check(in -> Losses.mse(in[0], t, Reduction.MEAN), Gen.var(seed, 0, 1, n, d)),
            GradCheck.check(in -> Losses.l1(in[0], t, Reduction.SUM), Gen.var(seed, 1.1, 2, n, d)),
            GradCheck.check(in -> Losses.bce(in[0], t, Reduction.SUM), Gen.var(seed, 0.05, 0.95, n, d)),
            GradCheck.check(in -> Losses.bceWithLogits(in[0], t, Reduction.MEAN), Gen.var(seed, -4, 4, n, d)),
            GradCheck.check(in -> Losses.crossEntropy(in[0], new int[n], Reduction.MEAN), Gen.var(seed, -3, 3, n, d)),
        }) {
            assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        }
    }
}

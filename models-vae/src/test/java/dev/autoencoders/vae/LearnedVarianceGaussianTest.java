package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian decoder with a learned variance ({@link LearnedVarianceGaussian}): the formula in plain loops, the
 * fixed-variance decoder as the special case of a constant log-variance, the gradient by central differences (the
 * likelihood alone and a whole VAE with it), and the bound the variance floor puts on the density (none without it).
 */
class LearnedVarianceGaussianTest {

    /** log p(x|z) = -1/2 sum_d [log(2 pi sigma_d^2) + (x_d - m_d)^2 / sigma_d^2], m = sigmoid(a_m), sigma^2 = v_min + exp(s). */
    @Property(tries = 30, seed = "20261122")
    void logProbIsTheFormulaInPlainLoops(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 7) int d,
                                        @ForAll @DoubleRange(min = 0, max = 0.5) double floor, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor a = Tensor.uniform(rng, -4, 4, n, 2 * d), x = Tensor.rand(rng, n, d);
        double[] got = new LearnedVarianceGaussian(floor).logProb(a, x).data();
        for (int i = 0; i < n; i++) {
            double want = 0;
            for (int j = 0; j < d; j++) {
                double m = 1 / (1 + Math.exp(-a.get(i, j))), v = floor + Math.exp(a.get(i, d + j)), r = x.get(i, j) - m;
                want += -0.5 * (Math.log(2 * Math.PI * v) + r * r / v);
            }
            assertThat(got[i]).isCloseTo(want, within(1e-12 * (1 + Math.abs(want))));
        }
    }

    /** A constant log-variance s = log v and no floor: the fixed-variance decoder N(sigmoid(a_m), v I), row for row. */
    @Property(tries = 20, seed = "20261122")
    void aConstantLogVarianceIsTheFixedVarianceDecoder(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 9) int d,
                                                       @ForAll @DoubleRange(min = 0.01, max = 3) double v, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor am = Tensor.uniform(rng, -4, 4, n, d), x = Tensor.rand(rng, n, d);
        Tensor a = dev.autoencoders.tensor.Reshaping.concat(1, am, Tensor.full(Math.log(v), n, d));
        double[] learned = new LearnedVarianceGaussian(0).logProb(a, x).data(), fixed = new GaussianLikelihood(v).logProb(am, x).data();
        for (int i = 0; i < n; i++) assertThat(learned[i]).isCloseTo(fixed[i], within(1e-11 * (1 + Math.abs(fixed[i]))));
        assertThat(new LearnedVarianceGaussian(0).mean(a).data()).containsExactly(new GaussianLikelihood(v).mean(am).data(), within(0.0));
    }

    /** d log p / d a, both halves (mean logits and log-variances), by five-point central differences, with and without a floor. */
    @Test
    void theGradientMatchesCentralDifferences() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.rand(rng, 3, 5);
        for (double floor : new double[] {0, 0.05}) {
            Tensor a = Tensor.uniform(rng, -3, 3, 3, 10).requiresGrad(true);
            LearnedVarianceGaussian lik = new LearnedVarianceGaussian(floor);
            GradCheck.Result r = GradCheck.check(in -> lik.logProb(in[0], x), a);
            assertThat(r.maxRelError()).as("floor %s: %s", floor, r).isLessThanOrEqualTo(1e-8);
            assertThat(r.checked()).isEqualTo(30);
        }
    }

    /** The VAE with this decoder: fc4 gives 2D numbers per image, and d(-ELBO)/d(every parameter) matches finite differences. */
    @Test
    void aVaeWithItHasTwoOutputsPerPixelAndItsGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(12);
        Tensor x = Tensor.rand(rng, 4, 12), eps = Tensor.randn(rng, 4, 3);
        Vae vae = new Vae(new Vae.Config(12, 6, 3, new LearnedVarianceGaussian(0), Double.POSITIVE_INFINITY), new Rng(13));
        assertThat(vae.fc4.weight.shape()).containsExactly(24, 6);
        assertThat(vae.decode(eps).shape()).containsExactly(4, 12);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> vae.elbo(x, eps).negElbo(), vae.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        assertThat(r.checked()).isEqualTo((int) vae.numParameters());
    }

    /**
     * On a pixel whose mean is off by r, the best variance is r^2 and the log-density there is -1/2 (log(2 pi r^2) + 1):
     * it grows without bound as r -> 0. A floor v_min caps every pixel at -1/2 log(2 pi v_min), whatever the outputs.
     */
    @Test
    void withoutAFloorTheDensityOfAFittedPixelHasNoBoundWithOneItHas() {
        LearnedVarianceGaussian none = new LearnedVarianceGaussian(0), floored = new LearnedVarianceGaussian(1e-3);
        double previous = Double.NEGATIVE_INFINITY;
        for (double logit = -2; logit >= -20; logit -= 3) {
            double r = 1 / (1 + Math.exp(-logit)); // x = 0, m = sigmoid(logit) = r
            Tensor best = Tensor.of(new double[] {logit, Math.log(r * r)}, 1, 2), x = Tensor.zeros(1, 1);
            double logP = none.logProb(best, x).item();
            assertThat(logP).isCloseTo(-0.5 * (Math.log(2 * Math.PI * r * r) + 1), within(1e-9));
            assertThat(logP).isGreaterThan(previous + 2);
            previous = logP;
            for (double s = -40; s <= 2; s += 1) {
                double capped = floored.logProb(Tensor.of(new double[] {logit, s}, 1, 2), x).item();
                assertThat(capped).isLessThanOrEqualTo(-0.5 * Math.log(2 * Math.PI * 1e-3));
            }
        }
        assertThat(previous).as("log-density of a pixel fitted to sigmoid(-20)").isGreaterThan(17);
    }

    @Test
    void badShapesAndFloorsAreRejected() {
        assertThatThrownBy(() -> new LearnedVarianceGaussian(0).logProb(Tensor.zeros(2, 5), Tensor.zeros(2, 3))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("(N, 2D)");
        assertThatThrownBy(() -> new LearnedVarianceGaussian(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(new LearnedVarianceGaussian(0).outputsPerPixel()).isEqualTo(2);
        assertThat(new BernoulliLikelihood().outputsPerPixel()).isEqualTo(1);
    }
}

package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The decoder distributions p(x|z): values against the textbook formulas, normalisation, numerical range. */
class LikelihoodTest {

    /** log p(x|z) = sum_d [x_d log p_d + (1 - x_d) log(1 - p_d)], p = sigmoid(a), for gray-level x, term by term in scalar Java. */
    @Test
    void bernoulliIsMinusTheBinaryCrossEntropySummedOverPixels() {
        Rng rng = new Rng(1);
        Tensor a = Tensor.uniform(rng, -6, 6, 3, 7), x = Tensor.rand(rng, 3, 7);
        double[] ours = new BernoulliLikelihood().logProb(a, x).data();
        for (int n = 0; n < 3; n++) {
            double want = 0;
            for (int d = 0; d < 7; d++) {
                double p = 1 / (1 + Math.exp(-a.get(n, d))), xd = x.get(n, d);
                want += xd * Math.log(p) + (1 - xd) * Math.log(1 - p);
            }
            assertThat(ours[n]).isCloseTo(want, within(1e-12));
        }
    }

    /** For binary images it is a distribution: the probabilities of all 2^4 images sum to 1. */
    @Test
    void bernoulliSumsToOneOverBinaryImages() {
        Tensor a = Tensor.randn(new Rng(2), 1, 4).mul(3);
        double total = 0;
        for (int bits = 0; bits < 16; bits++) {
            double[] x = new double[4];
            for (int d = 0; d < 4; d++) x[d] = (bits >> d) & 1;
            total += Math.exp(new BernoulliLikelihood().logProb(a, Tensor.of(x, 1, 4)).item());
        }
        assertThat(total).isCloseTo(1.0, within(1e-14));
    }

    /** The logit form needs no clamp: at a = +-60, where sigmoid rounds to 1 or 0 and log(1 - p) would be -inf, it is exact. */
    @Test
    void bernoulliIsFiniteAndExactForSaturatedLogits() {
        Tensor a = Tensor.of(new double[] {60, -60}, 1, 2), x = Tensor.of(new double[] {0, 1}, 1, 2);
        // log(1 - sigmoid(60)) + log sigmoid(-60) = -softplus(60) - softplus(60)
        assertThat(new BernoulliLikelihood().logProb(a, x).item()).isCloseTo(-120, within(1e-12));
        assertThat(new BernoulliLikelihood().mean(a).data()).containsExactly(new double[] {1.0, Math.exp(-60)}, within(1e-40));
    }

    /** log N(x; m, s2 I) = -||x - m||^2 / (2 s2) - D/2 log(2 pi s2): at x = m only the normalising constant is left. */
    @Test
    void gaussianHasItsNormalisingConstant() {
        GaussianLikelihood g = new GaussianLikelihood(0.25);
        Tensor m = Tensor.of(new double[] {0.2, 0.4, 0.9}, 1, 3);
        assertThat(g.logDensity(m, m).item()).isCloseTo(-1.5 * Math.log(2 * Math.PI * 0.25), within(1e-14));
        Tensor x = Tensor.of(new double[] {0.7, 0.4, 0.4}, 1, 3);
        // ||x - m||^2 = 0.25 + 0 + 0.25 = 0.5; 0.5 / (2 * 0.25) = 1
        assertThat(g.logDensity(m, x).item()).isCloseTo(-1 - 1.5 * Math.log(2 * Math.PI * 0.25), within(1e-14));
        // the decoder's mean is sigmoid(a)
        Tensor a = Tensor.of(new double[] {0, 2, -1}, 1, 3);
        assertThat(g.logProb(a, x).item()).isEqualTo(g.logDensity(a.sigmoid(), x).item());
    }

    /** It is a density: its integral over x (one pixel, trapezoidal rule over m +- 12 sigma) is 1. */
    @Test
    void gaussianIntegratesToOne() {
        double s2 = 0.04, m = 0.3, sigma = Math.sqrt(s2);
        GaussianLikelihood g = new GaussianLikelihood(s2);
        int n = 4001;
        double lo = m - 12 * sigma, step = 24 * sigma / (n - 1);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = lo + i * step;
        double[] logp = g.logDensity(Tensor.full(m, n, 1), Tensor.of(xs, n, 1)).data();
        double integral = 0;
        for (double l : logp) integral += Math.exp(l) * step;
        assertThat(integral).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void mismatchedShapesAreShapeErrors() {
        assertThatThrownBy(() -> new BernoulliLikelihood().logProb(Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> new GaussianLikelihood(1).logDensity(Tensor.zeros(2, 3), Tensor.zeros(3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("logDensity");
        assertThat(new GaussianLikelihood(0.5).describe()).isEqualTo("gaussian(sigma2=0.5)");
    }
}

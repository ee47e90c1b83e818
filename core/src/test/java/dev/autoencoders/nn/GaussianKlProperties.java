package dev.autoencoders.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The closed-form KL(N(mu, sigma^2) || N(0, 1)) against its definition. */
class GaussianKlProperties {

    /**
     * Monte Carlo: KL = E_q[log q(z) - log p(z)], estimated from 1e5 draws z ~ q with a fixed seed,
     * agrees with the closed form within 4 standard errors of the estimate.
     */
    @Property(tries = 20)
    void closedFormMatchesMonteCarlo(@ForAll @DoubleRange(min = -2, max = 2) double mu, @ForAll @DoubleRange(min = -2, max = 1.5) double logvar) {
        double closed = Losses.gaussianKl(Tensor.of(new double[] {mu}, 1, 1), Tensor.of(new double[] {logvar}, 1, 1), Reduction.SUM).item();
        Rng rng = new Rng(2024);
        int n = 100_000;
        double sigma = Math.exp(0.5 * logvar), s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double eps = rng.normal();
            double z = mu + sigma * eps;
            // log q(z) - log p(z) = -eps^2/2 - log sigma + z^2/2   (the 1/sqrt(2 pi) cancels)
            double term = -0.5 * eps * eps - 0.5 * logvar + 0.5 * z * z;
            s += term;
            s2 += term * term;
        }
        double mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
        assertThat(Math.abs(closed - mean)).isLessThanOrEqualTo(4 * se + 1e-12);
    }

    @Property(tries = 100)
    void nonNegativeAndZeroOnlyAtTheStandardNormal(@ForAll @IntRange(min = 1, max = 6) int d, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor mu = Tensor.uniform(rng, -3, 3, 2, d), lv = Tensor.uniform(rng, -3, 3, 2, d);
        assertThat(Losses.gaussianKl(mu, lv, Reduction.SUM).item()).isGreaterThanOrEqualTo(0);
        assertThat(Losses.gaussianKl(Tensor.zeros(2, d), Tensor.zeros(2, d), Reduction.SUM).item()).isEqualTo(0.0);
    }

    @Property(tries = 50)
    void aHandValue(@ForAll @DoubleRange(min = -3, max = 3) double mu) {
        // sigma = 1: KL = mu^2 / 2
        double kl = Losses.gaussianKl(Tensor.of(new double[] {mu}, 1, 1), Tensor.zeros(1, 1), Reduction.SUM).item();
        assertThat(kl).isCloseTo(mu * mu / 2, within(1e-14));
    }
}

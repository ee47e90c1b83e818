package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Gen;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The closed-form KL of a diagonal Gaussian from a unit-variance Gaussian prior, in both written forms of the posts. */
class KlDivergenceProperties {

    /** Post 004's {@code exp(s) - (1 + s) + m^2} with s the log-variance is exactly twice the standard closed form. */
    @Property(tries = 100)
    @net.jqwik.api.Tag("lab-vae")
    void theLectureFormIsTwiceTheStandardClosedForm(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 6) int dims, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor m = Tensor.uniform(rng, -4, 4, rows, dims), s = Tensor.uniform(rng, -6, 4, rows, dims);
        double[] lecture = KlDivergence.lectureForm(m, s).data(), standard = KlDivergence.toStandardNormal(m, s).data();
        for (int i = 0; i < lecture.length; i++) {
            assertThat(lecture[i]).isCloseTo(2 * standard[i], within(1e-12 * (1 + Math.abs(lecture[i]))));
        }
    }

    /** Hand-computed values: KL(N(1, 1) || N(0, 1)) = 1/2; KL(N(0, 2) || N(0, 1)) = (1 - log 2) / 2; 0 for q = p. */
    @Test
    @Tag("lab-vae")
    void handComputedValues() {
        Tensor mu = Tensor.of(new double[] {1, 0, 0, 2}, 1, 4);
        Tensor logvar = Tensor.of(new double[] {0, Math.log(2), 0, Math.log(0.5)}, 1, 4);
        double[] kl = KlDivergence.toStandardNormal(mu, logvar).data();
        assertThat(kl[0]).isCloseTo(0.5, within(1e-15));
        assertThat(kl[1]).isCloseTo((1 - Math.log(2)) / 2, within(1e-15));
        assertThat(kl[2]).isEqualTo(0.0);
        // 1/2 (4 + 1/2 + log 2 - 1)
        assertThat(kl[3]).isCloseTo(0.5 * (3.5 + Math.log(2)), within(1e-15));
        // prior mean mu_y: only the mean's distance matters, so N(mu_y + 1, 1) from N(mu_y, 1) is 1/2 for any mu_y
        Tensor prior = Tensor.of(new double[] {-3, 5, 0.5, 7}, 1, 4);
        double[] shifted = KlDivergence.toUnitVarianceGaussian(prior.add(1), Tensor.zeros(1, 4), prior).data();
        for (double v : shifted) assertThat(v).isCloseTo(0.5, within(1e-14));
    }

    /** With mu_y = 0 the prior-mean form is the standard form. */
    @Property(tries = 50)
    @net.jqwik.api.Tag("lab-cvae-iwae")
    void aZeroPriorMeanGivesTheStandardForm(@ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor mu = Tensor.uniform(rng, -4, 4, 3, 5), logvar = Tensor.uniform(rng, -6, 4, 3, 5);
        assertThat(KlDivergence.toUnitVarianceGaussian(mu, logvar, Tensor.zeros(3, 5)).data()).containsExactly(KlDivergence.toStandardNormal(mu, logvar).data());
    }

    /**
     * The closed form {@code 1/2 sum[(mu - mu_y)^2 + sigma^2 - log sigma^2 - 1]} against a Monte Carlo estimate of
     * {@code E_q[log q(z) - log p(z)]} with {@code p = N(mu_y, I)} (n = 50,000 draws, with {@link DiagonalGaussian#logProb}
     * for both densities): they agree within 5 standard errors of the estimate. Fixed samples.
     */
    @Property(tries = 10, seed = "20261122")
    @net.jqwik.api.Tag("lab-cvae-iwae")
    void theKlToAPriorWithNonZeroMeanMatchesMonteCarlo(@ForAll @IntRange(min = 1, max = 4) int dims, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor mu = Tensor.uniform(rng, -2, 2, 1, dims), logvar = Tensor.uniform(rng, -2, 1.5, 1, dims), muY = Tensor.uniform(rng, -2, 2, 1, dims);
        DiagonalGaussian q = new DiagonalGaussian(mu, logvar), p = new DiagonalGaussian(muY, Tensor.zeros(1, dims));
        int n = 50_000;
        Tensor z = q.rsample(Tensor.randn(rng, n, 1, dims));
        double[] logRatio = q.logProb(z).sub(p.logProb(z)).data();
        double sum = 0, sum2 = 0;
        for (double v : logRatio) sum += v;
        double mc = sum / n;
        for (double v : logRatio) sum2 += (v - mc) * (v - mc);
        double se = Math.sqrt(sum2 / (n - 1) / n);
        double closed = KlDivergence.toUnitVarianceGaussian(mu, logvar, muY).sum().item();
        assertThat(mc).isCloseTo(closed, within(5 * se));
    }

    /**
     * The standard form against its definition, {@code KL = E_q[log q(z) - log p(z)]}, estimated from 100,000 draws
     * {@code z = mu + sigma eps} with the log-densities written out by hand (a second oracle beside
     * {@link DiagonalGaussian#logProb} above): within 4 standard errors of the estimate. Fixed samples.
     */
    @Property(tries = 20, seed = "20261122")
    @net.jqwik.api.Tag("lab-vae")
    void theStandardFormMatchesMonteCarlo(@ForAll @DoubleRange(min = -2, max = 2) double mu, @ForAll @DoubleRange(min = -2, max = 1.5) double logvar) {
        double closed = KlDivergence.toStandardNormal(Tensor.of(new double[] {mu}, 1, 1), Tensor.of(new double[] {logvar}, 1, 1)).item();
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

    /** With sigma = 1 the standard form is {@code mu^2 / 2}. */
    @Property(tries = 50)
    void aUnitVarianceGivesHalfTheSquaredMean(@ForAll @DoubleRange(min = -3, max = 3) double mu) {
        double kl = KlDivergence.toStandardNormal(Tensor.of(new double[] {mu}, 1, 1), Tensor.zeros(1, 1)).item();
        assertThat(kl).isCloseTo(mu * mu / 2, within(1e-14));
    }

    /** Central differences against the backward of both closed forms, in mu, the log-variance and the prior mean. */
    @Property(tries = 30)
    @net.jqwik.api.Tag("lab-vae")
    void gradientsCheck(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 5) int d) {
        for (GradCheck.Result r : new GradCheck.Result[] {
            GradCheck.check(in -> KlDivergence.toStandardNormal(in[0], in[1]), Gen.var(seed, -2, 2, n, d), Gen.var(seed + 1, -2, 2, n, d)),
            GradCheck.check(in -> KlDivergence.toUnitVarianceGaussian(in[0], in[1], in[2]), Gen.var(seed, -2, 2, n, d), Gen.var(seed + 1, -2, 2, n, d), Gen.var(seed + 2, -2, 2, n, d)),
        }) {
            assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        }
    }

    /** The KL is >= 0, and 0 exactly when q is the prior. */
    @Property(tries = 100)
    void theKlIsNonNegative(@ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor mu = Tensor.uniform(rng, -4, 4, 2, 3), logvar = Tensor.uniform(rng, -8, 6, 2, 3), muY = Tensor.uniform(rng, -4, 4, 2, 3);
        for (double v : KlDivergence.toUnitVarianceGaussian(mu, logvar, muY).data()) assertThat(v).isGreaterThanOrEqualTo(0);
        for (double v : KlDivergence.toStandardNormal(mu, logvar).data()) assertThat(v).isGreaterThanOrEqualTo(0);
        assertThat(KlDivergence.toStandardNormal(Tensor.zeros(2, 3), Tensor.zeros(2, 3)).data()).containsOnly(0.0);
        assertThat(KlDivergence.toUnitVarianceGaussian(muY, Tensor.zeros(2, 3), muY).data()).containsOnly(0.0);
    }

    @Test
    void mismatchedShapesAreShapeErrors() {
        assertThatThrownBy(() -> KlDivergence.toStandardNormal(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("toStandardNormal").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> KlDivergence.toUnitVarianceGaussian(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(1, 3)))
                .isInstanceOf(ShapeException.class);
    }
}

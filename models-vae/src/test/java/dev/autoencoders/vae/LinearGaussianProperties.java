package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The ELBO and the importance-weighted bound on the linear-Gaussian model ({@link LinearGaussian}), where
 * {@code log p(x)} and the true posterior {@code p(z|x)} are known in closed form: the identity the posts derive,
 * {@code log p(x) = ELBO + KL(q(z|x) || p(z|x))}, and Burda et al.'s ordering {@code ELBO = E[L_1] <= E[L_k] <= E[L_m]
 * <= log p(x)} for {@code k <= m}, with {@code L_k -> log p(x)}.
 */
class LinearGaussianProperties {

    /** A random q: mean within 2 of the posterior's, variance between e^-2 and e^1. */
    static DiagonalGaussian someQ(int l, Rng rng) {
        double[] mu = new double[l], logvar = new double[l];
        for (int j = 0; j < l; j++) {
            mu[j] = rng.uniform(-2, 2);
            logvar[j] = rng.uniform(-2, 1);
        }
        return new DiagonalGaussian(Tensor.of(mu, 1, l), Tensor.of(logvar, 1, l));
    }

    /** ELBO - log p(x) = -KL(q || p(z|x)) to rounding, for any q; hence ELBO <= log p(x). */
    @Property(tries = 60)
    void theGapBetweenElboAndLogEvidenceIsMinusTheKlToTheTruePosterior(@ForAll @IntRange(min = 1, max = 6) int d, @ForAll @IntRange(min = 1, max = 4) int l,
                                                                         @ForAll @DoubleRange(min = 0.05, max = 2) double s2, @ForAll long seed) {
        Rng rng = new Rng(seed);
        LinearGaussian model = LinearGaussian.random(d, l, s2, rng);
        double[] x = model.sample(rng);
        DiagonalGaussian q = someQ(l, rng);
        double elbo = model.exactElbo(x, q), logPx = model.logEvidence(x);
        double kl = model.klToPosterior(x, q.mu().data(), q.variance().data());
        assertThat(elbo - logPx).isCloseTo(-kl, within(1e-9 * (1 + Math.abs(logPx) + kl)));
        assertThat(elbo).isLessThanOrEqualTo(logPx + 1e-9 * (1 + Math.abs(logPx)));
    }

    /**
     * When W has orthogonal columns the true posterior is a diagonal Gaussian; q equal to it closes the gap: ELBO = log p(x).
     * (W's columns: scaled coordinate vectors.)
     */
    @Property(tries = 30)
    void theTruePosteriorAsQMakesTheBoundTight(@ForAll @IntRange(min = 1, max = 4) int l, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int d = l + 2;
        double[][] w = new double[d][l];
        double[] b = new double[d];
        for (int j = 0; j < l; j++) w[j][j] = rng.uniform(0.3, 3) * (rng.bernoulli(0.5) ? 1 : -1);
        for (int i = 0; i < d; i++) b[i] = rng.normal();
        LinearGaussian model = new LinearGaussian(w, b, rng.uniform(0.1, 1));
        double[] x = model.sample(rng);
        double[] m = model.posteriorMean(x);
        double[][] s = model.posteriorCovariance();
        double[] logvar = new double[l];
        for (int j = 0; j < l; j++) logvar[j] = Math.log(s[j][j]);
        DiagonalGaussian q = new DiagonalGaussian(Tensor.of(m, 1, l), Tensor.of(logvar, 1, l));
        double logPx = model.logEvidence(x);
        assertThat(model.klToPosterior(x, m, q.variance().data())).isCloseTo(0, within(1e-10));
        assertThat(model.exactElbo(x, q)).isCloseTo(logPx, within(1e-9 * (1 + Math.abs(logPx))));
    }

    /**
     * IWAE on random models with a q that is wider than the posterior and off its mean, over M = 2000 independent
     * estimates: the averages of L_1, L_4, L_16, L_64, L_256 start at the exact ELBO (E[L_1] = ELBO within 5 standard
     * errors), rise with k, stay below log p(x) (within 5 standard errors), and L_256 ends within 5% of the initial gap
     * log p(x) - ELBO. Each estimate draws 256 noise vectors and L_k uses the first k of them, so the differences
     * L_m - L_k are paired (Burda et al.'s proof of E[L_k] <= E[L_m] works the same way, with subsets of the draws).
     * A statistical statement, so the samples are fixed; measured: each rise is 2.3 to 24 standard errors of its
     * difference, L_256 is within 0.3% of the gap.
     */
    @Property(tries = 4, seed = "20261122")
    @Tag("lab-cvae-iwae")
    void iwaeRisesWithKFromTheElboTowardsTheLogEvidence(@ForAll long seed) {
        Rng rng = new Rng(seed);
        LinearGaussian model = LinearGaussian.random(5, 2, 0.3, rng);
        double[] x = model.sample(rng);
        double[] m = model.posteriorMean(x);
        double[][] s = model.posteriorCovariance();
        // q: the posterior's marginal variances doubled, its mean moved by one posterior standard deviation
        double[] mu = new double[2], logvar = new double[2];
        for (int j = 0; j < 2; j++) {
            mu[j] = m[j] + Math.sqrt(s[j][j]);
            logvar[j] = Math.log(2 * s[j][j]);
        }
        int reps = 2000;
        DiagonalGaussian q = new DiagonalGaussian(LinearGaussian.repeatRows(mu, reps), LinearGaussian.repeatRows(logvar, reps));
        double logPx = model.logEvidence(x), elbo = model.exactElbo(x, new DiagonalGaussian(q.mu().slice(0, 0, 1), q.logvar().slice(0, 0, 1)));
        int[] ks = {1, 4, 16, 64, 256};
        // one set of 256 draws per estimate; L_k uses the first k of them, so the differences L_m - L_k are paired
        Tensor eps = Tensor.randn(rng, 256, reps, 2);
        double[][] bounds = new double[ks.length][];
        for (int i = 0; i < ks.length; i++) {
            bounds[i] = ImportanceWeighted.bound(q, eps.slice(0, 0, ks[i]), z -> model.logJoint(x, z)).data();
        }
        // E[L_1] = ELBO
        assertThat(mean(bounds[0])).isCloseTo(elbo, within(5 * standardError(bounds[0])));
        for (int i = 0; i < ks.length; i++) {
            assertThat(mean(bounds[i])).as("E[L_%d] <= log p(x)", ks[i]).isLessThanOrEqualTo(logPx + 5 * standardError(bounds[i]));
            if (i > 0) {
                double[] diff = new double[reps];
                for (int r = 0; r < reps; r++) diff[r] = bounds[i][r] - bounds[i - 1][r];
                assertThat(mean(diff)).as("E[L_%d] - E[L_%d]", ks[i], ks[i - 1]).isGreaterThan(0);
            }
        }
        assertThat(logPx - mean(bounds[ks.length - 1])).as("L_256 near log p(x)").isLessThan(0.05 * (logPx - elbo));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double standardError(double[] v) {
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }
}

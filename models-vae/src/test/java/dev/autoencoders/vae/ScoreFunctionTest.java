package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The score-function estimator ({@link ScoreFunction}): its surrogate's value is the one-draw -ELBO; its gradient
 * in q's parameters is {@code -(log p(x|z) - b) grad log q(z) + grad KL} at the drawn z, checked against five-point
 * central differences of that expression written in plain doubles; in the decoder's parameters it is the gradient of
 * {@code -log p(x|z)}; and on the linear-Gaussian model ({@link LinearGaussian}), where the ELBO is exact, the mean of
 * many draws is the exact gradient (within its standard error), with or without a baseline, as is the
 * reparameterized estimator's.
 */
class ScoreFunctionTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Test
    void theSurrogatesValueIsTheOneDrawNegativeElboOfTheReparameterizedEstimator() {
        Vae vae = new Vae(new Vae.Config(6, 5, 3, new BernoulliLikelihood(), Double.POSITIVE_INFINITY), new Rng(1));
        Rng rng = new Rng(2);
        Tensor x = Tensor.rand(rng, 4, 6), eps = Tensor.randn(rng, 4, 3);
        double reparameterized = vae.elbo(x, eps).negElbo().item();
        double score = ScoreFunction.negElbo(vae.encode(x), eps, z -> vae.config.likelihood().logProb(vae.decoderOutput(z), x)).item();
        assertThat(score).isCloseTo(reparameterized, within(1e-12 * (1 + Math.abs(reparameterized))));
    }

    /** The decoder's gradient is that of -mean log p(x|z) at the drawn z: the score term leaves it alone. */
    @Test
    void theDecoderGradientIsThatOfTheLogLikelihoodAtTheDraw() {
        Vae vae = new Vae(new Vae.Config(6, 5, 3, new BernoulliLikelihood(), Double.POSITIVE_INFINITY), new Rng(3));
        Rng rng = new Rng(4);
        Tensor x = Tensor.rand(rng, 4, 6), eps = Tensor.randn(rng, 4, 3);
        ScoreFunction.negElbo(vae.encode(x), eps, z -> vae.config.likelihood().logProb(vae.decoderOutput(z), x)).backward();
        double[] viaSurrogate = vae.fc4.weight.grad().clone();
        Tensor z = vae.encode(x).rsample(eps).detach();
        vae.zeroGrad();
        vae.config.likelihood().logProb(vae.decoderOutput(z), x).mean().neg().backward();
        assertThat(viaSurrogate).containsExactly(vae.fc4.weight.grad(), within(1e-14));
        assertThat(maxAbs(viaSurrogate)).isPositive();
    }

    /**
     * The gradient in q's parameters (mu, log sigma^2) against central differences of
     * {@code g(phi) = mean_n [ -(f_n - b_n) log q_phi(z_n) + KL(q_phi || N(0, I)) ]} with {@code z_n} and
     * {@code f_n = log p(x_n|z_n)} fixed at the draw, all in plain doubles; f is a linear-Gaussian log-likelihood.
     */
    @Property(tries = 30, seed = "20261122")
    void theEncoderGradientIsTheLikelihoodTimesTheScorePlusTheKlGradient(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int l,
                                                                       @ForAll @IntRange(min = 1, max = 5) int d, @ForAll boolean withBaseline, @ForAll long seed) {
        Rng rng = new Rng(seed);
        LinearGaussian model = LinearGaussian.random(d, l, 0.5, rng);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) xs[i] = model.sample(rng);
        Tensor x = rows(xs);
        Tensor mu = Tensor.uniform(rng, -1, 1, n, l).requiresGrad(true), logvar = Tensor.uniform(rng, -1, 1, n, l).requiresGrad(true);
        Tensor eps = Tensor.randn(rng, n, l);
        Tensor b = withBaseline ? Tensor.randn(rng, n).mul(5) : Tensor.zeros(n);
        ScoreFunction.negElbo(new DiagonalGaussian(mu, logvar), eps, linearGaussianLogLikelihood(model, x), b).backward();

        // the draw and its log-likelihood, fixed
        double[] m = mu.data().clone(), lv = logvar.data().clone(), e = eps.data(), base = b.data();
        double[][] z = new double[n][l];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < l; j++) z[i][j] = m[i * l + j] + Math.exp(lv[i * l + j] / 2) * e[i * l + j];
            f[i] = logLikelihood(model, xs[i], z[i]);
        }
        Function<double[][], Double> g = phi -> {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double logQ = 0, kl = 0;
                for (int j = 0; j < l; j++) {
                    double mij = phi[0][i * l + j], vij = phi[1][i * l + j];
                    logQ += -0.5 * (LOG_2PI + vij + (z[i][j] - mij) * (z[i][j] - mij) / Math.exp(vij));
                    kl += 0.5 * (mij * mij + Math.exp(vij) - vij - 1);
                }
                total += -(f[i] - base[i]) * logQ + kl;
            }
            return total / n;
        };
        double[][] phi = {m, lv};
        double[][] analytic = {mu.grad(), logvar.grad()};
        for (int t = 0; t < 2; t++) {
            for (int k = 0; k < n * l; k++) {
                double numeric = centralDifference(g, phi, t, k);
                double rel = Math.abs(analytic[t][k] - numeric) / Math.max(Math.abs(analytic[t][k]) + Math.abs(numeric), 1e-6);
                assertThat(rel).as("%s[%d]: analytic %s, numeric %s", t == 0 ? "mu" : "logvar", k, analytic[t][k], numeric).isLessThan(1e-8);
            }
        }
    }

    /**
     * Unbiased: on the linear-Gaussian model the ELBO is exact ({@link LinearGaussian#exactElbo}, by sigma points), so
     * its gradient in (mu, log sigma^2) is known; the mean of S one-draw estimates is within 4.5 standard errors of it
     * in every element, for the score-function estimator with and without a baseline and for the reparameterized one.
     */
    @Property(tries = 3, seed = "20261122")
    void everyEstimatorAveragesToTheExactGradient(@ForAll @IntRange(min = 1, max = 4) int d, @ForAll @IntRange(min = 1, max = 2) int l, @ForAll long seed) {
        Rng rng = new Rng(seed);
        LinearGaussian model = LinearGaussian.random(d, l, 0.5, rng);
        double[] x = model.sample(rng);
        DiagonalGaussian q0 = LinearGaussianProperties.someQ(l, rng);
        Tensor mu = Tensor.of(q0.mu().data().clone(), 1, l).requiresGrad(true), logvar = Tensor.of(q0.logvar().data().clone(), 1, l).requiresGrad(true);
        model.exactElboTensor(x, new DiagonalGaussian(mu, logvar)).neg().backward();
        double[] exact = concat(mu.grad(), logvar.grad());
        Tensor xs = LinearGaussian.repeatRows(x, 1);
        double meanF = model.exactElbo(x, q0) + KlDivergence.toStandardNormal(q0.mu(), q0.logvar()).sum().item(); // E_q[log p(x|z)]
        int s = 6000;
        String[] names = {"score function", "score function, baseline E_q[log p(x|z)]", "reparameterized"};
        for (int kind = 0; kind < 3; kind++) {
            double[] sum = new double[2 * l], sum2 = new double[2 * l];
            for (int k = 0; k < s; k++) {
                mu.zeroGrad();
                logvar.zeroGrad();
                Tensor eps = Tensor.randn(rng, 1, l);
                DiagonalGaussian q = new DiagonalGaussian(mu, logvar);
                Tensor loss = switch (kind) {
                    case 0 -> ScoreFunction.negElbo(q, eps, linearGaussianLogLikelihood(model, xs));
                    case 1 -> ScoreFunction.negElbo(q, eps, linearGaussianLogLikelihood(model, xs), Tensor.of(new double[] {meanF}, 1));
                    default -> new Elbo(linearGaussianLogLikelihood(model, xs).apply(q.rsample(eps)).neg(), KlDivergence.toStandardNormal(mu, logvar)).negElbo();
                };
                loss.backward();
                double[] g = concat(mu.grad(), logvar.grad());
                for (int i = 0; i < g.length; i++) {
                    sum[i] += g[i];
                    sum2[i] += g[i] * g[i];
                }
            }
            for (int i = 0; i < 2 * l; i++) {
                double mean = sum[i] / s, var = sum2[i] / s - mean * mean, se = Math.sqrt(var / s);
                assertThat(Math.abs(mean - exact[i])).as("%s, element %d: mean %s, exact %s, standard error %s", names[kind], i, mean, exact[i], se)
                        .isLessThanOrEqualTo(4.5 * se + 1e-12 * (1 + Math.abs(exact[i])));
            }
        }
    }

    // ---- helpers ----

    /** {@code z: (N, L) -> log N(x_n; W z_n + b, s2 I): (N)}, with the project's Gaussian density. */
    static Function<Tensor, Tensor> linearGaussianLogLikelihood(LinearGaussian model, Tensor x) {
        return z -> new GaussianLikelihood(model.s2).logDensity(z.matmul(model.weightT()).add(Tensor.of(model.b.clone(), model.d)), x);
    }

    /** log N(x; W z + b, s2 I) in plain doubles. */
    static double logLikelihood(LinearGaussian model, double[] x, double[] z) {
        double sq = 0;
        for (int i = 0; i < model.d; i++) {
            double mean = model.b[i];
            for (int j = 0; j < model.l; j++) mean += model.w[i][j] * z[j];
            sq += (x[i] - mean) * (x[i] - mean);
        }
        return -0.5 * (model.d * (LOG_2PI + Math.log(model.s2)) + sq / model.s2);
    }

    /** The five-point central difference of g in element k of phi[t]. */
    static double centralDifference(Function<double[][], Double> g, double[][] phi, int t, int k) {
        double x0 = phi[t][k], h = 1e-4 * Math.max(1, Math.abs(x0));
        double[] at = new double[4];
        double[] steps = {2 * h, h, -h, -2 * h};
        for (int i = 0; i < 4; i++) {
            phi[t][k] = x0 + steps[i];
            at[i] = g.apply(phi);
        }
        phi[t][k] = x0;
        return (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * h);
    }

    static Tensor rows(double[][] xs) {
        int n = xs.length, d = xs[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(xs[i], 0, flat, i * d, d);
        return Tensor.of(flat, n, d);
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}

package dev.autoencoders.notebooks.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.nn.Linear;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.GaussianLikelihood;
import dev.autoencoders.vae.KlDivergence;
import dev.autoencoders.vae.ScoreFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Post 000 (3.1.2): why reparameterise. The "Monte Carlo gradient estimator" the post shows first is the
 * score-function estimator {@code f(z) grad log q(z)}; the reparameterization trick differentiates f instead. Both are
 * unbiased; the second has far less variance. Measured where the exact gradient is known: a linear-Gaussian decoder
 * {@code p(x|z) = N(W z + b, s2 I)} (D = 40, s2 = 0.5), whose {@code E_q[log p(x|z)]} has a closed form, and a linear
 * encoder ({@code mu = A x + c}, {@code log sigma^2 = B x + e}) on a batch of 8 images drawn from the model. Each
 * estimator is drawn S times (one eps per image per draw); per encoder parameter, its mean is compared with the exact
 * gradient and its variance with the reparameterized estimator's. A third estimator, the score function with the best
 * per-image constant baseline {@code b_n = E_q[log p(x_n|z)]} (known exactly here), shows that a control variate closes
 * only a small part of the gap. The latent size L decides the gap: L = 20 (post 003's VAE), then L = 1 and 5.
 */
class ScoreFunctionNotebookTest {
    static final String SECTION = "reparameterization";
    static final int D = 40, N = 8;
    static final double S2 = 0.5;
    static final String[] NAMES = {"score function", "score function, baseline E_q[log p(x|z)]", "reparameterized"};

    /** The linear-Gaussian decoder p(x|z) = N(W z + b, s2 I): W (D, L) N(0, 1), b N(0, 1/4). */
    record Decoder(Tensor wT, Tensor b) {
        static Decoder random(int l, Rng rng) {
            return new Decoder(Tensor.randn(rng, l, D), Tensor.randn(rng, D).mul(0.5));
        }

        /** {@code log p(x|z)} per image: {@code z: (N, L) -> (N)}. */
        Tensor logLikelihood(Tensor x, Tensor z) {
            return new GaussianLikelihood(S2).logDensity(z.matmul(wT).add(b), x);
        }

        /**
         * {@code E_q[log p(x|z)]} in closed form, per image: {@code -(D/2) log(2 pi s2) - (||x - W mu - b||^2 +
         * sum_j sigma_j^2 ||W_j||^2) / (2 s2)}, differentiable in mu and logvar.
         */
        Tensor expectedLogLikelihood(Tensor x, DiagonalGaussian q) {
            Tensor columnNorms = wT.square().sum(1, false); // ||W_j||^2: (L)
            Tensor spread = q.variance().mul(columnNorms).sum(1, false);
            Tensor fit = x.sub(q.mu().matmul(wT).add(b)).square().sum(1, false);
            return fit.add(spread).div(-2 * S2).sub(0.5 * D * Math.log(2 * Math.PI * S2));
        }
    }

    /** The linear encoder: mu = x A^T + c, log sigma^2 = x B^T + e. */
    record Encoder(Linear mean, Linear logvar, List<Tensor> parameters) {
        Encoder(Linear mean, Linear logvar) {
            this(mean, logvar, new ArrayList<>(mean.parameters()));
            parameters.addAll(logvar.parameters());
        }

        DiagonalGaussian q(Tensor x) {
            return new DiagonalGaussian(mean.forward(x), logvar.forward(x));
        }

        /** The gradient of {@code loss} in all encoder parameters (A, c, B, e), flattened. */
        double[] gradient(Tensor loss) {
            for (Tensor p : parameters) p.zeroGrad();
            loss.backward();
            double[] g = new double[parameters.stream().mapToInt(Tensor::numel).sum()];
            int at = 0;
            for (Tensor p : parameters) {
                System.arraycopy(p.grad(), 0, g, at, p.numel());
                at += p.numel();
            }
            return g;
        }
    }

    /**
     * What one experiment measured: the exact gradient, every draw of the three estimators (in {@link #NAMES} order),
     * per-parameter means and variances, the largest |mean - exact| / standard error of each, and the variance ratios
     * of the two score-function estimators to the reparameterized one, sorted.
     */
    record Measured(double[] exact, double[][][] draws, double[] worstZ, double[] ratioPlain, double[] ratioBaseline) {
        double median(double[] sortedRatios) {
            return sortedRatios[sortedRatios.length / 2];
        }
    }

    /** S draws of each estimator for a model and encoder with latent size l, all from {@code seed}. */
    static Measured measure(int l, int s, long seed) {
        Rng rng = new Rng(seed);
        Decoder dec = Decoder.random(l, rng);
        // a batch from the model: x = W z + b + sqrt(s2) noise, z ~ N(0, I)
        Tensor x = Tensor.randn(rng, N, l).matmul(dec.wT()).add(dec.b()).add(Tensor.randn(rng, N, D).mul(Math.sqrt(S2)));
        Encoder enc = new Encoder(new Linear(D, l, rng), new Linear(D, l, rng));
        Function<Tensor, Tensor> logLikelihood = z -> dec.logLikelihood(x, z);

        // the exact gradient of -ELBO = mean_n [ -E_q[log p(x_n|z)] + KL_n ]
        DiagonalGaussian q0 = enc.q(x);
        double[] exact = enc.gradient(dec.expectedLogLikelihood(x, q0).neg().add(KlDivergence.toStandardNormal(q0.mu(), q0.logvar()).sum(1, false)).mean());
        Tensor baseline = dec.expectedLogLikelihood(x, q0).detach();

        int p = exact.length;
        double[][][] draws = new double[3][s][];
        for (int k = 0; k < s; k++) {
            Tensor eps = Tensor.randn(rng, N, l);
            draws[0][k] = enc.gradient(ScoreFunction.negElbo(enc.q(x), eps, logLikelihood));
            draws[1][k] = enc.gradient(ScoreFunction.negElbo(enc.q(x), eps, logLikelihood, baseline));
            DiagonalGaussian q = enc.q(x);
            // z = mu + sigma eps, differentiated through
            draws[2][k] = enc.gradient(new Elbo(logLikelihood.apply(q.rsample(eps)).neg(), KlDivergence.toStandardNormal(q.mu(), q.logvar())).negElbo());
        }
        double[][] variance = new double[3][p];
        double[] worstZ = new double[3];
        for (int e = 0; e < 3; e++) {
            for (int i = 0; i < p; i++) {
                double sum = 0, sum2 = 0;
                for (int k = 0; k < s; k++) {
                    sum += draws[e][k][i];
                    sum2 += draws[e][k][i] * draws[e][k][i];
                }
                double mean = sum / s;
                variance[e][i] = sum2 / s - mean * mean;
                worstZ[e] = Math.max(worstZ[e], Math.abs(mean - exact[i]) / Math.sqrt(variance[e][i] / s));
            }
        }
        double[] ratioPlain = new double[p], ratioBaseline = new double[p];
        for (int i = 0; i < p; i++) {
            ratioPlain[i] = variance[0][i] / variance[2][i];
            ratioBaseline[i] = variance[1][i] / variance[2][i];
        }
        Arrays.sort(ratioPlain);
        Arrays.sort(ratioBaseline);
        return new Measured(exact, draws, worstZ, ratioPlain, ratioBaseline);
    }

    @Test
    void bothEstimatorsAreUnbiasedAndTheReparameterizedOneHasOrdersOfMagnitudeLessVariance() {
        Measured m20 = measure(20, 600, 2024), m5 = measure(5, 300, 2025), m1 = measure(1, 300, 2026);

        // the figures: the draws of one component (the gradient in c_0, the bias of mu_0) at L = 20; the median ratio against L
        int component = D * 20; // mean.weight (L, D) comes first, then mean.bias
        sortedErrors(m20.draws(), component, m20.exact()[component], NAMES);
        double[] ls = {1, 5, 20};
        Measured[] byL = {m1, m5, m20};
        double[] medianPlain = new double[3], medianBaseline = new double[3];
        for (int i = 0; i < 3; i++) {
            medianPlain[i] = byL[i].median(byL[i].ratioPlain());
            medianBaseline[i] = byL[i].median(byL[i].ratioBaseline());
        }
        new LinePlot("variance / the reparameterized estimator's, median over the encoder's parameters", "latent dimensions L", "variance ratio")
                .logY(true).series(NAMES[0], ls, medianPlain).series(NAMES[1], ls, medianBaseline)
                .save(Notebook.file(SECTION, "score-function-variance-ratio.png"));
        int p = m20.exact().length;
        Notebook.record(SECTION, "score-function", new Metrics().put("parameters_l20", p).put("draws_l20", 600).put("images", N)
                .put("worst_z_score_function", m20.worstZ()[0]).put("worst_z_score_function_baseline", m20.worstZ()[1]).put("worst_z_reparameterized", m20.worstZ()[2])
                .put("variance_ratio_min", m20.ratioPlain()[0]).put("variance_ratio_median_l20", medianPlain[2]).put("variance_ratio_max", m20.ratioPlain()[p - 1])
                .put("baseline_variance_ratio_min", m20.ratioBaseline()[0]).put("baseline_variance_ratio_median_l20", medianBaseline[2])
                .put("variance_ratio_median_l1", medianPlain[0]).put("variance_ratio_median_l5", medianPlain[1])
                .put("baseline_variance_ratio_median_l1", medianBaseline[0]).put("baseline_variance_ratio_median_l5", medianBaseline[1]));

        // unbiased: every parameter's mean within 5 standard errors of the exact gradient (1,640 parameters at L = 20)
        for (Measured m : byL) {
            for (int e = 0; e < 3; e++) assertThat(m.worstZ()[e]).as("%s: largest |mean - exact| / standard error", NAMES[e]).isLessThan(5);
        }
        // at L = 20 the median variance ratio is above 1,000, with the best constant baseline too, and no parameter's is below 3
        assertThat(medianPlain[2]).as("median variance ratio at L = 20").isGreaterThan(1000);
        assertThat(medianBaseline[2]).as("median variance ratio at L = 20, with the baseline").isGreaterThan(1000);
        assertThat(m20.ratioBaseline()[0]).as("smallest variance ratio at L = 20, with the baseline").isGreaterThan(3);
        // the gap grows with the latent size: at L = 1 it is about one order of magnitude, not three
        assertThat(medianPlain[0]).as("median ratio at L = 1").isBetween(3.0, 30.0);
        assertThat(medianPlain[1]).as("median ratio at L = 5").isBetween(medianPlain[0], medianPlain[2]);
        assertThat(medianBaseline[0]).as("median ratio at L = 1, with the baseline").isLessThan(medianPlain[0]);
    }

    /**
     * The draws of one gradient component as their distance from the exact value, sorted (an empirical quantile
     * function of |estimate - exact|, log scale): a curve two orders of magnitude higher is an estimator with four
     * orders of magnitude more variance.
     */
    static void sortedErrors(double[][][] draws, int component, double exact, String[] names) {
        LinePlot plot = new LinePlot("|estimate - exact| of d(-ELBO)/dc_0 (exact " + String.format("%.1f", exact) + "), L = 20, "
                + draws[0].length + " draws each", "draws, in order of their error", "|estimate - exact|").logY(true);
        for (int k = 0; k < draws.length; k++) {
            int s = draws[k].length;
            double[] err = new double[s], rank = new double[s];
            for (int i = 0; i < s; i++) err[i] = Math.abs(draws[k][i][component] - exact);
            Arrays.sort(err);
            for (int i = 0; i < s; i++) rank[i] = i + 1;
            plot.series(names[k], rank, err);
        }
        plot.save(Notebook.file(SECTION, "score-function-vs-reparameterized.png"));
    }
}

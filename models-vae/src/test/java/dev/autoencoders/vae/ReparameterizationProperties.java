package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The reparameterization trick {@code z = mu + sigma * eps} of {@link DiagonalGaussian#rsample}: z has the law
 * {@code N(mu, sigma^2)}, and its derivatives are {@code dz/dmu = 1} and {@code dz/d(log sigma^2) = sigma * eps / 2}.
 */
class ReparameterizationProperties {

    /** mu in [-3, 3], log sigma^2 in [-4, 3], for a (rows, dims) posterior. */
    static DiagonalGaussian random(int rows, int dims, Rng rng) {
        Tensor mu = Tensor.uniform(rng, -3, 3, rows, dims), logvar = Tensor.uniform(rng, -4, 3, rows, dims);
        return new DiagonalGaussian(mu, logvar);
    }

    /**
     * Over n = 20,000 draws of eps, the sample mean and variance of each z_j are within 5 standard errors of mu_j and
     * sigma_j^2 (the standard errors {@code sigma / sqrt(n)} and {@code sigma^2 sqrt(2 / (n - 1))}; a 5-standard-error
     * miss has probability below 6e-7 per check). Fixed samples, so the outcome is deterministic.
     */
    @Property(tries = 10, seed = "20261122")
    @net.jqwik.api.Tag("lab-vae")
    void drawsHaveMeanMuAndVarianceSigmaSquared(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 4) int dims, @ForAll long seed) {
        Rng rng = new Rng(seed);
        DiagonalGaussian q = random(rows, dims, rng);
        int n = 20_000;
        double[] z = q.rsample(Tensor.randn(rng, n, rows, dims)).data();
        for (int c = 0; c < rows * dims; c++) {
            double sum = 0, sum2 = 0;
            for (int k = 0; k < n; k++) sum += z[k * rows * dims + c];
            double mean = sum / n;
            for (int k = 0; k < n; k++) sum2 += Math.pow(z[k * rows * dims + c] - mean, 2);
            double var = sum2 / (n - 1);
            double mu = q.mu().data()[c], sigma2 = q.variance().data()[c];
            assertThat(mean).as("mean of z[%d]", c).isCloseTo(mu, within(5 * Math.sqrt(sigma2 / n)));
            assertThat(var).as("variance of z[%d]", c).isCloseTo(sigma2, within(5 * sigma2 * Math.sqrt(2.0 / (n - 1))));
        }
    }

    /**
     * Backpropagating {@code L = sum(r * z)} gives {@code dL/dmu = r} and {@code dL/dlogvar = r * sigma * eps / 2}
     * elementwise: z_j depends on mu_j and logvar_j only, with the derivatives 1 and sigma_j eps_j / 2.
     */
    @Property(tries = 50)
    @net.jqwik.api.Tag("lab-vae")
    void derivativesAreOneAndSigmaEpsOverTwo(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 5) int dims, @ForAll long seed) {
        Rng rng = new Rng(seed);
        DiagonalGaussian q = random(rows, dims, rng);
        q.mu().requiresGrad(true);
        q.logvar().requiresGrad(true);
        Tensor eps = Tensor.randn(rng, rows, dims), r = Tensor.randn(rng, rows, dims);
        q.rsample(eps).mul(r).sum().backward();
        for (int c = 0; c < rows * dims; c++) {
            double sigma = Math.exp(q.logvar().data()[c] / 2), e = eps.data()[c], rc = r.data()[c];
            assertThat(q.mu().grad()[c]).isEqualTo(rc);
            double want = rc * sigma * e / 2;
            assertThat(q.logvar().grad()[c]).isCloseTo(want, within(1e-14 * Math.abs(want) + 1e-300));
        }
    }

    /** K draws per row at once: {@code eps: (K, N, L) -> z: (K, N, L)}, each slice the (N, L) draw of its noise. */
    @Test
    void manyDrawsBroadcastOverTheFirstAxis() {
        Rng rng = new Rng(1);
        DiagonalGaussian q = random(3, 2, rng);
        Tensor eps = Tensor.randn(rng, 4, 3, 2);
        Tensor z = q.rsample(eps);
        assertThat(z.shape()).containsExactly(4, 3, 2);
        for (int k = 0; k < 4; k++) {
            assertThat(z.slice(0, k, k + 1).reshape(3, 2).data()).containsExactly(q.rsample(eps.slice(0, k, k + 1).reshape(3, 2)).data());
        }
        assertThatThrownBy(() -> q.rsample(Tensor.zeros(3, 3))).isInstanceOf(ShapeException.class).hasMessageContaining("rsample");
        assertThatThrownBy(() -> new DiagonalGaussian(Tensor.zeros(3, 2), Tensor.zeros(2, 3))).isInstanceOf(ShapeException.class);
    }

    /** log q(z) against the one-dimensional formula, term by term, and its value at the mean. */
    @Test
    void logProbIsTheSumOfOneDimensionalLogDensities() {
        DiagonalGaussian q = new DiagonalGaussian(Tensor.of(new double[] {0.5, -1}, 1, 2), Tensor.of(new double[] {Math.log(4), 0}, 1, 2));
        double z1 = 1.5, z2 = 0;
        // log N(1.5; 0.5, 4) + log N(0; -1, 1)
        double want = -0.5 * Math.log(2 * Math.PI * 4) - 1.0 / 8 - 0.5 * Math.log(2 * Math.PI) - 0.5;
        assertThat(q.logProb(Tensor.of(new double[] {z1, z2}, 1, 2)).item()).isCloseTo(want, within(1e-14));
        assertThat(DiagonalGaussian.standardNormalLogProb(Tensor.zeros(1, 3)).item()).isCloseTo(-1.5 * Math.log(2 * Math.PI), within(1e-14));
    }
}

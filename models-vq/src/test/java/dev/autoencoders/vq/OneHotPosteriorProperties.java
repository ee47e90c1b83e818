package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * VQ-VAE's posterior and its KL (post 000, 4.2.1; van den Oord et al. 2017, section 3.1). The posterior is one-hot,
 * {@code q(z = k | x) = 1} for {@code k = argmin_j ||z_e(x) - e_j||} and 0 for every other code; with a uniform prior
 * {@code p(z = k) = 1/K}, {@code KL(q || p) = sum_k q_k log(q_k / (1/K))}, with {@code 0 log 0 = 0}, is {@code log K}
 * whatever x, the encoder and the codebook: a constant, with no gradient, so the ELBO's KL term drops out of training.
 * Computed here from the definition, per grid position, for random encoder outputs and codebooks; and, as the
 * contrast, a soft posterior (a softmax of minus the distances, not VQ-VAE's) has a KL below log K that changes with x.
 */
class OneHotPosteriorProperties {

    /** {@code KL(q || uniform over K)} from the definition, {@code 0 log 0 = 0}. */
    static double klToUniform(double[] q) {
        double kl = 0;
        for (double qk : q) if (qk > 0) kl += qk * Math.log(qk * q.length);
        return kl;
    }

    /** The one-hot posterior of a row: 1 at its nearest code. */
    static double[] oneHot(int code, int k) {
        double[] q = new double[k];
        q[code] = 1;
        return q;
    }

    @Property(tries = 60, seed = "20261122")
    void theKlOfTheOneHotPosteriorToAUniformPriorIsLogK(@ForAll @IntRange(min = 1, max = 64) int k, @ForAll @IntRange(min = 1, max = 8) int d,
                                                        @ForAll @IntRange(min = 1, max = 30) int positions, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor ze = Tensor.randn(rng, positions, d).mul(rng.uniform(0.1, 10)), e = Tensor.randn(rng, k, d);
        int[] codes = NearestCode.search(ze, e);
        for (int i = 0; i < positions; i++) {
            double[] q = oneHot(codes[i], k);
            assertThat(java.util.Arrays.stream(q).sum()).isEqualTo(1.0);
            assertThat(klToUniform(q)).as("position %d, K = %d", i, k).isCloseTo(Math.log(k), within(1e-12 * (1 + Math.log(k))));
        }
    }

    /** The contrast: q = softmax(-||z_e - e_j||^2) is not one-hot; its KL to uniform lies in [0, log K) and differs between inputs. */
    @Property(tries = 30, seed = "20261122")
    void aSoftPosteriorHasAKlBelowLogKThatDependsOnTheInput(@ForAll @IntRange(min = 2, max = 64) int k, @ForAll @IntRange(min = 1, max = 8) int d,
                                                           @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor ze = Tensor.randn(rng, 2, d), e = Tensor.randn(rng, k, d);
        double[] soft = NearestCode.squaredDistances(ze, e).neg().softmax(1).data();
        double[] kl = new double[2];
        for (int i = 0; i < 2; i++) {
            double[] q = java.util.Arrays.copyOfRange(soft, i * k, (i + 1) * k);
            kl[i] = klToUniform(q);
            assertThat(kl[i]).isBetween(-1e-12, Math.log(k)).isLessThan(Math.log(k) - 1e-9);
        }
        assertThat(kl[0]).isNotEqualTo(kl[1]);
    }
}

package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The corruption processes of the denoising autoencoder: rates within binomial bounds, the exact draws of a
 * hand-replayed generator, determinism, and bad parameters.
 */
class CorruptionProperties {

    static final int N = 20_000;

    /** Inputs in [0.01, 0.99], so every corrupted element visibly changes (none is already 0 or 1). */
    static Tensor interior(Rng rng) {
        return Tensor.uniform(rng, 0.01, 0.99, 4, N / 4);
    }

    /**
     * The number K of corrupted elements among n is Binomial(n, nu): |K - n nu| <= 5 sd + 1, sd = sqrt(n nu (1 - nu)).
     * A true binomial falls outside with probability below 6e-7 (the normal tail at 5 sd), the +1 covers the lattice.
     */
    static void assertBinomial(long k, long n, double nu) {
        double sd = Math.sqrt(n * nu * (1 - nu));
        assertThat((double) k).as("%d of %d corrupted at nu = %s", k, n, nu).isBetween(n * nu - 5 * sd - 1, n * nu + 5 * sd + 1);
    }

    @Property(tries = 30)
    @net.jqwik.api.Tag("lab-dae-sparse")
    void maskingZeroesAFractionNuOfTheInputs(@ForAll @DoubleRange(min = 0.0, max = 1.0) double nu, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = interior(rng);
        Tensor y = new Corruption.Masking(nu).apply(x, rng);
        long zeroed = 0;
        for (int i = 0; i < N; i++) {
            if (y.data()[i] == 0) zeroed++;
            else assertThat(y.data()[i]).isEqualTo(x.data()[i]);
        }
        assertBinomial(zeroed, N, nu);
    }

    @Property(tries = 30)
    @net.jqwik.api.Tag("lab-dae-sparse")
    void saltAndPepperSetsAFractionNuToZeroOrOneInHalves(@ForAll @DoubleRange(min = 0.0, max = 1.0) double nu, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = interior(rng);
        Tensor y = new Corruption.SaltAndPepper(nu, Corruption.SaltAndPepper.Mode.SALT_AND_PEPPER).apply(x, rng);
        long ones = 0, zeros = 0;
        for (int i = 0; i < N; i++) {
            double v = y.data()[i];
            if (v == 1) ones++;
            else if (v == 0) zeros++;
            else assertThat(v).isEqualTo(x.data()[i]);
        }
        assertBinomial(ones + zeros, N, nu);
        // given the corrupted count, the ones are Binomial(count, 1/2)
        assertBinomial(ones, ones + zeros, 0.5);
    }

    @Property(tries = 30)
    @net.jqwik.api.Tag("lab-dae-sparse")
    void saltSetsAFractionNuToOne(@ForAll @DoubleRange(min = 0.0, max = 1.0) double nu, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = interior(rng);
        Tensor y = new Corruption.SaltAndPepper(nu, Corruption.SaltAndPepper.Mode.SALT).apply(x, rng);
        long ones = 0;
        for (int i = 0; i < N; i++) {
            if (y.data()[i] == 1) ones++;
            else assertThat(y.data()[i]).isEqualTo(x.data()[i]);
        }
        assertBinomial(ones, N, nu);
    }

    /**
     * Gaussian noise: the differences d = x~ - x have mean 0 (|mean| <= 5 sigma / sqrt(n)) and variance sigma^2
     * (the sample variance of n normals has sd sigma^2 sqrt(2/(n-1)); allowed 5 of those).
     */
    @Property(tries = 20)
    void gaussianAddsZeroMeanNoiseOfVarianceSigmaSquared(@ForAll @DoubleRange(min = 0.01, max = 2.0) double sigma, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = interior(rng);
        Tensor y = new Corruption.Gaussian(sigma).apply(x, rng);
        double sum = 0, sum2 = 0;
        for (int i = 0; i < N; i++) {
            double d = y.data()[i] - x.data()[i];
            sum += d;
            sum2 += d * d;
        }
        double mean = sum / N, var = (sum2 - N * mean * mean) / (N - 1);
        assertThat(Math.abs(mean)).isLessThanOrEqualTo(5 * sigma / Math.sqrt(N));
        assertThat(var).isCloseTo(sigma * sigma, org.assertj.core.data.Offset.offset(5 * sigma * sigma * Math.sqrt(2.0 / (N - 1))));
    }

    /** The draws in order, replayed by hand with a generator in the same state: one Bernoulli per element (and one more for a pepper/salt choice). */
    @Test
    @Tag("lab-dae-sparse")
    void drawsAreTheDocumentedSequence() {
        double[] x = {0.3, 0.5, 0.7, 0.9, 0.2, 0.4};
        Tensor in = Tensor.of(x.clone(), 2, 3);
        Rng replay = new Rng(99);
        double[] mask = new double[6], sp = new double[6], gauss = new double[6];
        for (int i = 0; i < 6; i++) mask[i] = replay.nextDouble() < 0.5 ? 0 : x[i];
        for (int i = 0; i < 6; i++) sp[i] = replay.nextDouble() < 0.5 ? (replay.nextDouble() < 0.5 ? 1 : 0) : x[i];
        for (int i = 0; i < 6; i++) gauss[i] = x[i] + 0.1 * replay.normal();

        Rng rng = new Rng(99);
        assertThat(new Corruption.Masking(0.5).apply(in, rng).data()).containsExactly(mask);
        assertThat(new Corruption.SaltAndPepper(0.5, Corruption.SaltAndPepper.Mode.SALT_AND_PEPPER).apply(in, rng).data()).containsExactly(sp);
        assertThat(new Corruption.Gaussian(0.1).apply(in, rng).data()).containsExactly(gauss);
        assertThat(in.data()).as("the input is untouched").containsExactly(x);
        assertThat(new Corruption.Masking(0.5).apply(in, new Rng(1)).shape()).containsExactly(2, 3);
    }

    @Test
    void extremeRates() {
        Tensor x = Tensor.of(new double[] {0.3, 0.0, 1.0, 0.6}, 1, 4);
        assertThat(new Corruption.Masking(0).apply(x, new Rng(1)).data()).containsExactly(0.3, 0.0, 1.0, 0.6);
        assertThat(new Corruption.Masking(1).apply(x, new Rng(1)).data()).containsExactly(0, 0, 0, 0);
        assertThat(new Corruption.SaltAndPepper(1, Corruption.SaltAndPepper.Mode.SALT).apply(x, new Rng(1)).data()).containsExactly(1, 1, 1, 1);
        assertThat(new Corruption.Gaussian(0).apply(x, new Rng(1)).data()).containsExactly(0.3, 0.0, 1.0, 0.6);
    }

    @Test
    void badParametersAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> new Corruption.Masking(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Corruption.Masking(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Corruption.SaltAndPepper(-0.1, Corruption.SaltAndPepper.Mode.SALT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new Corruption.Gaussian(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Corruption.Gaussian(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }
}

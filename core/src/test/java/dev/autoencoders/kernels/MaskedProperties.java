package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SIMD masked loops give the bits of the plain loop, for every length (whole vectors and a tail) and special value. */
class MaskedProperties {

    /** Random values, with zeros of both signs, NaN and infinities mixed in. */
    private static double[] values(Rng rng, int n) {
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE};
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.bernoulli(0.2) ? special[rng.nextInt(special.length)] : rng.uniform(-2, 2);
        return a;
    }

    @Property(tries = 200)
    void addWherePositiveIsThePlainLoopOnBothBackends(@ForAll long seed, @ForAll @IntRange(min = 0, max = 70) int n, @ForAll GemmBackend backend) {
        Rng rng = new Rng(seed);
        double[] acc = values(rng, n + 3), g = values(rng, n + 3), x = values(rng, n + 3);
        double[] expected = acc.clone();
        for (int i = 0; i < n; i++) if (x[i] > 0) expected[i] += g[i];
        double[] got = acc.clone();
        KernelSettings.with(backend, Precision.DOUBLE, () -> {
            Masked.addWherePositive(got, g, x, n);
            return null;
        });
        // bit for bit, including the sign of zeros, NaN, and the values past n left alone
        for (int i = 0; i < acc.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("element %d", i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    @Property(tries = 200)
    void writeWherePositiveIsThePlainLoopOnBothBackends(@ForAll long seed, @ForAll @IntRange(min = 0, max = 70) int n, @ForAll GemmBackend backend) {
        Rng rng = new Rng(seed);
        double[] out = values(rng, n + 3), g = values(rng, n + 3), x = values(rng, n + 3);
        double[] expected = out.clone();
        for (int i = 0; i < n; i++) expected[i] = x[i] > 0 ? g[i] : 0.0;
        double[] got = out.clone();
        KernelSettings.with(backend, Precision.DOUBLE, () -> {
            Masked.writeWherePositive(got, g, x, n);
            return null;
        });
        for (int i = 0; i < out.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("element %d", i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
        // the second oracle: the values of adding into zeros (equal as numbers: only a zero's sign may differ)
        double[] added = new double[n];
        Masked.addWherePositive(added, g, x, n);
        for (int i = 0; i < n; i++) assertThat(got[i] == added[i] || Double.isNaN(got[i]) && Double.isNaN(added[i])).as("element %d", i).isTrue();
    }

    /** Loops of at least Loops.Cost.CHEAP.minToSplit() are split into ranges between threads: still the plain loop's bits, every element once. */
    @Property(tries = 12)
    void aSplitLoopIsThePlainLoopOnAnyThreadCount(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int extra,
                                                  @ForAll @IntRange(min = 2, max = 3) int threads, @ForAll GemmBackend backend) {
        Rng rng = new Rng(seed);
        int n = (int) Loops.Cost.CHEAP.minToSplit() + extra;
        double[] acc = values(rng, n + 3), g = values(rng, n + 3), x = values(rng, n + 3);
        double[] expected = acc.clone();
        for (int i = 0; i < n; i++) if (x[i] > 0) expected[i] += g[i];
        double[] got = acc.clone();
        double[] written = acc.clone(), expectedWritten = acc.clone();
        for (int i = 0; i < n; i++) expectedWritten[i] = x[i] > 0 ? g[i] : 0.0;
        KernelSettings.with(backend, Precision.DOUBLE, threads, () -> {
            Masked.addWherePositive(got, g, x, n);
            Masked.writeWherePositive(written, g, x, n);
            return null;
        });
        for (int i = 0; i < acc.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("element %d", i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
            assertThat(Double.doubleToRawLongBits(written[i])).as("written, element %d", i).isEqualTo(Double.doubleToRawLongBits(expectedWritten[i]));
        }
    }

    @Test
    void handComputed() {
        double[] acc = {1, 1, 1, 1}, g = {10, 20, 30, 40}, x = {0.5, -0.5, 0.0, Double.NaN};
        Masked.addWherePositive(acc, g, x, 4);
        // relu'(x) = [x > 0]: only the first passes its gradient; at 0 and NaN the derivative is taken as 0
        assertThat(acc).containsExactly(11, 1, 1, 1);
        double[] out = {7, 7, 7, 7};
        Masked.writeWherePositive(out, g, x, 4);
        assertThat(out).containsExactly(10, 0, 0, 0);
    }

    @Test
    void shortArraysAreRejected() {
        assertThatThrownBy(() -> Masked.addWherePositive(new double[3], new double[4], new double[4], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n = 4");
    }
}

package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import java.math.BigDecimal;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Summation#sum} against two oracles: the exact sum (BigDecimal), within the bound of its order (each value
 * passes through at most {@code length/8 + 4} roundings, each of relative size {@code 2^-53}), and its order written
 * out as a plain loop, bit for bit.
 */
class SummationProperties {

    @Property(tries = 300)
    void withinTheBoundOfTheExactSumAndEqualToItsOrderWrittenOut(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int length,
                                                                 @ForAll @IntRange(min = 0, max = 5) int from) {
        Rng rng = new Rng(seed);
        double[] x = new double[from + length + 3];
        for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1) * Math.pow(2, rng.nextInt(20) - 10);
        double got = Summation.sum(x, from, length);

        BigDecimal exact = BigDecimal.ZERO;
        double abs = 0;
        for (int i = from; i < from + length; i++) {
            exact = exact.add(new BigDecimal(x[i]));
            abs += Math.abs(x[i]);
        }
        double bound = (length / 8 + 4) * Math.ulp(1.0) / 2 * abs * 1.01;
        assertThat(Math.abs(new BigDecimal(got).subtract(exact).doubleValue())).isLessThanOrEqualTo(bound);

        double[] r = new double[8];
        int full = length / 8 * 8;
        for (int i = 0; i < full; i++) r[i % 8] += x[from + i];
        double written = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (int i = full; i < length; i++) written += x[from + i];
        assertThat(got).isEqualTo(written);
    }

    /** By hand: 1 + 2 + ... + 10 (two values past the eight sums) and an empty run. */
    @Example
    void smallSumsByHand() {
        double[] x = {99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99};
        assertThat(Summation.sum(x, 1, 10)).isEqualTo(55.0);
        assertThat(Summation.sum(x, 3, 0)).isEqualTo(0.0);
    }
}

package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Pointwise;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link VectorMath} against the scalar formulas of {@link Pointwise} (and {@link Math#tanh}): within 8 units in the
 * last place or {@code 2^-1000} absolute, over values from tiny to overflowing; NaN, the infinities and the signed
 * zeros as the scalar formula; and the bits of y[i] independent of where a range starts and ends (any split between
 * threads).
 */
class VectorMathProperties {

    private interface Kernel {
        void apply(double[] x, double[] y, int from, int to);
    }

    private static final Kernel[] KERNELS = {VectorMath::sigmoid, VectorMath::tanh, VectorMath::softplus};
    private static final DoubleUnaryOperator[] SCALAR = {Pointwise::sigmoid, Math::tanh, Pointwise::softplus};
    private static final String[] NAMES = {"sigmoid", "tanh", "softplus"};

    private static double[] values(Rng rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.uniform(-1, 1) * Math.pow(2, rng.nextInt(24) - 14);
        return x;
    }

    private static void close(double got, double want, String what) {
        if (Double.isNaN(want)) {
            assertThat(got).as(what).isNaN();
            return;
        }
        if (Double.isInfinite(want) || want == 0 && Math.abs(got) < 0x1p-1000) {
            // the same value, a zero with the same sign
            assertThat(Double.valueOf(got)).as(what).isEqualTo(Double.valueOf(want));
            return;
        }
        assertThat(Math.abs(got - want)).as("%s: %s against %s", what, got, want).isLessThanOrEqualTo(Math.max(8 * Math.ulp(want), 0x1p-1000));
    }

    @Property(tries = 60)
    void withinEightUlpsOfTheScalarFormulaAndTheSameBitsOnAnySplit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int f,
                                                                  @ForAll @IntRange(min = 1, max = 200) int n) {
        Rng rng = new Rng(seed);
        double[] x = values(rng, n), whole = new double[n];
        KERNELS[f].apply(x, whole, 0, n);
        for (int i = 0; i < n; i++) close(whole[i], SCALAR[f].applyAsDouble(x[i]), NAMES[f] + " of " + x[i]);
        // the same array in pieces cut at random places: the same bits
        double[] pieces = new double[n];
        for (int from = 0; from < n; ) {
            int to = Math.min(n, from + 1 + rng.nextInt(13));
            KERNELS[f].apply(x, pieces, from, to);
            from = to;
        }
        assertThat(pieces).as(NAMES[f] + " in pieces").isEqualTo(whole);
    }

    @Example
    void specialValuesAsTheScalarFormula() {
        double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 800, -800, 40, -40, Double.MIN_VALUE, 1e-300};
        for (int f = 0; f < KERNELS.length; f++) {
            double[] y = new double[x.length];
            KERNELS[f].apply(x, y, 0, x.length);
            for (int i = 0; i < x.length; i++) close(y[i], SCALAR[f].applyAsDouble(x[i]), NAMES[f] + " of " + x[i]);
        }
    }

    @Example
    void aRangeWritesOnlyItsOwnElements() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, y = new double[x.length];
        java.util.Arrays.fill(y, -7);
        VectorMath.softplus(x, y, 2, 9);
        for (int i = 0; i < y.length; i++) {
            if (i < 2 || i >= 9) assertThat(y[i]).isEqualTo(-7);
            else close(y[i], Pointwise.softplus(x[i]), "softplus of " + x[i]);
        }
    }

    /** A hash of the bits of the three functions over fixed values; {@link #main} prints it from another JVM. */
    static long bitsHash() {
        Rng rng = new Rng(3);
        double[] x = values(rng, 4099), y = new double[x.length];
        long h = 0;
        for (Kernel k : KERNELS) {
            k.apply(x, y, 0, x.length);
            for (double v : y) h = h * 31 + Double.doubleToRawLongBits(v);
        }
        return h;
    }

    public static void main(String[] args) {
        System.out.println(bitsHash());
    }

    /**
     * The JIT's vector math would give other bits in code not yet compiled: these kernels give the same bits in a JVM
     * that only interprets ({@code -Xint}) as in this one, warmed up, and under AVX2 ({@code -XX:UseAVX=2}).
     */
    @Example
    void theSameBitsInTheInterpreterAndUnderAvx2() throws Exception {
        long here = 0;
        for (int i = 0; i < 200; i++) here = bitsHash();
        for (String flag : new String[] {"-Xint", "-XX:UseAVX=2"}) {
            Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", flag, "-cp", System.getProperty("java.class.path"), VectorMathProperties.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor()).as("the JVM with %s", flag).isZero();
            assertThat(out).as("the bits with %s", flag).isEqualTo(Long.toString(here));
        }
    }
}

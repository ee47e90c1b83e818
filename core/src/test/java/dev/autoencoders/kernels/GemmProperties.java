package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every fast path of {@link Gemm#gemm} against the readable {@link Gemm#reference}, over random shapes (each of
 * m, n, k in 1..70, so all edge-tile sizes and both orientations occur), the four transpose combinations,
 * offsets and accumulate on and off:
 * within the rounding bounds of {@link ErrorBounds}; bit-identical between the vector and the scalar backend;
 * bit-identical for any number of threads.
 */
class GemmProperties {

    @Provide
    Arbitrary<GemmCase> cases() {
        return shapes(Arbitraries.integers().between(1, 70));
    }

    /** Long sums: several k blocks in double and in float32 (256 each). */
    @Provide
    Arbitrary<GemmCase> longSums() {
        Arbitrary<Integer> small = Arbitraries.integers().between(1, 20);
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 7), small, small,
                        Arbitraries.integers().between(200, 1300))
                .as((seed, flags, m, n, k) -> randomCase(seed, flags, m, n, k));
    }

    /**
     * Tall or wide problems: one side of C from 129 to 300, more than one block of MC = 128 rows, so the kernels
     * pack op(A) block by block (the double kernel packs a transposed A), with every edge size.
     */
    @Provide
    Arbitrary<GemmCase> tall() {
        Arbitrary<Integer> small = Arbitraries.integers().between(1, 40), big = Arbitraries.integers().between(129, 300);
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 7), big, small, small,
                        Arbitraries.of(true, false))
                .as((seed, flags, b, s, k, tallC) -> tallC ? randomCase(seed, flags, b, s, k) : randomCase(seed, flags, s, b, k));
    }

    private static Arbitrary<GemmCase> shapes(Arbitrary<Integer> dim) {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 7), dim, dim, dim)
                .as((seed, flags, m, n, k) -> randomCase(seed, flags, m, n, k));
    }

    /** flags: bit 0 transA, bit 1 transB, bit 2 accumulate; offsets 0..5 drawn from the seed. */
    private static GemmCase randomCase(long seed, int flags, int m, int n, int k) {
        Rng rng = new Rng(seed);
        return GemmCase.random(seed, (flags & 1) != 0, (flags & 2) != 0, m, n, k, (flags & 4) != 0,
                rng.nextInt(6), rng.nextInt(6), rng.nextInt(6));
    }

    @Property(tries = 300)
    void vectorDoubleIsWithinRoundingOfReference(@ForAll("cases") GemmCase g) {
        double[] fast = KernelSettings.with(GemmBackend.VECTOR, Precision.DOUBLE, g::gemm);
        assertWithinBound(g, fast, g.reference(), ErrorBounds.doubleVsReference(g.k()));
    }

    @Property(tries = 60)
    void vectorDoubleLongSumsAreWithinRoundingOfReference(@ForAll("longSums") GemmCase g) {
        double[] fast = KernelSettings.with(GemmBackend.VECTOR, Precision.DOUBLE, g::gemm);
        assertWithinBound(g, fast, g.reference(), ErrorBounds.doubleVsReference(g.k()));
    }

    /** Tall or wide problems (several packed blocks of op(A)): within rounding of the reference, and the scalar backend's bits. */
    @Property(tries = 120)
    void tallProblemsAreWithinRoundingOfReferenceAndMatchTheScalarBackend(@ForAll("tall") GemmCase g, @ForAll Precision p) {
        double[] fast = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
        double bound = p == Precision.DOUBLE ? ErrorBounds.doubleVsReference(g.k()) : ErrorBounds.float32VsReference(g.k());
        assertWithinBound(g, fast, g.reference(), bound);
        double[] scalar = KernelSettings.with(GemmBackend.SCALAR, p, g::gemm);
        assertThat(fast).as("vector and scalar backend, bit for bit: %s, %s", p, g).isEqualTo(scalar);
    }

    @Property(tries = 300)
    void float32IsWithinFloatRoundingOfReference(@ForAll("cases") GemmCase g) {
        double[] fast = KernelSettings.with(GemmBackend.VECTOR, Precision.FLOAT32, g::gemm);
        assertWithinBound(g, fast, g.reference(), ErrorBounds.float32VsReference(g.k()));
    }

    @Property(tries = 60)
    void float32LongSumsAreWithinFloatRoundingOfReference(@ForAll("longSums") GemmCase g) {
        double[] fast = KernelSettings.with(GemmBackend.VECTOR, Precision.FLOAT32, g::gemm);
        assertWithinBound(g, fast, g.reference(), ErrorBounds.float32VsReference(g.k()));
    }

    @Property(tries = 200)
    void scalarBackendIsBitIdenticalToVectorBackend(@ForAll("cases") GemmCase g) {
        for (Precision p : Precision.values()) {
            double[] vector = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
            double[] scalar = KernelSettings.with(GemmBackend.SCALAR, p, g::gemm);
            assertThat(Arrays.equals(vector, scalar)).as("%s, %s", p, g).isTrue();
        }
    }

    @Property(tries = 40)
    void scalarBackendIsBitIdenticalToVectorBackendOnLongSums(@ForAll("longSums") GemmCase g) {
        for (Precision p : Precision.values()) {
            double[] vector = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
            double[] scalar = KernelSettings.with(GemmBackend.SCALAR, p, g::gemm);
            assertThat(Arrays.equals(vector, scalar)).as("%s, %s", p, g).isTrue();
        }
    }

    /**
     * Both micro-tiles on any machine (8 rows for 32 vector registers, 6 for 16: {@link RegisterFile}), in both
     * precisions, small and tall problems, either orientation: the scalar backend's bits.
     */
    @Property(tries = 150)
    void bothMicroTilesMatchTheScalarBackend(@ForAll("cases") GemmCase small, @ForAll("tall") GemmCase tall, @ForAll boolean transposed) {
        for (GemmCase g : new GemmCase[] {small, tall}) {
            for (int rows : new int[] {8, 6}) {
                GemmKernel[] kernels = {new VectorGemm(rows), new VectorGemmFloat(rows)};
                for (Precision p : Precision.values()) {
                    GemmKernel kernel = kernels[p.ordinal()];
                    assertThat(kernel.tileRows()).isEqualTo(rows);
                    double[] fast = g.computeOriented(kernel, transposed);
                    double[] scalar = g.computeOriented(GemmBackend.SCALAR.kernel(p), false);
                    assertThat(fast).as("%d-row tile, %s, transposed %s, %s", rows, p, transposed, g).isEqualTo(scalar);
                }
            }
        }
    }

    /**
     * The double kernel reads op(A) in place up to {@link VectorGemm#packAAbove()} columns of C and packs it above
     * (two micro-kernels): both sides of the boundary, both tiles, A stored either way, several blocks of rows and
     * k: the scalar backend's bits.
     */
    @Example
    void aReadInPlaceAndPackedGiveTheScalarBackendsBits() {
        for (int rows : new int[] {8, 6}) {
            VectorGemm kernel = new VectorGemm(rows);
            int above = kernel.packAAbove();
            for (int n : new int[] {above, above + 1, 2 * above + 5}) {
                for (int flags = 0; flags < 8; flags++) {
                    GemmCase g = randomCase(17 + n + flags, flags, 141, n, 300);
                    double[] fast = g.computeOriented(kernel, false);
                    double[] scalar = g.computeOriented(GemmBackend.SCALAR.kernel(Precision.DOUBLE), false);
                    assertThat(fast).as("%d-row tile, %s", rows, g).isEqualTo(scalar);
                }
            }
        }
    }

    /** Only the two tiles exist. */
    @Example
    void otherTileHeightsAreRefused() {
        for (int rows : new int[] {-1, 0, 4, 7, 9, 16}) {
            assertThatThrownBy(() -> new VectorGemm(rows)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + rows);
            assertThatThrownBy(() -> new VectorGemmFloat(rows)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + rows);
        }
    }

    /** The partition into threads (any count, row or column ranges) never changes a bit. */
    @Property(tries = 150)
    void threadedIsBitIdenticalToSingleThread(@ForAll("cases") GemmCase g, @ForAll @IntRange(min = 2, max = 5) int parts) {
        for (GemmBackend backend : GemmBackend.values()) {
            for (Precision p : Precision.values()) {
                GemmKernel kernel = backend.kernel(p);
                double[] one = g.compute(kernel, 1);
                double[] many = KernelSettings.with(backend, p, 3, () -> g.compute(kernel, parts));
                assertThat(Arrays.equals(one, many)).as("%s %s, %d parts, %s", backend, p, parts, g).isTrue();
            }
        }
    }

    /** Computing {@code C^T = op(B)^T op(A)^T} instead (strided C, swapped operands) never changes a bit either. */
    @Property(tries = 150)
    void transposedProblemIsBitIdentical(@ForAll("cases") GemmCase g) {
        for (GemmBackend backend : GemmBackend.values()) {
            for (Precision p : Precision.values()) {
                GemmKernel kernel = backend.kernel(p);
                double[] plain = g.computeOriented(kernel, false), transposed = g.computeOriented(kernel, true);
                assertThat(Arrays.equals(plain, transposed)).as("%s %s, %s", backend, p, g).isTrue();
            }
        }
    }

    /** The same call twice gives the same bits (no state carried between calls). */
    @Property(tries = 50)
    void repeatedCallsAreBitIdentical(@ForAll("cases") GemmCase g) {
        for (Precision p : Precision.values()) {
            double[] first = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
            double[] second = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
            assertThat(Arrays.equals(first, second)).isTrue();
        }
    }

    /** {@code |fast - ref| <= bound * S_ij} inside C, and every value outside C untouched. */
    static void assertWithinBound(GemmCase g, double[] fast, double[] ref, double bound) {
        for (int x = 0; x < fast.length; x++) {
            boolean inC = x >= g.cOff() && x < g.cOff() + g.m() * g.n();
            if (!inC) {
                assertThat(fast[x]).as("value %d outside C", x).isEqualTo(g.c()[x]);
                continue;
            }
            int i = (x - g.cOff()) / g.n(), j = (x - g.cOff()) % g.n();
            double tolerance = bound * g.magnitude(i, j);
            assertThat(Math.abs(fast[x] - ref[x])).as("C[%d][%d] of %s", i, j, g).isLessThanOrEqualTo(tolerance);
        }
    }
}

package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.tensor.ShapeException;
import org.junit.jupiter.api.Test;

/** Small products worked out by hand (or with exact integer arithmetic), on every backend and precision. */
class GemmHandComputedTest {
    // A (2 x 3), B (3 x 2), A B = [[1*7 + 2*9 + 3*11, 1*8 + 2*10 + 3*12], [4*7 + 5*9 + 6*11, 4*8 + 5*10 + 6*12]]
    private static final double[] A = {1, 2, 3, 4, 5, 6};
    private static final double[] A_T = {1, 4, 2, 5, 3, 6};
    private static final double[] B = {7, 8, 9, 10, 11, 12};
    private static final double[] B_T = {7, 9, 11, 8, 10, 12};
    private static final double[] AB = {58, 64, 139, 154};

    /** Every backend and precision: small integers and their sums are exact in float too. */
    private static void forEachSetting(Runnable check) {
        for (GemmBackend backend : GemmBackend.values()) {
            for (Precision precision : Precision.values()) {
                KernelSettings.with(backend, precision, () -> {
                    check.run();
                    return null;
                });
            }
        }
    }

    @Test
    void twoByThreeTimesThreeByTwoInAllTransposeCombinations() {
        forEachSetting(() -> {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                double[] c = new double[4];
                Gemm.gemm(ta, tb, 2, 2, 3, ta ? A_T : A, 0, tb ? B_T : B, 0, c, 0, false);
                assertThat(c).as("transA %s transB %s on %s/%s", ta, tb, GemmBackend.current(), Precision.matmul())
                        .containsExactly(AB);
            }
        });
    }

    @Test
    void accumulateAddsToCAndOffsetsAreHonoured() {
        forEachSetting(() -> {
            // operands behind 2, 1 and 3 values of padding; C0 = 1 everywhere; the padding stays as it was
            double[] a = {-9, -9, 1, 2, 3, 4, 5, 6};
            double[] b = {-9, 7, 8, 9, 10, 11, 12, -9};
            double[] c = {5, 5, 5, 1, 1, 1, 1, 5};
            Gemm.gemm(false, false, 2, 2, 3, a, 2, b, 1, c, 3, true);
            assertThat(c).containsExactly(5, 5, 5, 59, 65, 140, 155, 5);
        });
    }

    @Test
    void overwriteIgnoresTheOldC() {
        forEachSetting(() -> {
            double[] c = {Double.NaN, 1e300, -3, 7};
            Gemm.gemm(false, false, 2, 2, 3, A, 0, B, 0, c, 0, false);
            assertThat(c).containsExactly(AB);
        });
    }

    /** Tiles with every edge: integer matrices whose exact product is computed in long arithmetic. */
    @Test
    void integerMatricesGiveTheExactProductAtEveryTileEdge() {
        int[][] shapes = {{1, 1, 1}, {9, 17, 5}, {17, 3, 7}, {8, 16, 3}, {33, 47, 11}, {70, 1, 2}, {1, 70, 9}, {49, 128, 6}};
        forEachSetting(() -> {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                double[] a = new double[m * k], b = new double[k * n];
                for (int x = 0; x < a.length; x++) a[x] = (x * 7) % 11 - 5;
                for (int x = 0; x < b.length; x++) b[x] = (x * 5) % 13 - 6;
                double[] expected = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        long sum = 0;
                        for (int p = 0; p < k; p++) sum += (long) a[i * k + p] * (long) b[p * n + j];
                        expected[i * n + j] = sum;
                    }
                }
                double[] c = new double[m * n];
                Gemm.gemm(false, false, m, n, k, a, 0, b, 0, c, 0, false);
                assertThat(c).as("%d x %d x %d", m, n, k).containsExactly(expected);
            }
        });
    }

    @Test
    void emptySumOverwritesWithZerosOrLeavesC() {
        forEachSetting(() -> {
            double[] c = {1, 2, 3, 4};
            Gemm.gemm(false, false, 2, 2, 0, new double[0], 0, new double[0], 0, c, 0, true);
            assertThat(c).containsExactly(1, 2, 3, 4);
            Gemm.gemm(false, false, 2, 2, 0, new double[0], 0, new double[0], 0, c, 0, false);
            assertThat(c).containsExactly(0, 0, 0, 0);
            Gemm.gemm(false, false, 0, 2, 3, new double[0], 0, B, 0, c, 0, false);
            assertThat(c).containsExactly(0, 0, 0, 0);
        });
    }

    /** FLOAT32 really rounds the operands to float and sums in float; DOUBLE does not. */
    @Test
    void float32PrecisionRoundsOperandsAndSums() {
        double[] one = {1};
        double[] slightlyMore = {1 + 0x1p-30};
        double[] cDouble = new double[1], cFloat = new double[1];
        KernelSettings.with(GemmBackend.current(), Precision.DOUBLE,
                () -> { Gemm.gemm(false, false, 1, 1, 1, slightlyMore, 0, one, 0, cDouble, 0, false); return null; });
        KernelSettings.with(GemmBackend.current(), Precision.FLOAT32,
                () -> { Gemm.gemm(false, false, 1, 1, 1, slightlyMore, 0, one, 0, cFloat, 0, false); return null; });
        assertThat(cDouble[0]).isEqualTo(1 + 0x1p-30);
        assertThat(cFloat[0]).isEqualTo(1.0);

        // 2^24 + 1 + 1: in float each + 1 is lost (2^24 + 1 rounds to even 2^24); in double the sum is exact
        double[] row = {0x1p24, 1, 1};
        double[] ones = {1, 1, 1};
        KernelSettings.with(GemmBackend.current(), Precision.DOUBLE,
                () -> { Gemm.gemm(false, false, 1, 1, 3, row, 0, ones, 0, cDouble, 0, false); return null; });
        KernelSettings.with(GemmBackend.current(), Precision.FLOAT32,
                () -> { Gemm.gemm(false, false, 1, 1, 3, row, 0, ones, 0, cFloat, 0, false); return null; });
        assertThat(cDouble[0]).isEqualTo(0x1p24 + 2);
        assertThat(cFloat[0]).isEqualTo(0x1p24);
    }

    @Test
    void doubleIsTheDefaultPrecision() {
        assertThat(Precision.matmul()).isEqualTo(Precision.DOUBLE);
        assertThatThrownBy(() -> Precision.setMatmul(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void arraysTooShortOrNegativeSizesAreShapeErrors() {
        assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 3, A, 1, B, 0, new double[4], 0, false))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("gemm").hasMessageContaining("(2 x 3)").hasMessageContaining("A has 6 values from offset 1");
        assertThatThrownBy(() -> Gemm.gemm(false, false, 2, 2, 3, A, 0, B, 0, new double[3], 0, false))
                .isInstanceOf(ShapeException.class).hasMessageContaining("C 3 from 0");
        assertThatThrownBy(() -> Gemm.gemm(false, false, -1, 2, 3, A, 0, B, 0, new double[4], 0, false))
                .isInstanceOf(ShapeException.class);
    }
}

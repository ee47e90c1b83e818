package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import org.junit.jupiter.api.Test;

/** {@link Gemm#multiply} on {@link Matrix} views: the product of {@link Gemm#gemm} with the same arguments, and its size checks. */
class MatrixTest {

    private static double[] random(Rng rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.normal();
        return a;
    }

    @Test
    void aProductOfViewsIsTheGemmOfTheSameStorageWithTheTransposeFlags() {
        Rng rng = new Rng(7);
        int m = 5, n = 3, k = 4, off = 2;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    double[] a = random(rng, off + m * k), b = random(rng, off + k * n), c0 = random(rng, off + m * n);
                    // op(A) is m x k: stored m x k, or k x m and viewed transposed
                    Matrix A = ta ? Matrix.of(a, off, k, m).t() : Matrix.of(a, off, m, k);
                    Matrix B = tb ? Matrix.of(b, off, n, k).t() : Matrix.of(b, off, k, n);
                    double[] viaViews = c0.clone(), viaFlags = c0.clone();
                    Gemm.multiply(Matrix.of(viaViews, off, m, n), A, B, acc);
                    Gemm.gemm(ta, tb, m, n, k, a, off, b, off, viaFlags, off, acc);
                    assertThat(viaViews).as("transA %s, transB %s, accumulate %s", ta, tb, acc).isEqualTo(viaFlags);
                    // and the definition at one element: C[i][j] (+)= sum_p A[i][p] B[p][j]
                    int i = m - 1, j = n - 1;
                    double s = acc ? c0[off + i * n + j] : 0;
                    for (int p = 0; p < k; p++) s += (ta ? a[off + p * m + i] : a[off + i * k + p]) * (tb ? b[off + j * k + p] : b[off + p * n + j]);
                    assertThat(viaViews[off + i * n + j]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-12));
                }
            }
        }
    }

    @Test
    void sizesThatDoNotChainAndATransposedResultAreRefused() {
        double[] d = new double[64];
        Matrix a = Matrix.of(d, 2, 3), b = Matrix.of(d, 3, 4);
        assertThatThrownBy(() -> Gemm.multiply(Matrix.of(d, 2, 4), a, b.t(), false)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("A (2 x 3) B (4 x 3 (transposed))");
        assertThatThrownBy(() -> Gemm.multiply(Matrix.of(d, 3, 4), a, b, false)).isInstanceOf(ShapeException.class);
        assertThatThrownBy(() -> Gemm.multiply(Matrix.of(d, 4, 2).t(), a, b, false)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("must not be a transposed view");
        assertThat(a.t().t()).isEqualTo(a);
    }
}

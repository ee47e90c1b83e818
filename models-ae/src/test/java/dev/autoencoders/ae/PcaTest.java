package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PcaTest {

    /** Symmetric matrices: A v = lambda v, orthonormal vectors, values descending; and a 2 x 2 case by hand. */
    @Property(tries = 20)
    void jacobiDecomposesSymmetricMatrices(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = rng.normal();
        SymmetricEigen.Result e = SymmetricEigen.of(a);
        for (int k = 0; k < n; k++) {
            if (k > 0) assertThat(e.values()[k]).isLessThanOrEqualTo(e.values()[k - 1]);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i][j] * e.vectors()[k][j];
                assertThat(av).isCloseTo(e.values()[k] * e.vectors()[k][i], within(1e-12));
            }
            for (int l = 0; l < n; l++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += e.vectors()[k][i] * e.vectors()[l][i];
                assertThat(dot).isCloseTo(k == l ? 1 : 0, within(1e-12));
            }
        }
    }

    @Test
    void twoByTwoByHand() {
        // [[2, 1], [1, 2]] = 3 (1, 1)/sqrt 2 + 1 (1, -1)/sqrt 2
        SymmetricEigen.Result e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertThat(e.values()).containsExactly(new double[] {3, 1}, within(1e-15));
        assertThat(Math.abs(e.vectors()[0][0])).isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(e.vectors()[0][0] * e.vectors()[0][1]).isCloseTo(0.5, within(1e-15));
        assertThat(e.vectors()[1][0] * e.vectors()[1][1]).isCloseTo(-0.5, within(1e-15));
        assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 4}})).hasMessageContaining("not symmetric at (1, 0)");
    }

    /** Principal angles by hand: span(e1, e2) and span(e1, cos t e2 + sin t e3) meet at angles 0 and t. */
    @Test
    void principalAnglesByHand() {
        double t = 0.3;
        Tensor a = Tensor.of(new double[] {1, 0, 0, 0, 2, 0}, 2, 3); // not normalised: the basis is made orthonormal first
        Tensor b = Tensor.of(new double[] {1, 0, 0, 1, Math.cos(t), Math.sin(t)}, 2, 3);
        assertThat(Subspaces.principalAngles(a, b)).containsExactly(new double[] {0, t}, within(1e-7));
        assertThatThrownBy(() -> Subspaces.orthonormalRows(Tensor.of(new double[] {1, 2, 2, 4}, 2, 2))).hasMessageContaining("row 1");
    }

    /**
     * Planted components: x = mu + sum_i sqrt(lambda_i) z_i u_i + small isotropic noise, with known orthonormal u_i.
     * The fitted span is the planted one (principal angles ~ 0), and it agrees with a full Jacobi decomposition of the
     * covariance (second implementation): the same variances and the same span.
     */
    @Property(tries = 5)
    void recoversPlantedComponentsAndAgreesWithFullJacobi(@ForAll @IntRange(min = 1, max = 4) int k, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int d = 20, n = 3000;
        Tensor u = Subspaces.orthonormalRows(Tensor.randn(rng, k, d));
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                double z = rng.normal() * Math.sqrt(10.0 * (k - i));
                for (int t = 0; t < d; t++) x[r * d + t] += z * u.data()[i * d + t];
            }
            for (int t = 0; t < d; t++) x[r * d + t] += 0.05 * rng.normal() + 0.5;
        }
        Tensor data = Tensor.of(x, n, d);
        Pca pca = Pca.fit(data, k, new Rng(seed + 1));
        for (double angle : Subspaces.principalAngles(pca.components, u)) assertThat(angle).isLessThan(0.01);
        // the second implementation: Jacobi on the whole covariance
        Tensor xc = data.sub(data.mean(0, false));
        Tensor c = xc.t().matmul(xc).div(n);
        double[][] cm = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cm[i][j] = 0.5 * (c.get(i, j) + c.get(j, i));
        SymmetricEigen.Result full = SymmetricEigen.of(cm);
        double[] top = new double[k * d];
        for (int i = 0; i < k; i++) {
            assertThat(pca.variances[i]).isCloseTo(full.values()[i], within(1e-9 * full.values()[0]));
            System.arraycopy(full.vectors()[i], 0, top, i * d, d);
        }
        for (double angle : Subspaces.principalAngles(pca.components, Tensor.of(top, k, d))) assertThat(angle).isLessThan(1e-6);
        // on the training data, the mean squared reconstruction error is the variance left out: sum_{i > k} lambda_i / D
        double left = 0;
        for (int i = k; i < d; i++) left += full.values()[i];
        double mse = pca.reconstruct(data).sub(data).square().mean().item();
        assertThat(mse).isCloseTo(left / d, within(1e-9));
    }

    /** Data of rank 3 in R^10: any k works; components beyond the rank have variance 0 and k >= 3 reconstructs exactly. */
    @Property(tries = 6)
    void rankDeficientDataAreFine(@ForAll @IntRange(min = 1, max = 10) int k) {
        Rng rng = new Rng(k);
        Tensor x = Tensor.randn(rng, 40, 3).matmul(Tensor.randn(rng, 3, 10)).add(0.5);
        Pca pca = Pca.fit(x, k, rng);
        Tensor gram = pca.components.matmul(pca.components.t());
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) assertThat(gram.get(i, j)).isCloseTo(i == j ? 1 : 0, within(1e-10));
        for (int i = 3; i < k; i++) assertThat(pca.variances[i]).isCloseTo(0, within(1e-9 * pca.variances[0]));
        if (k >= 3) assertThat(pca.reconstruct(x).data()).containsExactly(x.data(), within(1e-9));
    }

    @Test
    void projectionAndReconstructionShapesAndErrors() {
        Tensor x = Tensor.randn(new Rng(0), 50, 6);
        Pca pca = Pca.fit(x, 6, new Rng(1));
        // all components: the reconstruction is exact
        assertThat(pca.reconstruct(x).data()).containsExactly(x.data(), within(1e-12));
        assertThat(pca.project(x).shape()).containsExactly(50, 6);
        assertThatThrownBy(() -> Pca.fit(x, 7, new Rng(1))).hasMessageContaining("k must be in [1, 6], got 7");
        assertThatThrownBy(() -> pca.project(Tensor.zeros(2, 5))).hasMessageContaining("(N, 6)");
    }
}

package dev.autoencoders.ae;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * Linear subspaces of {@code R^D} given by spanning rows: orthonormal bases (modified Gram-Schmidt) and the
 * principal angles between two subspaces (Bjorck and Golub 1973): with orthonormal bases {@code A: (k, D)} and
 * {@code B: (l, D)}, the cosines of the principal angles are the singular values of {@code A B^T}.
 */
public final class Subspaces {
    private Subspaces() {}

    /**
     * An orthonormal basis of the span of the rows of {@code a: (k, D)}, by modified Gram-Schmidt:
     * {@code q_i = (a_i - sum_{j<i} (q_j . a_i) q_j) / ||...||}. Returns {@code (k, D)}.
     *
     * @throws IllegalArgumentException if the rows are linearly dependent (a residual norm below 1e-12 of the row's norm)
     */
    public static Tensor orthonormalRows(Tensor a) {
        return orthonormalRows(a, null);
    }

    /**
     * As {@link #orthonormalRows(Tensor)}, but a (nearly) dependent row is replaced by a random direction from
     * {@code fill} and orthogonalised again, so that the result always has k orthonormal rows (k <= D), spanning
     * the rows' span and more. Subspace iteration needs this when the data have fewer dimensions than the block.
     */
    public static Tensor orthonormalRows(Tensor a, Rng fill) {
        if (a.rank() != 2 || a.dim(0) > a.dim(1)) throw new ShapeException("Subspaces.orthonormalRows", "needs (k, D) with k <= D", a.shape());
        int k = a.dim(0), d = a.dim(1);
        double[] q = a.data().clone();
        double scale = 0;
        for (int i = 0; i < k; i++) scale = Math.max(scale, norm(q, i * d, d));
        for (int i = 0; i < k; i++) {
            for (int attempt = 0; ; attempt++) {
                double before = norm(q, i * d, d);
                // q_i <- q_i - (q_j . q_i) q_j for every earlier j; twice, which restores orthogonality to rounding ("twice is enough")
                for (int pass = 0; pass < 2; pass++) {
                    for (int j = 0; j < i; j++) {
                        double dot = 0;
                        for (int t = 0; t < d; t++) dot += q[j * d + t] * q[i * d + t];
                        for (int t = 0; t < d; t++) q[i * d + t] -= dot * q[j * d + t];
                    }
                }
                double nrm = norm(q, i * d, d);
                // independent: a part of its own length survives, and more than rounding noise of the largest row
                if (nrm > 1e-10 * before && nrm > 1e-13 * scale) {
                    for (int t = 0; t < d; t++) q[i * d + t] /= nrm;
                    break;
                }
                if (fill == null || attempt == 10) throw new IllegalArgumentException("Subspaces.orthonormalRows: row " + i + " is (nearly) a combination of the rows before it");
                for (int t = 0; t < d; t++) q[i * d + t] = fill.normal();
                scale = Math.max(scale, norm(q, i * d, d));
            }
        }
        return Tensor.of(q, k, d);
    }

    /**
     * The principal angles (radians, ascending) between the spans of the rows of {@code a: (k, D)} and
     * {@code b: (l, D)}: {@code cos theta_i = sigma_i(Q_a Q_b^T)}, {@code min(k, l)} of them.
     */
    public static double[] principalAngles(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(1)) throw new ShapeException("Subspaces.principalAngles", "needs (k, D) and (l, D)", a.shape(), b.shape());
        Tensor qa = orthonormalRows(a), qb = orthonormalRows(b);
        // M = Q_a Q_b^T (k, l); the squared singular values are the eigenvalues of M M^T (k x k)
        Tensor m = qa.matmul(qb.t());
        int k = m.dim(0), l = m.dim(1);
        double[][] mmt = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < l; t++) s += m.data()[i * l + t] * m.data()[j * l + t];
                mmt[i][j] = s;
            }
        }
        double[] sq = SymmetricEigen.of(mmt).values();
        int r = Math.min(k, l);
        double[] angles = new double[r];
        for (int i = 0; i < r; i++) angles[i] = Math.acos(Math.min(1, Math.sqrt(Math.max(0, sq[i]))));
        Arrays.sort(angles);
        return angles;
    }

    private static double norm(double[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i] * x[off + i];
        return Math.sqrt(s);
    }
}

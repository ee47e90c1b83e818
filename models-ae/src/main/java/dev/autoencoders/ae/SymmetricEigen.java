package dev.autoencoders.ae;

/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, Matrix
 * Computations, section 8.5): sweep over all pairs {@code (p, q)}, and zero {@code a_pq} by a plane rotation
 * {@code A <- J^T A J}, accumulating {@code V <- V J}, until the off-diagonal mass is negligible. Then
 * {@code A = V diag(lambda) V^T}. Simple and accurate; {@code O(n^3)} per sweep, so meant for n up to ~100
 * ({@link Pca} uses it on the small projected matrix of its subspace iteration).
 */
public final class SymmetricEigen {

    /**
     * @param values  eigenvalues, largest first
     * @param vectors {@code vectors[i]} is the unit eigenvector of {@code values[i]}
     */
    public record Result(double[] values, double[][] vectors) {}

    private SymmetricEigen() {}

    /** Decomposes symmetric {@code a (n x n)} (not modified). */
    public static Result of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) throw new IllegalArgumentException("SymmetricEigen: row " + i + " has " + a[i].length + " entries, the matrix is " + n + " x " + n);
            m[i] = a[i].clone();
            for (int j = 0; j < i; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * (Math.abs(a[i][j]) + Math.abs(a[j][i]) + 1e-300)) {
                    throw new IllegalArgumentException("SymmetricEigen: the matrix is not symmetric at (" + i + ", " + j + "): " + a[i][j] + " vs " + a[j][i]);
                }
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < 100 && offDiagonal(m) > 1e-30 * Math.max(diagonal(m), 1e-300); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) continue;
                    // the rotation angle: theta = (a_qq - a_pp) / (2 a_pq), t = tan(phi) the smaller root of t^2 + 2 theta t - 1 = 0
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    rotate(m, v, p, q, c, s);
                }
            }
        }
        // sort by eigenvalue, largest first; eigenvector i is column i of V
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = m[order[k]][order[k]];
            for (int i = 0; i < n; i++) vectors[k][i] = v[i][order[k]];
        }
        return new Result(values, vectors);
    }

    /** {@code A <- J^T A J} and {@code V <- V J} for the rotation J in the plane (p, q): {@code J_pp = J_qq = c, J_pq = s, J_qp = -s}. */
    private static void rotate(double[][] a, double[][] v, int p, int q, double c, double s) {
        int n = a.length;
        // columns p and q of A J
        for (int k = 0; k < n; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        // rows p and q of J^T (A J)
        for (int k = 0; k < n; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (i != j) s += a[i][j] * a[i][j];
        return s;
    }

    private static double diagonal(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i][i] * a[i][i];
        return s;
    }
}

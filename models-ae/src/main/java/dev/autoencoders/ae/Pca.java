package dev.autoencoders.ae;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Principal component analysis, the linear baseline of the deep autoencoder: the k orthonormal directions of
 * largest variance of the training data, {@code x ~ mu + U^T U (x - mu)} with {@code U: (k, D)}.
 *
 * <p>Fit: centre the data, form the covariance {@code C = Xc^T Xc / N} {@code (D x D)}, and find its top-k
 * eigenvectors by subspace iteration (Golub and Van Loan, section 8.2.4) with a Rayleigh-Ritz step:
 * <pre>
 *   Q = orthonormal random (p, D), p = min(D, k + 10)
 *   repeat:  Q = orth(Q C)                               (C symmetric, so Q C = (C Q^T)^T)
 *            T = Q C Q^T (p x p) = S diag(lambda) S^T   (Jacobi, {@link SymmetricEigen})
 *   until every top-k Ritz pair (lambda_i, u_i = S_i^T Q) has residual ||C u_i - lambda_i u_i|| <= tol * lambda_1
 * </pre>
 * The span converges like {@code (lambda_{p+1} / lambda_k)^iterations}.
 */
public final class Pca {
    /** The mean {@code mu: (D)}. */
    public final Tensor mean;
    /** The principal directions {@code U: (k, D)}, orthonormal rows, by decreasing variance. */
    public final Tensor components;
    /** The variance along each component, {@code lambda: (k)}, decreasing. */
    public final double[] variances;

    private Pca(Tensor mean, Tensor components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /** Fits k components to {@code x: (N, D)} (1 <= k <= D); {@code rng} draws the starting subspace. */
    public static Pca fit(Tensor x, int k, Rng rng) {
        if (x.rank() != 2 || x.dim(0) < 1) throw new ShapeException("Pca.fit", "needs data (N, D) with N >= 1", x.shape());
        int n = x.dim(0), d = x.dim(1);
        if (k < 1 || k > d) throw new IllegalArgumentException("Pca.fit: k must be in [1, " + d + "], got " + k);
        try (GradMode.Scope s = GradMode.off()) {
            // mu = mean of the rows;  C = (x - mu)^T (x - mu) / N
            Tensor mu = x.mean(0, false);
            Tensor xc = x.sub(mu);
            Tensor c = xc.t().matmul(xc).div(n);
            int p = Math.min(d, k + 10);
            Tensor q = Subspaces.orthonormalRows(Tensor.randn(rng, p, d), rng);
            for (int it = 1; ; it++) {
                // power step on the whole block, then re-orthonormalise (rows that C maps to 0 restart at random)
                q = Subspaces.orthonormalRows(q.matmul(c), rng);
                // Rayleigh-Ritz: T = Q C Q^T, its eigenvectors rotate Q onto the Ritz vectors
                Tensor qc = q.matmul(c);
                SymmetricEigen.Result e = SymmetricEigen.of(rows(qc.matmul(q.t())));
                Tensor u = Tensor.of(flatten(e.vectors()), p, p).matmul(q).slice(0, 0, k);
                double[] lambda = java.util.Arrays.copyOf(e.values(), k);
                if (converged(c, u, lambda) || it == 5000) {
                    for (int i = 0; i < k; i++) lambda[i] = Math.max(lambda[i], 0);
                    return new Pca(mu, u, lambda);
                }
                q = Tensor.of(flatten(e.vectors()), p, p).matmul(q);
            }
        }
    }

    /** Every residual {@code ||C u_i - lambda_i u_i||} at most {@code 1e-9 lambda_1} (or the data has no variance). */
    private static boolean converged(Tensor c, Tensor u, double[] lambda) {
        int k = u.dim(0), d = u.dim(1);
        double[] cu = u.matmul(c).data();
        double tol = 1e-9 * Math.abs(lambda[0]);
        if (tol == 0) return true;
        for (int i = 0; i < k; i++) {
            double r = 0;
            for (int t = 0; t < d; t++) {
                double e = cu[i * d + t] - lambda[i] * u.data()[i * d + t];
                r += e * e;
            }
            if (Math.sqrt(r) > tol) return false;
        }
        return true;
    }

    /** The codes {@code z = (x - mu) U^T}: {@code (N, D) -> (N, k)}. */
    public Tensor project(Tensor x) {
        check("project", x, mean.numel());
        return x.sub(mean).matmul(components.t());
    }

    /** Back to the data space, {@code x' = z U + mu}: {@code (N, k) -> (N, D)}. */
    public Tensor reconstructFromCodes(Tensor z) {
        check("reconstructFromCodes", z, components.dim(0));
        return z.matmul(components).add(mean);
    }

    /** The projection onto the affine principal subspace, {@code x' = mu + (x - mu) U^T U}: {@code (N, D) -> (N, D)}. */
    public Tensor reconstruct(Tensor x) {
        return reconstructFromCodes(project(x));
    }

    private static void check(String op, Tensor x, int width) {
        if (x.rank() != 2 || x.dim(1) != width) throw new ShapeException("Pca." + op + ": needs (N, " + width + "), got " + java.util.Arrays.toString(x.shape()));
    }

    private static double[][] rows(Tensor m) {
        int r = m.dim(0), c = m.dim(1);
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) System.arraycopy(m.data(), i * c, out[i], 0, c);
        // symmetrise the rounding noise of Q C Q^T
        for (int i = 0; i < r; i++) for (int j = 0; j < i; j++) out[i][j] = out[j][i] = 0.5 * (out[i][j] + out[j][i]);
        return out;
    }

    private static double[] flatten(double[][] m) {
        int r = m.length, c = m[0].length;
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) System.arraycopy(m[i], 0, out, i * c, c);
        return out;
    }
}

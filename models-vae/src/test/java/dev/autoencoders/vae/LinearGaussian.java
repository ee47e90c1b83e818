package dev.autoencoders.vae;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * The linear-Gaussian latent variable model (probabilistic PCA), where everything a VAE only bounds is exact:
 * <pre>
 *   p(z) = N(0, I_L),   p(x|z) = N(W z + b, s2 I_D)
 *   p(x) = N(b, W W^T + s2 I)                                          (the evidence, in closed form)
 *   p(z|x) = N(m, S),  S^{-1} = I + W^T W / s2,  m = S W^T (x - b) / s2  (the true posterior)
 * </pre>
 * The closed forms are computed here with small dense Cholesky factorisations, independently of the tensor code;
 * the bounds (ELBO, IWAE) are computed with the project's code ({@link GaussianLikelihood#logDensity},
 * {@link KlDivergence}, {@link DiagonalGaussian}, {@link ImportanceWeighted}), which is what the tests check.
 * Shapes: {@code W: (D, L)}, {@code b: (D)}, one observation {@code x: (D)}.
 */
final class LinearGaussian {
    final int d, l;
    final double[][] w;
    final double[] b;
    final double s2;

    LinearGaussian(double[][] w, double[] b, double s2) {
        this.d = w.length;
        this.l = w[0].length;
        this.w = w;
        this.b = b;
        this.s2 = s2;
    }

    /** W with N(0, 1) entries, b with N(0, 1/4) entries. */
    static LinearGaussian random(int d, int l, double s2, Rng rng) {
        double[][] w = new double[d][l];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < l; j++) w[i][j] = rng.normal();
            b[i] = 0.5 * rng.normal();
        }
        return new LinearGaussian(w, b, s2);
    }

    /** A draw x = W z + b + sqrt(s2) e from the model. */
    double[] sample(Rng rng) {
        double[] z = new double[l], x = new double[d];
        for (int j = 0; j < l; j++) z[j] = rng.normal();
        for (int i = 0; i < d; i++) {
            x[i] = b[i] + Math.sqrt(s2) * rng.normal();
            for (int j = 0; j < l; j++) x[i] += w[i][j] * z[j];
        }
        return x;
    }

    // ---- exact quantities (dense linear algebra) ----

    /** {@code log p(x) = -1/2 [D log 2 pi + log det C + (x - b)^T C^{-1} (x - b)]}, {@code C = W W^T + s2 I}. */
    double logEvidence(double[] x) {
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < l; j++) c[i][k] += w[i][j] * w[k][j];
            }
            c[i][i] += s2;
        }
        double[][] ch = cholesky(c);
        double[] r = new double[d];
        for (int i = 0; i < d; i++) r[i] = x[i] - b[i];
        double[] y = forward(ch, r);
        double quad = 0, logDet = 0;
        for (int i = 0; i < d; i++) {
            quad += y[i] * y[i];
            logDet += 2 * Math.log(ch[i][i]);
        }
        return -0.5 * (d * Math.log(2 * Math.PI) + logDet + quad);
    }

    /** The posterior precision {@code S^{-1} = I + W^T W / s2}: (L, L). */
    double[][] posteriorPrecision() {
        double[][] p = new double[l][l];
        for (int j = 0; j < l; j++) {
            for (int k = 0; k < l; k++) {
                for (int i = 0; i < d; i++) p[j][k] += w[i][j] * w[i][k] / s2;
            }
            p[j][j] += 1;
        }
        return p;
    }

    /** The posterior mean {@code m}: solves {@code S^{-1} m = W^T (x - b) / s2}. */
    double[] posteriorMean(double[] x) {
        double[] rhs = new double[l];
        for (int j = 0; j < l; j++) {
            for (int i = 0; i < d; i++) rhs[j] += w[i][j] * (x[i] - b[i]) / s2;
        }
        double[][] ch = cholesky(posteriorPrecision());
        return backward(ch, forward(ch, rhs));
    }

    /** The posterior covariance S: (L, L) (the inverse of the precision, column by column). */
    double[][] posteriorCovariance() {
        double[][] ch = cholesky(posteriorPrecision());
        double[][] s = new double[l][l];
        for (int k = 0; k < l; k++) {
            double[] e = new double[l];
            e[k] = 1;
            double[] col = backward(ch, forward(ch, e));
            for (int j = 0; j < l; j++) s[j][k] = col[j];
        }
        return s;
    }

    /**
     * {@code KL(N(mu, diag v) || N(m, S))} = 1/2 [tr(S^{-1} diag v) + (m - mu)^T S^{-1} (m - mu) - L + log det S - sum log v].
     */
    double klToPosterior(double[] x, double[] mu, double[] v) {
        double[][] p = posteriorPrecision();
        double[] m = posteriorMean(x);
        double tr = 0, quad = 0, logDetP = 0, sumLogV = 0;
        for (int j = 0; j < l; j++) {
            tr += p[j][j] * v[j];
            sumLogV += Math.log(v[j]);
            for (int k = 0; k < l; k++) quad += (m[j] - mu[j]) * p[j][k] * (m[k] - mu[k]);
        }
        double[][] ch = cholesky(p);
        for (int j = 0; j < l; j++) logDetP += 2 * Math.log(ch[j][j]);
        // log det S = -log det S^{-1}
        return 0.5 * (tr + quad - l - logDetP - sumLogV);
    }

    // ---- bounds, computed with the project's code ----

    /** {@code log p(x, z) = log N(x; W z + b, s2 I) + log N(z; 0, I)}: {@code z: (K, N, L) -> (K, N)}, x the same for all rows. */
    Tensor logJoint(double[] x, Tensor z) {
        int k = z.dim(0), n = z.dim(1);
        Tensor flat = z.reshape(k * n, l);
        Tensor mean = flat.matmul(weightT()).add(Tensor.of(b.clone(), d));
        Tensor xs = repeatRows(x, k * n);
        Tensor logPxz = new GaussianLikelihood(s2).logDensity(mean, xs).reshape(k, n);
        return logPxz.add(DiagonalGaussian.standardNormalLogProb(z));
    }

    /**
     * The ELBO of {@code q = N(mu, diag(exp(logvar)))}, exactly: {@code E_q[log p(x|z)] - KL(q || p(z))}. log p(x|z) is
     * quadratic in z, so its expectation is the average over the 2L sigma points {@code z = mu +- sqrt(L) sigma_j e_j}
     * (they have q's mean and covariance, and a quadratic's expectation depends on nothing else); the points are
     * drawn through {@link DiagonalGaussian#rsample(Tensor)} with {@code eps = +-sqrt(L) e_j}, the KL is the closed form.
     */
    double exactElbo(double[] x, DiagonalGaussian q) {
        return exactElboTensor(x, q).item();
    }

    /** {@link #exactElbo} as a tensor in q's mean and log-variance: its gradient is the exact gradient of the ELBO. */
    Tensor exactElboTensor(double[] x, DiagonalGaussian q) {
        double[] e = new double[2 * l * l];
        for (int j = 0; j < l; j++) {
            e[(2 * j) * l + j] = Math.sqrt(l);
            e[(2 * j + 1) * l + j] = -Math.sqrt(l);
        }
        Tensor z = q.rsample(Tensor.of(e, 2 * l, 1, l));
        Tensor logPxz = logJoint(x, z).sub(DiagonalGaussian.standardNormalLogProb(z));
        return logPxz.mean().sub(KlDivergence.toStandardNormal(q.mu(), q.logvar()).sum());
    }

    Tensor weightT() {
        double[] t = new double[l * d];
        for (int i = 0; i < d; i++) for (int j = 0; j < l; j++) t[j * d + i] = w[i][j];
        return Tensor.of(t, l, d);
    }

    static Tensor repeatRows(double[] x, int n) {
        Tensor[] rows = new Tensor[n];
        Arrays.fill(rows, Tensor.of(x.clone(), 1, x.length));
        return Reshaping.concat(0, rows);
    }

    // ---- dense helpers ----

    /** Lower-triangular Cholesky factor of a symmetric positive definite matrix. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= c[i][k] * c[j][k];
                c[i][j] = i == j ? Math.sqrt(s) : s / c[j][j];
            }
        }
        return c;
    }

    /** Solves {@code C y = r} for lower-triangular C. */
    static double[] forward(double[][] c, double[] r) {
        double[] y = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double s = r[i];
            for (int k = 0; k < i; k++) s -= c[i][k] * y[k];
            y[i] = s / c[i][i];
        }
        return y;
    }

    /** Solves {@code C^T y = r} for lower-triangular C. */
    static double[] backward(double[][] c, double[] r) {
        int n = r.length;
        double[] y = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = r[i];
            for (int k = i + 1; k < n; k++) s -= c[k][i] * y[k];
            y[i] = s / c[i][i];
        }
        return y;
    }
}

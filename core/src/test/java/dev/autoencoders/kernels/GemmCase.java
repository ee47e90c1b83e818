package dev.autoencoders.kernels;

import dev.autoencoders.random.Rng;

/**
 * One random GEMM problem for the tests: {@code C (m x n) (=|+=) op(A) op(B)} with the operands at offsets inside
 * larger arrays (values around them that must not be read or written), uniform values in [-1, 1).
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, boolean accumulate,
                double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {

    static GemmCase random(long seed, boolean transA, boolean transB, int m, int n, int k, boolean accumulate,
                           int aOff, int bOff, int cOff) {
        Rng rng = new Rng(seed);
        return new GemmCase(transA, transB, m, n, k, accumulate,
                uniform(rng, aOff + m * k + 3), aOff, uniform(rng, bOff + k * n + 3), bOff,
                uniform(rng, cOff + m * n + 3), cOff);
    }

    private static double[] uniform(Rng rng, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) x[i] = rng.uniform(-1, 1);
        return x;
    }

    @Override
    public String toString() {
        return "C (" + m + " x " + n + ") " + (accumulate ? "+=" : "=") + " " + (transA ? "A^T" : "A") + " "
                + (transB ? "B^T" : "B") + ", k = " + k + ", offsets " + aOff + "/" + bOff + "/" + cOff;
    }

    /** C after {@link Gemm#reference}, on a copy. */
    double[] reference() {
        double[] out = c.clone();
        Gemm.reference(transA, transB, m, n, k, a, aOff, b, bOff, out, cOff, accumulate);
        return out;
    }

    /** C after {@link Gemm#gemm} with the current settings, on a copy. */
    double[] gemm() {
        double[] out = c.clone();
        Gemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, out, cOff, accumulate);
        return out;
    }

    /** C after running {@code kernel} (in its preferred orientation) split into {@code parts} threads, on a copy. */
    double[] compute(GemmKernel kernel, int parts) {
        double[] out = c.clone();
        GemmView g = kernel.orient(GemmView.of(transA, transB, m, n, k, a, aOff, b, bOff, out, cOff, accumulate));
        Gemm.compute(kernel, g, parts);
        return out;
    }

    /** C after {@code kernel} on one thread, computing the problem as given or transposed, on a copy. */
    double[] computeOriented(GemmKernel kernel, boolean transposed) {
        double[] out = c.clone();
        GemmView g = GemmView.of(transA, transB, m, n, k, a, aOff, b, bOff, out, cOff, accumulate);
        kernel.compute(transposed ? g.transposed() : g);
        return out;
    }

    /** op(A)[i][p]. */
    double opA(int i, int p) {
        return transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
    }

    /** op(B)[p][j]. */
    double opB(int p, int j) {
        return transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
    }

    /** {@code |C0_ij| (when accumulating) + sum_p |op(A)_ip op(B)_pj|}, the scale of every error bound. */
    double magnitude(int i, int j) {
        double s = accumulate ? Math.abs(c[cOff + i * n + j]) : 0.0;
        for (int p = 0; p < k; p++) s += Math.abs(opA(i, p) * opB(p, j));
        return s;
    }
}

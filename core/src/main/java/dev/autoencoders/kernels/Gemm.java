package dev.autoencoders.kernels;

/**
 * General matrix multiply on row-major {@code double[]} matrices, the one kernel under matmul, linear and
 * convolution: {@code C (m x n) = op(A) (m x k) * op(B) (k x n)}, or {@code C += ...} when accumulating.
 * {@code op(A) = A} stored {@code m x k}, or {@code A^T} with A stored {@code k x m} (likewise for B).
 *
 * <p>This is the readable reference: a transposed operand is first copied into row-major order, then the
 * {@code i-p-j} loop adds {@code a_ip} times row p of B into row i of C, so the inner loop runs over the same
 * index {@code j} of two arrays ({@code c[j] += a * b[j]}), which the JIT vectorises.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * {@code C[cOff..] (=|+=) op(A) op(B)}.
     *
     * @param transA     A is stored {@code k x m} and used transposed
     * @param transB     B is stored {@code n x k} and used transposed
     * @param accumulate add into C instead of overwriting it
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff,
                            double[] c, int cOff, boolean accumulate) {
        reference(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** The reference kernel (see the class comment). */
    public static void reference(boolean transA, boolean transB, int m, int n, int k,
                                 double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        if (transA) {
            a = transposeCopy(a, aOff, k, m);
            aOff = 0;
        }
        if (transB) {
            b = transposeCopy(b, bOff, n, k);
            bOff = 0;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    /** The {@code cols x rows} transpose of the {@code rows x cols} matrix at {@code off}. */
    static double[] transposeCopy(double[] src, int off, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c * rows + r] = src[off + r * cols + c];
        }
        return t;
    }
}

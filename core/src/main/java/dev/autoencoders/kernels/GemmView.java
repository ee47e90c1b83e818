package dev.autoencoders.kernels;

/**
 * One GEMM problem {@code C (m x n) (=|+=) op(A) (m x k) op(B) (k x n)} as three strided matrices, so that
 * transposes, sub-blocks of C and the transposed problem are all the same kind of object:
 * <pre>
 *   op(A)[i][p] = a[aOff + i * aRs + p * aCs]
 *   op(B)[p][j] = b[bOff + p * bRs + j * bCs]
 *   C[i][j]     = c[cOff + i * cRs + j * cCs]
 * </pre>
 * ({@code Rs} = row stride, {@code Cs} = column stride.) A row-major A used as is has {@code aRs = k, aCs = 1};
 * used transposed (stored {@code k x m}) it has {@code aRs = 1, aCs = m}.
 */
record GemmView(int m, int n, int k,
                double[] a, int aOff, int aRs, int aCs,
                double[] b, int bOff, int bRs, int bCs,
                double[] c, int cOff, int cRs, int cCs,
                boolean accumulate) {

    /** The arguments of {@link Gemm#gemm} as a view (row-major storage, see there). */
    static GemmView of(boolean transA, boolean transB, int m, int n, int k,
                       double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        return new GemmView(m, n, k,
                a, aOff, transA ? 1 : k, transA ? m : 1,
                b, bOff, transB ? 1 : n, transB ? k : 1,
                c, cOff, n, 1, accumulate);
    }

    /** op(A)[i][p]. */
    double a(int i, int p) {
        return a[aOff + i * aRs + p * aCs];
    }

    /** op(B)[p][j]. */
    double b(int p, int j) {
        return b[bOff + p * bRs + j * bCs];
    }

    /** The index of C[i][j] in {@code c}. */
    int cIndex(int i, int j) {
        return cOff + i * cRs + j * cCs;
    }

    /** The same products as the transposed problem {@code C^T (n x m) (=|+=) op(B)^T op(A)^T}. */
    GemmView transposed() {
        return new GemmView(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, c, cOff, cCs, cRs, accumulate);
    }

    /** Rows {@code [i0, i1)} of C: {@code C[i0:i1, :] (=|+=) op(A)[i0:i1, :] op(B)}. */
    GemmView rows(int i0, int i1) {
        return new GemmView(i1 - i0, n, k, a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs,
                c, cOff + i0 * cRs, cRs, cCs, accumulate);
    }

    /** Columns {@code [j0, j1)} of C: {@code C[:, j0:j1] (=|+=) op(A) op(B)[:, j0:j1]}. */
    GemmView cols(int j0, int j1) {
        return new GemmView(m, j1 - j0, k, a, aOff, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                c, cOff + j0 * cCs, cRs, cCs, accumulate);
    }

    /** {@code 2 m n k}, the floating-point operations of the product. */
    double flops() {
        return 2.0 * m * n * k;
    }
}

package dev.autoencoders.kernels;

/**
 * One GEMM problem {@code C (m x n) (=|+=) op(A) (m x k) op(B) (k x n)} as three strided matrices, so that
 * transposes, sub-blocks of C and the transposed problem are all the same kind of object:
 * <pre>
 *   op(A)[i][p] = a[aOff + i * aRs + p * aCs]
 *   op(B)[p][j] = b[bOff + p * bRs + j * bCs]            (strided: bRows == null)
 *   op(B)[p][j] = b[bOff + bRows[p] + bCols[j]]          (gathered: an unfolded image, {@link GatherConv})
 *   C[i][j]     = c[cOff + i * cRs + j * cCs]
 * </pre>
 * ({@code Rs} = row stride, {@code Cs} = column stride.) A row-major A used as is has {@code aRs = k, aCs = 1};
 * used transposed (stored {@code k x m}) it has {@code aRs = 1, aCs = m}. A gathered op(B) is never stored: the
 * kernels read it only while packing it ({@link Packing#packB}), and a problem with one is not transposed.
 */
record GemmView(int m, int n, int k,
                double[] a, int aOff, int aRs, int aCs,
                double[] b, int bOff, int bRs, int bCs, int[] bRows, int[] bCols,
                double[] c, int cOff, int cRs, int cCs,
                boolean accumulate) {

    /** The arguments of {@link Gemm#gemm} as a view (row-major storage, see there). */
    static GemmView of(boolean transA, boolean transB, int m, int n, int k,
                       double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        return new GemmView(m, n, k,
                a, aOff, transA ? 1 : k, transA ? m : 1,
                b, bOff, transB ? 1 : n, transB ? k : 1, null, null,
                c, cOff, n, 1, accumulate);
    }

    /**
     * {@code C (m x n) (=|+=) A (m x k, row-major at aOff) op(B)} with the gathered
     * {@code op(B)[p][j] = b[bOff + bRows[p] + bCols[j]]} ({@code bRows.length = k, bCols.length = n}) and a
     * row-major C.
     */
    static GemmView gathered(int m, double[] a, int aOff, double[] b, int bOff, int[] bRows, int[] bCols, double[] c, int cOff, boolean accumulate) {
        int n = bCols.length, k = bRows.length;
        return new GemmView(m, n, k, a, aOff, k, 1, b, bOff, 0, 0, bRows, bCols, c, cOff, n, 1, accumulate);
    }

    /** Whether op(B) is gathered through index tables rather than strided. */
    boolean isGathered() {
        return bRows != null;
    }

    /** op(A)[i][p]. */
    double a(int i, int p) {
        return a[aOff + i * aRs + p * aCs];
    }

    /** op(B)[p][j]. */
    double b(int p, int j) {
        return bRows != null ? b[bOff + bRows[p] + bCols[j]] : b[bOff + p * bRs + j * bCs];
    }

    /** The index of C[i][j] in {@code c}. */
    int cIndex(int i, int j) {
        return cOff + i * cRs + j * cCs;
    }

    /** The same products as the transposed problem {@code C^T (n x m) (=|+=) op(B)^T op(A)^T}. */
    GemmView transposed() {
        if (bRows != null) throw new IllegalStateException("a gathered op(B) (" + k + " x " + n + ") cannot become op(A)");
        return new GemmView(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, null, null, c, cOff, cCs, cRs, accumulate);
    }

    /** Rows {@code [i0, i1)} of C: {@code C[i0:i1, :] (=|+=) op(A)[i0:i1, :] op(B)}. */
    GemmView rows(int i0, int i1) {
        return new GemmView(i1 - i0, n, k, a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs, bRows, bCols,
                c, cOff + i0 * cRs, cRs, cCs, accumulate);
    }

    /** Columns {@code [j0, j1)} of C: {@code C[:, j0:j1] (=|+=) op(A) op(B)[:, j0:j1]}. */
    GemmView cols(int j0, int j1) {
        int[] cols = bCols == null ? null : java.util.Arrays.copyOfRange(bCols, j0, j1);
        return new GemmView(m, j1 - j0, k, a, aOff, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs, bRows, cols,
                c, cOff + j0 * cCs, cRs, cCs, accumulate);
    }

    /** {@code 2 m n k}, the floating-point operations of the product. */
    double flops() {
        return 2.0 * m * n * k;
    }
}

package dev.autoencoders.kernels;

/**
 * A GEMM implementation behind {@link Gemm#gemm}: computes one {@link GemmView} (or a row or column range of it,
 * given to it by {@link Gemm} as a smaller view), in the order fixed by {@link SumOrder}.
 */
interface GemmKernel {
    /** Rows of C in one micro-tile; thread ranges of rows are multiples of it. */
    int tileRows();

    /** Columns of C in one micro-tile; thread ranges of columns are multiples of it. */
    int tileCols();

    /**
     * The problem or its transpose ({@link GemmView#transposed()}), whichever this kernel computes faster; the
     * bits of C are the same either way (see {@link SumOrder}).
     */
    default GemmView orient(GemmView g) {
        return g;
    }

    /** {@code C (=|+=) op(A) op(B)} for {@code m, n, k >= 1}. */
    void compute(GemmView g);
}

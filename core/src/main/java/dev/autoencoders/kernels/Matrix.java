package dev.autoencoders.kernels;

/**
 * A matrix stored row-major in part of a {@code double[]}, as an operand of {@link Gemm#multiply}: {@code rows x cols}
 * as used, starting at {@code offset}. A transposed view ({@link #t()}) reads the same storage as its transpose:
 * <pre>
 *   M[i][j] = data[offset + i * cols + j]          (transposed == false)
 *   M[i][j] = data[offset + j * rows + i]          (transposed == true: the stored matrix is cols x rows)
 * </pre>
 * so that a product reads as its formula, {@code dA += dY B^T} being
 * {@code Gemm.multiply(dA, dY, B.t(), true)}, and nothing is copied.
 */
public record Matrix(double[] data, int offset, int rows, int cols, boolean transposed) {

    /** The {@code rows x cols} matrix stored row-major at {@code data[offset ..]}. */
    public static Matrix of(double[] data, int offset, int rows, int cols) {
        return new Matrix(data, offset, rows, cols, false);
    }

    /** The {@code rows x cols} matrix stored row-major from the start of {@code data}. */
    public static Matrix of(double[] data, int rows, int cols) {
        return of(data, 0, rows, cols);
    }

    /** The transpose, {@code M^T[i][j] = M[j][i]}: the same storage read the other way. */
    public Matrix t() {
        return new Matrix(data, offset, cols, rows, !transposed);
    }

    @Override
    public String toString() {
        return rows + " x " + cols + (transposed ? " (transposed)" : "");
    }
}

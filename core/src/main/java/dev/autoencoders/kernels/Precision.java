package dev.autoencoders.kernels;

import java.util.Objects;

/**
 * The arithmetic of {@link Gemm#gemm}, a global setting like PyTorch's
 * {@code torch.set_float32_matmul_precision}. The default is {@link #DOUBLE}: gradient checks and property
 * tests need it. {@link #FLOAT32} trades about 8 significant digits of every matrix product for twice the
 * SIMD lanes; it is meant for training runs ({@code --precision float32-matmul}).
 */
public enum Precision {
    /** Double operands, double sums: {@code C = op(A) op(B)} to within {@code k} double roundings. */
    DOUBLE,
    /**
     * Operands rounded to float, products summed in float in blocks of at most
     * {@value SumOrder#MAX_BLOCK_FLOAT} terms, block sums added to the double C in double.
     */
    FLOAT32;

    private static volatile Precision matmul = DOUBLE;

    /** Sets the precision of every later {@link Gemm#gemm} call (in all threads). */
    public static void setMatmul(Precision precision) {
        matmul = Objects.requireNonNull(precision, "matmul precision");
    }

    /** The current matmul precision ({@link #DOUBLE} unless {@link #setMatmul} changed it). */
    public static Precision matmul() {
        return matmul;
    }
}

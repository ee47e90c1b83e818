package dev.autoencoders.kernels;

/**
 * Rounding-error bounds (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., ch. 3) for comparing
 * two ways of computing {@code C_ij = C0_ij + sum_p a_ip b_pj}. With {@code S = |C0_ij| + sum_p |a_ip b_pj|}:
 * <ul>
 *   <li>{@link Gemm#reference}: each term passes through at most k + 1 roundings (its product and the
 *       additions after it), so its error is at most {@code gamma_(k+1) S}, {@code gamma_n = n u / (1 - n u)};</li>
 *   <li>the fast kernels ({@link SumOrder}): a term passes through at most kc fmas of its block and the
 *       {@code blocks} additions into C, so at most {@code gamma_(k + blocks) S}.</li>
 * </ul>
 * Hence {@code |fast - reference| <= (gamma_(k+1) + gamma_(k+blocks)) S}.
 */
final class ErrorBounds {
    private ErrorBounds() {}

    /** Unit roundoff of double, 2^-53. */
    static final double U_DOUBLE = 0x1p-53;
    /** Unit roundoff of float, 2^-24. */
    static final double U_FLOAT = 0x1p-24;

    static double gamma(int n, double u) {
        return n * u / (1 - n * u);
    }

    /** Number of k blocks of {@link SumOrder}. */
    static int blocks(int k, int maxBlock) {
        int kc = SumOrder.blockLength(k, maxBlock);
        return (k + kc - 1) / kc;
    }

    /** Relative bound on |double fast kernel - reference|, times S. */
    static double doubleVsReference(int k) {
        return gamma(k + 1, U_DOUBLE) + gamma(k + blocks(k, SumOrder.MAX_BLOCK_DOUBLE), U_DOUBLE);
    }

    /**
     * Relative bound on |float32 kernel - reference|, times S. Rounding a and b to float changes each product by a
     * factor within {@code (1 +- u_f)^2}; the float fma chain of a block (at most kc terms) adds
     * {@code gamma_kc(u_f)}; the double additions of the block sums into C add {@code gamma_(blocks+1)(u_d)}; so the
     * float32 result is within {@code ((1 + u_f)^2 (1 + gamma_kc(u_f)) (1 + gamma_(blocks+1)(u_d)) - 1) S} of the
     * exact value, and the reference within {@code gamma_(k+1)(u_d) S}.
     */
    static double float32VsReference(int k) {
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_FLOAT), blocks = blocks(k, SumOrder.MAX_BLOCK_FLOAT);
        double fast = (1 + U_FLOAT) * (1 + U_FLOAT) * (1 + gamma(kc, U_FLOAT)) * (1 + gamma(blocks + 1, U_DOUBLE)) - 1;
        return fast + gamma(k + 1, U_DOUBLE);
    }
}

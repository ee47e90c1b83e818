package dev.autoencoders.kernels;

/**
 * The order in which every fast GEMM kernel ({@link ScalarGemm}, {@link VectorGemm}, {@link VectorGemmFloat})
 * adds up {@code C[i][j] (+)= sum_p op(A)[i][p] op(B)[p][j]}, on any number of threads.
 *
 * <p>The k axis is cut into blocks {@code [0, kc), [kc, 2 kc), ...} whose length {@code kc} depends on k only
 * ({@link #blockLength}). Within a block, one accumulator starts at 0 and takes the products in increasing p,
 * each with one fused multiply-add (one rounding per product and sum):
 * <pre>
 *   s_b = fma(a[i][p_last], b[p_last][j], ... fma(a[i][p_0 + 1], b[p_0 + 1][j], fma(a[i][p_0], b[p_0][j], 0)))
 *   C[i][j] = s_0                              (overwrite: the first block stores its sum)
 *   C[i][j] = C[i][j] + s_b                    (later blocks, and every block when accumulating)
 * </pre>
 * A SIMD lane does exactly these operations for its own (i, j): a vector fma is one correctly rounded
 * {@code a * b + c} per lane, the same as {@link Math#fma}. So the result of element (i, j) depends on
 * the numbers in row i of op(A), column j of op(B) and the old C[i][j], never on which tile, which thread or
 * which kernel computed it. This is why splitting C into row or column ranges between threads gives bit-identical
 * results for any thread count, and why the scalar fallback gives the same bits as the vector kernel.
 * (The k sum itself is never split between threads.)
 *
 * <p>With {@link Precision#FLOAT32} the operands are rounded to float, the block sums {@code s_b} are float
 * (float fma), and each block sum is added to the double C in double.
 */
final class SumOrder {
    private SumOrder() {}

    /** Longest k block in double: a packed 256 x 16 panel of B is 32 KB and stays in the 48 KB L1 cache. */
    static final int MAX_BLOCK_DOUBLE = 256;
    /** Longest k block in float32 mode: a packed 256 x 32 panel of floats is 32 KB too (512 would be 64 KB and miss L1). */
    static final int MAX_BLOCK_FLOAT = 256;

    /**
     * The block length for a sum of {@code k} terms: the k axis is cut into {@code ceil(k / maxBlock)} blocks of
     * nearly equal length (k = 784, maxBlock = 256: four blocks of 196, not 256 + 256 + 256 + 16); the last block
     * is the remainder, shorter or equal.
     */
    static int blockLength(int k, int maxBlock) {
        int blocks = Math.max(1, (k + maxBlock - 1) / maxBlock);
        return (k + blocks - 1) / blocks;
    }
}

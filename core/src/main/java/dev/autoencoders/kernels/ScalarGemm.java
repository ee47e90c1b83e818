package dev.autoencoders.kernels;

import java.util.Arrays;

/**
 * The plain-Java GEMM, used when the {@code jdk.incubator.vector} module is absent (or when
 * {@link GemmBackend#SCALAR} is chosen): {@link SumOrder} written out one row of C at a time, so it gives the
 * same bits as the vector kernels.
 *
 * <p>op(B) is first copied into a row-major {@code k x n} array (rounded to float in float32 mode). Then for each
 * row i and each k block it keeps the block sums of the whole row, {@code s[j]}, and adds
 * {@code op(A)[i][p] * op(B)[p][j]} for increasing p with {@link Math#fma}; the inner loop runs over j. About
 * as fast as {@link Gemm#reference}.
 */
final class ScalarGemm implements GemmKernel {
    /** Double operands and sums. */
    static final ScalarGemm DOUBLE = new ScalarGemm(false);
    /** {@link Precision#FLOAT32}: float operands and block sums, double C. */
    static final ScalarGemm FLOAT32 = new ScalarGemm(true);

    private final boolean float32;

    private ScalarGemm(boolean float32) {
        this.float32 = float32;
    }

    @Override
    public int tileRows() {
        return 1;
    }

    @Override
    public int tileCols() {
        return 1;
    }

    @Override
    public void compute(GemmView g) {
        if (float32) computeFloat(g);
        else computeDouble(g);
    }

    private static void computeDouble(GemmView g) {
        int n = g.n(), k = g.k();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_DOUBLE);
        double[] b = rowMajorB(g), c = g.c();
        double[] s = new double[n];
        for (int i = 0; i < g.m(); i++) {
            for (int p0 = 0; p0 < k; p0 += kc) {
                Arrays.fill(s, 0.0);
                for (int p = p0; p < Math.min(k, p0 + kc); p++) {
                    double aip = g.a(i, p);
                    // s_j = fma(a_ip, b_pj, s_j)
                    for (int j = 0, bp = p * n; j < n; j++) s[j] = Math.fma(aip, b[bp + j], s[j]);
                }
                boolean first = p0 == 0 && !g.accumulate();
                for (int j = 0; j < n; j++) {
                    int cij = g.cIndex(i, j);
                    // C_ij = s_j (first block, overwriting) or C_ij + s_j
                    c[cij] = first ? s[j] : c[cij] + s[j];
                }
            }
        }
    }

    private static void computeFloat(GemmView g) {
        int n = g.n(), k = g.k();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_FLOAT);
        double[] rows = rowMajorB(g), c = g.c();
        float[] b = new float[k * n];
        for (int x = 0; x < b.length; x++) b[x] = (float) rows[x];
        float[] s = new float[n];
        for (int i = 0; i < g.m(); i++) {
            for (int p0 = 0; p0 < k; p0 += kc) {
                Arrays.fill(s, 0f);
                for (int p = p0; p < Math.min(k, p0 + kc); p++) {
                    float aip = (float) g.a(i, p);
                    // s_j = fma(float(a_ip), float(b_pj), s_j) in float
                    for (int j = 0, bp = p * n; j < n; j++) s[j] = Math.fma(aip, b[bp + j], s[j]);
                }
                boolean first = p0 == 0 && !g.accumulate();
                for (int j = 0; j < n; j++) {
                    int cij = g.cIndex(i, j);
                    // C_ij = s_j (first block, overwriting) or C_ij + s_j, in double
                    c[cij] = first ? (double) s[j] : c[cij] + (double) s[j];
                }
            }
        }
    }

    /** op(B) as a row-major {@code k x n} array, so that the inner loop over j reads consecutive values. */
    private static double[] rowMajorB(GemmView g) {
        int n = g.n(), k = g.k();
        double[] rows = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) rows[p * n + j] = g.b(p, j);
        }
        return rows;
    }
}

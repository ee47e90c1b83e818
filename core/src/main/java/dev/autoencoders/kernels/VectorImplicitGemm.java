package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double micro-kernels of {@link ImplicitConv}: a GEMM whose A operand is never formed. Row r of A is read
 * from a flat array through two offset tables, {@code A[r][p] = src[rowBase[r] + kOff[p]]}, so a convolution's
 * unfolded matrix is addressed in place in the zero-bordered image. For rows {@code [r0, r1)}:
 * <pre>
 *   C[r][j] (=|+=) sum_p src[rowBase[r] + kOff[p]] * bp[p*nb + j]      (j < n;  + bias[j] at the end if given)
 *   C[r][j] lives at c[cRow[r] + j*cCol]
 * </pre>
 * Sums follow {@link SumOrder}: k cut into blocks of {@link SumOrder#blockLength}, a block sum per (r, j) by fused
 * multiply-adds in increasing p, block sums added to C. A tile is 8 rows by one or two vectors of columns, and B
 * ({@code bp}, k x nb with nb a multiple of the lane count, zero beyond n) is read a row per step. Each row of A is
 * one broadcast per step, so a tile of one vector does as many loads as multiply-adds: the kernel pays off where
 * there is no unfolded matrix to write, read and pack instead, on small layers.
 */
final class VectorImplicitGemm {
    private VectorImplicitGemm() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Values per vector. */
    static final int LANES = S.length();
    /** Rows per tile. */
    static final int MR = 8;

    private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[MR * 2 * LANES]);

    static void compute(int k, int n, double[] src, int[] rowBase, int[] kOff, double[] bp, int nb,
                        double[] c, int[] cRow, int cCol, double[] bias, boolean accumulate, int r0, int r1) {
        double[] tile = TILE.get();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_DOUBLE);
        int[] base = new int[MR];
        for (int r = r0; r < r1; r += MR) {
            int rows = Math.min(MR, r1 - r);
            // rows past r1 read row r (valid addresses) and are not stored
            for (int i = 0; i < MR; i++) base[i] = rowBase[i < rows ? r + i : r];
            for (int j = 0; j < n; j += 2 * LANES) {
                int vectors = n - j > LANES ? 2 : 1;
                // at least one block, so that k = 0 (every tap masked) still stores 0 (+ bias)
                for (int pc = 0; pc < Math.max(k, 1); pc += Math.max(kc, 1)) {
                    int pe = Math.min(k, pc + kc);
                    if (vectors == 2) tile2(src, base, kOff, pc, pe, bp, nb, j, tile);
                    else tile1(src, base, kOff, pc, pe, bp, nb, j, tile);
                    boolean first = pc == 0 && !accumulate, last = pe == k;
                    store(tile, vectors * LANES, c, cRow, cCol, r, rows, j, Math.min(n - j, vectors * LANES), first, last ? bias : null);
                }
            }
        }
    }

    /** {@code C[r + i][j0 + jj] = t (first block) or C + t, then + bias[j0 + jj]} for the tile's valid part. */
    private static void store(double[] tile, int width, double[] c, int[] cRow, int cCol, int r, int rows, int j0, int cols,
                              boolean first, double[] bias) {
        for (int i = 0; i < rows; i++) {
            int at = cRow[r + i] + j0 * cCol;
            for (int jj = 0; jj < cols; jj++, at += cCol) {
                double v = first ? tile[i * width + jj] : c[at] + tile[i * width + jj];
                c[at] = bias == null ? v : v + bias[j0 + jj];
            }
        }
    }

    /** 8 rows by two vectors of columns: 16 accumulators, over steps {@code [pc, pe)}. */
    private static void tile2(double[] src, int[] base, int[] kOff, int pc, int pe, double[] bp, int nb, int j, double[] tile) {
        int b0 = base[0], b1 = base[1], b2 = base[2], b3 = base[3], b4 = base[4], b5 = base[5], b6 = base[6], b7 = base[7];
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S), c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S), c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        for (int p = pc, bi = pc * nb + j; p < pe; p++, bi += nb) {
            int o = kOff[p];
            DoubleVector w0 = DoubleVector.fromArray(S, bp, bi), w1 = DoubleVector.fromArray(S, bp, bi + LANES);
            DoubleVector a;
            // c_i = fma(A[r + i][p], B[p], c_i) for the 8 rows
            a = DoubleVector.broadcast(S, src[b0 + o]); c00 = a.fma(w0, c00); c01 = a.fma(w1, c01);
            a = DoubleVector.broadcast(S, src[b1 + o]); c10 = a.fma(w0, c10); c11 = a.fma(w1, c11);
            a = DoubleVector.broadcast(S, src[b2 + o]); c20 = a.fma(w0, c20); c21 = a.fma(w1, c21);
            a = DoubleVector.broadcast(S, src[b3 + o]); c30 = a.fma(w0, c30); c31 = a.fma(w1, c31);
            a = DoubleVector.broadcast(S, src[b4 + o]); c40 = a.fma(w0, c40); c41 = a.fma(w1, c41);
            a = DoubleVector.broadcast(S, src[b5 + o]); c50 = a.fma(w0, c50); c51 = a.fma(w1, c51);
            a = DoubleVector.broadcast(S, src[b6 + o]); c60 = a.fma(w0, c60); c61 = a.fma(w1, c61);
            a = DoubleVector.broadcast(S, src[b7 + o]); c70 = a.fma(w0, c70); c71 = a.fma(w1, c71);
        }
        int w = 2 * LANES;
        c00.intoArray(tile, 0);     c01.intoArray(tile, LANES);
        c10.intoArray(tile, w);     c11.intoArray(tile, w + LANES);
        c20.intoArray(tile, 2 * w); c21.intoArray(tile, 2 * w + LANES);
        c30.intoArray(tile, 3 * w); c31.intoArray(tile, 3 * w + LANES);
        c40.intoArray(tile, 4 * w); c41.intoArray(tile, 4 * w + LANES);
        c50.intoArray(tile, 5 * w); c51.intoArray(tile, 5 * w + LANES);
        c60.intoArray(tile, 6 * w); c61.intoArray(tile, 6 * w + LANES);
        c70.intoArray(tile, 7 * w); c71.intoArray(tile, 7 * w + LANES);
    }

    /** 8 rows by one vector of columns: 8 accumulators. */
    private static void tile1(double[] src, int[] base, int[] kOff, int pc, int pe, double[] bp, int nb, int j, double[] tile) {
        int b0 = base[0], b1 = base[1], b2 = base[2], b3 = base[3], b4 = base[4], b5 = base[5], b6 = base[6], b7 = base[7];
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        DoubleVector c4 = DoubleVector.zero(S), c5 = DoubleVector.zero(S), c6 = DoubleVector.zero(S), c7 = DoubleVector.zero(S);
        for (int p = pc, bi = pc * nb + j; p < pe; p++, bi += nb) {
            int o = kOff[p];
            DoubleVector w0 = DoubleVector.fromArray(S, bp, bi);
            c0 = DoubleVector.broadcast(S, src[b0 + o]).fma(w0, c0);
            c1 = DoubleVector.broadcast(S, src[b1 + o]).fma(w0, c1);
            c2 = DoubleVector.broadcast(S, src[b2 + o]).fma(w0, c2);
            c3 = DoubleVector.broadcast(S, src[b3 + o]).fma(w0, c3);
            c4 = DoubleVector.broadcast(S, src[b4 + o]).fma(w0, c4);
            c5 = DoubleVector.broadcast(S, src[b5 + o]).fma(w0, c5);
            c6 = DoubleVector.broadcast(S, src[b6 + o]).fma(w0, c6);
            c7 = DoubleVector.broadcast(S, src[b7 + o]).fma(w0, c7);
        }
        c0.intoArray(tile, 0);         c1.intoArray(tile, LANES);
        c2.intoArray(tile, 2 * LANES); c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES); c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES); c7.intoArray(tile, 7 * LANES);
    }
}

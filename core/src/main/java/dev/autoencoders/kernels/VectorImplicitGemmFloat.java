package dev.autoencoders.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorImplicitGemm} with {@link Precision#FLOAT32}: the operands {@code src} and {@code bp} were rounded to
 * float by the caller, each block sum is a float (float fma), and block sums are added to the double C in double.
 */
final class VectorImplicitGemmFloat {
    private VectorImplicitGemmFloat() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Values per vector. */
    static final int LANES = S.length();
    /** Rows per tile. */
    static final int MR = 8;

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * 2 * LANES]);

    static void compute(int k, int n, float[] src, int[] rowBase, int[] kOff, float[] bp, int nb,
                        double[] c, int[] cRow, int cCol, double[] bias, boolean accumulate, int r0, int r1) {
        float[] tile = TILE.get();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_FLOAT);
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
    private static void store(float[] tile, int width, double[] c, int[] cRow, int cCol, int r, int rows, int j0, int cols,
                              boolean first, double[] bias) {
        for (int i = 0; i < rows; i++) {
            int at = cRow[r + i] + j0 * cCol;
            for (int jj = 0; jj < cols; jj++, at += cCol) {
                double t = tile[i * width + jj], v = first ? t : c[at] + t;
                c[at] = bias == null ? v : v + bias[j0 + jj];
            }
        }
    }

    /** 8 rows by two vectors of columns: 16 accumulators, over steps {@code [pc, pe)}. */
    private static void tile2(float[] src, int[] base, int[] kOff, int pc, int pe, float[] bp, int nb, int j, float[] tile) {
        int b0 = base[0], b1 = base[1], b2 = base[2], b3 = base[3], b4 = base[4], b5 = base[5], b6 = base[6], b7 = base[7];
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = pc, bi = pc * nb + j; p < pe; p++, bi += nb) {
            int o = kOff[p];
            FloatVector w0 = FloatVector.fromArray(S, bp, bi), w1 = FloatVector.fromArray(S, bp, bi + LANES);
            FloatVector a;
            // c_i = fma(A[r + i][p], B[p], c_i) for the 8 rows
            a = FloatVector.broadcast(S, src[b0 + o]); c00 = a.fma(w0, c00); c01 = a.fma(w1, c01);
            a = FloatVector.broadcast(S, src[b1 + o]); c10 = a.fma(w0, c10); c11 = a.fma(w1, c11);
            a = FloatVector.broadcast(S, src[b2 + o]); c20 = a.fma(w0, c20); c21 = a.fma(w1, c21);
            a = FloatVector.broadcast(S, src[b3 + o]); c30 = a.fma(w0, c30); c31 = a.fma(w1, c31);
            a = FloatVector.broadcast(S, src[b4 + o]); c40 = a.fma(w0, c40); c41 = a.fma(w1, c41);
            a = FloatVector.broadcast(S, src[b5 + o]); c50 = a.fma(w0, c50); c51 = a.fma(w1, c51);
            a = FloatVector.broadcast(S, src[b6 + o]); c60 = a.fma(w0, c60); c61 = a.fma(w1, c61);
            a = FloatVector.broadcast(S, src[b7 + o]); c70 = a.fma(w0, c70); c71 = a.fma(w1, c71);
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
    private static void tile1(float[] src, int[] base, int[] kOff, int pc, int pe, float[] bp, int nb, int j, float[] tile) {
        int b0 = base[0], b1 = base[1], b2 = base[2], b3 = base[3], b4 = base[4], b5 = base[5], b6 = base[6], b7 = base[7];
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = pc, bi = pc * nb + j; p < pe; p++, bi += nb) {
            int o = kOff[p];
            FloatVector w0 = FloatVector.fromArray(S, bp, bi);
            c0 = FloatVector.broadcast(S, src[b0 + o]).fma(w0, c0);
            c1 = FloatVector.broadcast(S, src[b1 + o]).fma(w0, c1);
            c2 = FloatVector.broadcast(S, src[b2 + o]).fma(w0, c2);
            c3 = FloatVector.broadcast(S, src[b3 + o]).fma(w0, c3);
            c4 = FloatVector.broadcast(S, src[b4 + o]).fma(w0, c4);
            c5 = FloatVector.broadcast(S, src[b5 + o]).fma(w0, c5);
            c6 = FloatVector.broadcast(S, src[b6 + o]).fma(w0, c6);
            c7 = FloatVector.broadcast(S, src[b7 + o]).fma(w0, c7);
        }
        c0.intoArray(tile, 0);         c1.intoArray(tile, LANES);
        c2.intoArray(tile, 2 * LANES); c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES); c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES); c7.intoArray(tile, 7 * LANES);
    }
}

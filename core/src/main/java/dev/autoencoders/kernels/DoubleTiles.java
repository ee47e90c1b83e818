package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link VectorGemm}: one {@code rows x NR} tile of C from a panel of op(A) and a packed panel
 * of op(B), in registers, then stored. Two tile heights (8 rows with 32 vector registers, 6 with 16:
 * {@link RegisterFile}) times two ways of reading op(A): where it is ({@link #microKernel8}, a row stride that is a
 * variable) or packed ({@link #packedKernel8}, fixed offsets, no bounds checks in the loop). The four are copies with
 * small changes on purpose: a tile's accumulators stay in registers only as named locals of one unrolled loop.
 * Every lane follows {@link SumOrder}: the same bits from any kernel, tile or thread.
 */
final class DoubleTiles {
    private DoubleTiles() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /** Columns of a tile: two vectors ({@link VectorGemm#NR}). */
    private static final int NR = VectorGemm.NR;

    /**
     * One tile: {@code C[i0 .. i0+mr, j0 .. j0+nr] (=|+=) sum_p a_p (x) b_p} over {@code kc} steps, where
     * {@code a_p[i] = ap[ai + i * ars + p * aps]} (row i of the A panel, here op(A) where it is: {@code ars = aRs,
     * aps = 1}) and {@code b_p = bp[bi + p * NR ..]} (row p of the packed B panel).
     */
    static void microKernel8(int kc, double[] ap, int ai, int ars, int aps, double[] bp, int bi, GemmView g, int i0, int j0,
            int mr, int nr, boolean overwrite, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        int o1 = ars, o2 = 2 * ars, o3 = 3 * ars, o4 = 4 * ars, o5 = 5 * ars, o6 = 6 * ars, o7 = 7 * ars;
        for (int p = 0; p < kc; p++, ai += aps, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + LANES);
            DoubleVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 8 rows of the tile
            a = DoubleVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + o1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + o2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + o3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ai + o4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ai + o5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = DoubleVector.broadcast(S, ap[ai + o6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = DoubleVector.broadcast(S, ap[ai + o7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        // the tile leaves the registers through a buffer: a helper taking 16 vectors would not be inlined
        c00.intoArray(tile, 0);      c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);     c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + LANES);
        c60.intoArray(tile, 6 * NR); c61.intoArray(tile, 6 * NR + LANES);
        c70.intoArray(tile, 7 * NR); c71.intoArray(tile, 7 * NR + LANES);
        store(tile, g, i0, j0, mr, nr, overwrite);
    }

    /** {@link #microKernel8} with 6 rows: 12 accumulators, for a machine with 16 vector registers. */
    static void microKernel6(int kc, double[] ap, int ai, int ars, int aps, double[] bp, int bi, GemmView g, int i0, int j0,
            int mr, int nr, boolean overwrite, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        int o1 = ars, o2 = 2 * ars, o3 = 3 * ars, o4 = 4 * ars, o5 = 5 * ars;
        for (int p = 0; p < kc; p++, ai += aps, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + LANES);
            DoubleVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 6 rows of the tile
            a = DoubleVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + o1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + o2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + o3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ai + o4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ai + o5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        // the tile leaves the registers through a buffer: a helper taking 12 vectors would not be inlined
        c00.intoArray(tile, 0);      c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);     c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + LANES);
        store(tile, g, i0, j0, mr, nr, overwrite);
    }

    /**
     * {@link #microKernel8} on a packed panel of A, {@code a_p[i] = ap[ai + 8 p + i]}: the same operations in the
     * same order, with offsets the JIT can prove in bounds before the loop.
     */
    static void packedKernel8(int kc, double[] ap, int ai, double[] bp, int bi, GemmView g, int i0, int j0,
            int mr, int nr, boolean overwrite, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++, ai += 8, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + LANES);
            DoubleVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 8 rows of the tile
            a = DoubleVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = DoubleVector.broadcast(S, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = DoubleVector.broadcast(S, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        // the tile leaves the registers through a buffer: a helper taking 16 vectors would not be inlined
        c00.intoArray(tile, 0);      c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);     c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + LANES);
        c60.intoArray(tile, 6 * NR); c61.intoArray(tile, 6 * NR + LANES);
        c70.intoArray(tile, 7 * NR); c71.intoArray(tile, 7 * NR + LANES);
        store(tile, g, i0, j0, mr, nr, overwrite);
    }

    /** {@link #packedKernel8} with 6 rows, {@code a_p[i] = ap[ai + 6 p + i]}. */
    static void packedKernel6(int kc, double[] ap, int ai, double[] bp, int bi, GemmView g, int i0, int j0,
            int mr, int nr, boolean overwrite, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++, ai += 6, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + LANES);
            DoubleVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 6 rows of the tile
            a = DoubleVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        // the tile leaves the registers through a buffer: a helper taking 12 vectors would not be inlined
        c00.intoArray(tile, 0);      c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);     c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + LANES);
        store(tile, g, i0, j0, mr, nr, overwrite);
    }

    /** {@code C[i0 + i][j0 + j] = tile[i][j]} (overwrite) or {@code C[i0 + i][j0 + j] + tile[i][j]}, valid part only. */
    private static void store(double[] tile, GemmView g, int i0, int j0, int mr, int nr, boolean overwrite) {
        double[] c = g.c();
        if (nr == NR && g.cCs() == 1) {
            // whole rows of the tile into row-major C, two vectors per row
            for (int i = 0, r = g.cIndex(i0, j0); i < mr; i++, r += g.cRs()) {
                for (int v = 0; v < NR; v += LANES) {
                    DoubleVector t = DoubleVector.fromArray(S, tile, i * NR + v);
                    if (!overwrite) t = DoubleVector.fromArray(S, c, r + v).add(t);
                    t.intoArray(c, r + v);
                }
            }
            return;
        }
        // a right edge tile or a transposed C: element by element
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                int cij = g.cIndex(i0 + i, j0 + j);
                c[cij] = overwrite ? tile[i * NR + j] : c[cij] + tile[i * NR + j];
            }
        }
    }
}

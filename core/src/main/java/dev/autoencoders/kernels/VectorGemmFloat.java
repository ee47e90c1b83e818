package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Precision#FLOAT32} GEMM: {@link VectorGemm}'s blocking and micro-kernel on float vectors
 * (16 lanes with AVX-512, so a tile of 8 x 32), operands rounded to float while packing, block sums in float
 * and added to the double C in double ({@link SumOrder}).
 *
 * <pre>
 *               NR = 2 vectors of 16 floats
 *               +-----+-----+
 *   A panel:    | c00 | c01 |  row 0     per step p (in float):
 *   MR = 8 rows | ... | ... |              c_i0 = fma(a_ip, b_lo, c_i0),  c_i1 = fma(a_ip, b_hi, c_i1)
 *               | c70 | c71 |  row 7     after the k block: C_ij = (double) c_ij  or  C_ij + (double) c_ij
 *               +-----+-----+
 * </pre>
 * Unlike the double kernel, both operands are packed, A into row panels of {@code MR} floats per step: the
 * rounding to float is done once per value there, not once per use inside the micro-kernel, where every
 * multiply-add would wait for a conversion. With 16 vector registers (x86 without AVX-512) the tile has 6 rows ({@link RegisterFile}),
 * as in {@link VectorGemm}.
 */
final class VectorGemmFloat implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /** Doubles in a vector of the same size, and floats in a vector of half the size: as many lanes. */
    private static final VectorSpecies<Double> WIDE = VectorSpecies.of(double.class, VectorShape.forBitSize(S.vectorBitSize()));
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int WIDE_LANES = WIDE.length();
    /** Rows of the micro-tile on this machine ({@link RegisterFile#tileRows()}): 8, or 6 with 16 vector registers. */
    static final int MR = RegisterFile.tileRows();
    /** The largest tile: 8 rows. */
    private static final int MAX_ROWS = 8;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * LANES;
    /** Rows of op(A) packed at once: MC x kc floats (at most 256 KB) for the L2 cache. */
    private static final int MC = 128;
    /** Columns of op(B) packed at once. */
    private static final int NC = 2048;

    /** Buffers of the calling thread (A block, B block, tile), grown on demand and reused. */
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        float[] a = new float[0], b = new float[0];
        final float[] tile = new float[MAX_ROWS * NR];
    }

    /** Rows of this kernel's micro-tile: 8 or 6. */
    private final int rows;
    /** Rows of op(A) per packed block: MC rounded down to whole panels (128 or 126), so that no block ends in a padded panel. */
    private final int blockRows;

    /** The kernel with this machine's tile, {@link #MR} rows. */
    VectorGemmFloat() {
        this(MR);
    }

    /** A kernel with a micro-tile of {@code rows} = 8 or 6 rows (any machine computes either, at different speeds). */
    VectorGemmFloat(int rows) {
        this.rows = RegisterFile.checkTileRows(rows);
        this.blockRows = MC / rows * rows;
    }

    @Override
    public int tileRows() {
        return rows;
    }

    @Override
    public int tileCols() {
        return NR;
    }

    @Override
    public GemmView orient(GemmView g) {
        return Orientation.cheaper(g, rows, NR, LANES, true, SumOrder.MAX_BLOCK_FLOAT);
    }

    @Override
    public void compute(GemmView g) {
        int m = g.m(), n = g.n(), k = g.k();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_FLOAT);
        Workspace ws = WORKSPACE.get();
        int aLength = Packing.packedLength(Math.min(m, blockRows), kc, rows), bLength = Packing.packedLength(Math.min(n, NC), kc, NR);
        if (ws.a.length < aLength) ws.a = new float[aLength];
        if (ws.b.length < bLength) ws.b = new float[bLength];
        float[] ap = ws.a, bp = ws.b;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                boolean overwrite = pc == 0 && !g.accumulate();
                VectorGather.packB(g, pc, kb, jc, nc, NR, bp);
                for (int ic = 0; ic < m; ic += blockRows) {
                    int mc = Math.min(blockRows, m - ic);
                    VectorGather.pack(g.a(), g.aOff() + ic * g.aRs() + pc * g.aCs(), g.aRs(), g.aCs(), mc, kb, rows, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += rows) {
                            microKernel(kb, ap, ir * kb, bp, jr * kb, g, ic + ir, jc + jr,
                                    Math.min(rows, mc - ir), Math.min(NR, nc - jr), overwrite, ws.tile);
                        }
                    }
                }
            }
        }
    }

    /** One tile with this kernel's {@link #rows}: {@link #microKernel8} or {@link #microKernel6}. */
    private void microKernel(int kc, float[] ap, int ai, float[] bp, int bi, GemmView g, int i0, int j0,
                             int mr, int nr, boolean overwrite, float[] tile) {
        if (rows == 8) microKernel8(kc, ap, ai, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
        else microKernel6(kc, ap, ai, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
    }

    /** One tile of 8 rows, as {@link VectorGemm}'s micro-kernel, in float. */
    private static void microKernel8(int kc, float[] ap, int ai, float[] bp, int bi, GemmView g, int i0, int j0,
                                    int mr, int nr, boolean overwrite, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += 8, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + LANES);
            FloatVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 8 rows of the tile
            a = FloatVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
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

    /** One tile of 6 rows, as {@link VectorGemm}'s micro-kernel, in float. */
    private static void microKernel6(int kc, float[] ap, int ai, float[] bp, int bi, GemmView g, int i0, int j0,
                                    int mr, int nr, boolean overwrite, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += 6, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + LANES);
            FloatVector a;
            // c_i = fma(a_ip, b_p, c_i) for the 6 rows of the tile
            a = FloatVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        c00.intoArray(tile, 0);      c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);     c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + LANES);
        store(tile, g, i0, j0, mr, nr, overwrite);
    }

    /** {@code C[i0 + i][j0 + j] = (double) tile[i][j]} (overwrite) or {@code C[i0 + i][j0 + j] + (double) tile[i][j]}. */
    private static void store(float[] tile, GemmView g, int i0, int j0, int mr, int nr, boolean overwrite) {
        double[] c = g.c();
        if (nr == NR && g.cCs() == 1) {
            // whole rows into row-major C: widen each half-vector of floats to a vector of doubles
            for (int i = 0, r = g.cIndex(i0, j0); i < mr; i++, r += g.cRs()) {
                for (int v = 0; v < NR; v += WIDE_LANES) {
                    DoubleVector t = (DoubleVector) FloatVector.fromArray(HALF, tile, i * NR + v).convertShape(VectorOperators.F2D, WIDE, 0);
                    if (!overwrite) t = DoubleVector.fromArray(WIDE, c, r + v).add(t);
                    t.intoArray(c, r + v);
                }
            }
            return;
        }
        // a right edge tile or a transposed C: element by element
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                int cij = g.cIndex(i0 + i, j0 + j);
                // C_ij = s_ij (overwrite) or C_ij + s_ij, in double
                c[cij] = overwrite ? (double) tile[i * NR + j] : c[cij] + (double) tile[i * NR + j];
            }
        }
    }
}

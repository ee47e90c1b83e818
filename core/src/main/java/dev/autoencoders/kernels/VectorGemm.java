package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double GEMM on {@code jdk.incubator.vector}: a packed B operand and a register-tiled micro-kernel, the
 * scheme of GotoBLAS and BLIS (Goto and van de Geijn 2008; Van Zee and van de Geijn 2015).
 *
 * <h2>Blocking</h2>
 * <pre>
 *   for jc in steps of NC over the columns of C            op(B) block kc x NC: packed, stays in L2/L3
 *     for pc in steps of kc over k (the SumOrder blocks)
 *       pack op(B)[pc.., jc..] into column panels kc x NR
 *       for ic in steps of MC over the rows of C           op(A) rows MC x kc: packed (n > 64) or in place, in L2
 *         for jr in steps of NR                            one B panel kc x NR: stays in L1
 *           for ir in steps of MR                          one A panel MR x kc: streams from L2
 *             micro-kernel: C[ir.., jc+jr..] (=|+=) A panel * B panel          MR x NR tile in registers
 *
 *                 NR = 2 vectors of 8 doubles
 *               +-----+-----+
 *   A panel:    | c00 | c01 |  row 0     per step p: load b_lo, b_hi (the B panel's row p),
 *   MR = 8 rows | c10 | c11 |  row 1       for each row i: broadcast a_ip,
 *   of op(A),   | ... | ... |              c_i0 = fma(a_ip, b_lo, c_i0),  c_i1 = fma(a_ip, b_hi, c_i1)
 *   kc steps    | c70 | c71 |  row 7
 *               +-----+-----+
 * </pre>
 * The micro-kernel keeps the 8 x 16 tile of C (with 8-lane AVX-512 vectors) in 16 vector registers, and per
 * step p does 2 vector loads, 8 scalar broadcasts and 16 fused multiply-adds. A machine with only 16 vector
 * registers (x86 without AVX-512) gets a tile of 6 rows instead, 12 accumulators ({@link RegisterFile}); the
 * rows of the tile are a field, {@link #rows}, so that tests run both tiles on any machine. op(B) is copied into panels
 * ({@link Packing}) because it is read as vectors. op(A) is only read one value at a time, and there are two kernels
 * for it:
 * <ul>
 *   <li>{@link DoubleTiles#packedKernel8}: op(A) packed in blocks of MC rows, panels of 8 rows interleaved ({@code ap[ai + i]},
 *   {@code ai += 8} per step). The offsets are constants, so the JIT proves every read in bounds before the loop
 *   and drops the checks of the 8 reads of A per step that the strided kernel keeps. Used when a panel of A serves
 *   enough panels of B ({@link #packAAbove}), and for an op(A) stored the other way (a transposed A): read in place,
 *   each step would jump {@code aCs} values, a new page every step.</li>
 *   <li>{@link DoubleTiles#microKernel8}: op(A) read where it is ({@code aCs = 1}, rows {@code aRs} apart). When n is small,
 *   each panel of A serves a few panels of B and packing it would cost as much as using it; only the last, short panel of {@code m mod 8} rows is packed and padded
 *   with zero rows.</li>
 * </ul>
 * Edge tiles use the same code; only the valid {@code mr x nr} part of a tile is stored.
 *
 * <p>Each lane follows {@link SumOrder} exactly (accumulators start at 0 for each k block, one fma per p in
 * increasing p, the block sum is stored or added to C), so every element gets the same bits as in
 * {@link ScalarGemm}, in any tile, on any thread.
 *
 * <p>When the transposed problem is cheaper (C short and wide, or op(B) much larger than op(A)), it is
 * computed instead ({@link Orientation}).
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /** Rows of the micro-tile on this machine ({@link RegisterFile#tileRows()}): 8, or 6 with 16 vector registers. */
    static final int MR = RegisterFile.tileRows();
    /** The largest tile: 8 rows. */
    private static final int MAX_ROWS = 8;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * LANES;
    /** Rows of op(A) used with one packed block of op(B): MC x kc doubles (at most 256 KB) for the L2 cache. */
    private static final int MC = 128;
    /** Columns of op(B) packed at once: kc x NC doubles (at most 4 MB). */
    private static final int NC = 2048;

    /** Buffers of the calling thread (short A panel, B block, tile), grown on demand and reused. */
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        double[] a = new double[0], b = new double[0];
        final double[] tile = new double[MAX_ROWS * NR];
    }

    /** Rows of this kernel's micro-tile: 8 or 6. */
    private final int rows;
    /** Rows of op(A) per block: MC rounded down to whole panels (128 or 126), so that no panel straddles two blocks. */
    private final int blockRows;
    /**
     * op(A) is packed when C has more columns than this ({@link #packAAbove()}): 64, 4 NR with AVX-512's 8 lanes and
     * 8 NR with AVX2's 4, where a packed panel of A serves enough panels of B to repay its copy (the products of
     * deep-ae and vae, 128 columns wide after the transpose, are above it; docs/performance.md, "Kernel choices").
     */
    private static final int PACK_A_ABOVE = 64;

    /** The kernel with this machine's tile, {@link #MR} rows. */
    VectorGemm() {
        this(MR);
    }

    /** A kernel with a micro-tile of {@code rows} = 8 or 6 rows (any machine computes either, at different speeds). */
    VectorGemm(int rows) {
        this.rows = RegisterFile.checkTileRows(rows);
        this.blockRows = MC / rows * rows;
    }

    /** op(A) is packed for a C with more columns than this (and always when it does not run along k). */
    int packAAbove() {
        return PACK_A_ABOVE;
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
        // packsA = false: the packing of A for a wide C (packAAbove) is left out of the count, which then keeps the
        // choices the count made before that packing existed (docs/performance.md, "Kernel choices")
        return Orientation.cheaper(g, rows, NR, LANES, false, SumOrder.MAX_BLOCK_DOUBLE);
    }

    @Override
    public void compute(GemmView g) {
        int m = g.m(), n = g.n(), k = g.k();
        int kc = SumOrder.blockLength(k, SumOrder.MAX_BLOCK_DOUBLE);
        Workspace ws = WORKSPACE.get();
        // op(A) is packed when its panels serve many panels of B (n > packAAbove), or when it does not run along k
        // (aCs != 1: read in place, each step would jump aCs values); else its full panels are read where they are
        boolean packA = g.aCs() != 1 || n > PACK_A_ABOVE;
        int aLength = packA ? Packing.packedLength(Math.min(m, blockRows), kc, rows) : rows * kc;
        int bLength = Packing.packedLength(Math.min(n, NC), kc, NR);
        if (ws.a.length < aLength) ws.a = new double[aLength];
        if (ws.b.length < bLength) ws.b = new double[bLength];
        double[] ap = ws.a, bp = ws.b, a = g.a();
        int fullRows = packA ? 0 : m / rows * rows;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                boolean overwrite = pc == 0 && !g.accumulate();
                VectorGather.packB(g, pc, kb, jc, nc, NR, bp);
                if (!packA && fullRows < m) {
                    VectorGather.pack(a, g.aOff() + fullRows * g.aRs() + pc * g.aCs(), g.aRs(), g.aCs(), m - fullRows, kb, rows, ap);
                }
                for (int ic = 0; ic < m; ic += blockRows) {
                    int mc = Math.min(blockRows, m - ic);
                    if (packA) VectorGather.pack(a, g.aOff() + ic * g.aRs() + pc * g.aCs(), g.aRs(), g.aCs(), mc, kb, rows, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = ic; ir < ic + mc; ir += rows) {
                            int mr = Math.min(rows, m - ir);
                            if (packA) {
                                // the packed block of op(A): panel (ir - ic) / rows
                                packedKernel(kb, ap, (ir - ic) * kb, bp, jr * kb, g, ir, jc + jr, mr, nr, overwrite, ws.tile);
                            } else if (ir < fullRows) {
                                // a whole panel of rows: read op(A) where it is
                                microKernel(kb, a, g.aOff() + ir * g.aRs() + pc * g.aCs(), g.aRs(), g.aCs(),
                                        bp, jr * kb, g, ir, jc + jr, rows, nr, overwrite, ws.tile);
                            } else {
                                // the last, short panel: packed and padded with zero rows
                                packedKernel(kb, ap, 0, bp, jr * kb, g, ir, jc + jr, mr, nr, overwrite, ws.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** One tile with this kernel's {@link #rows}: {@link DoubleTiles#microKernel8} or {@link DoubleTiles#microKernel6}. */
    private void microKernel(int kc, double[] ap, int ai, int ars, int aps, double[] bp, int bi, GemmView g, int i0, int j0,
                             int mr, int nr, boolean overwrite, double[] tile) {
        if (rows == 8) DoubleTiles.microKernel8(kc, ap, ai, ars, aps, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
        else DoubleTiles.microKernel6(kc, ap, ai, ars, aps, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
    }

    /** One tile from a packed panel of A with this kernel's {@link #rows}: {@link DoubleTiles#packedKernel8} or {@link DoubleTiles#packedKernel6}. */
    private void packedKernel(int kc, double[] ap, int ai, double[] bp, int bi, GemmView g, int i0, int j0,
                              int mr, int nr, boolean overwrite, double[] tile) {
        if (rows == 8) DoubleTiles.packedKernel8(kc, ap, ai, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
        else DoubleTiles.packedKernel6(kc, ap, ai, bp, bi, g, i0, j0, mr, nr, overwrite, tile);
    }
}

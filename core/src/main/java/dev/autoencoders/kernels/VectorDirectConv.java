package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConv} on {@code jdk.incubator.vector}, used with {@link GemmBackend#VECTOR}. The input of an image is
 * copied into zero-bordered planes with rows of {@code wp = w + 2p}, and the outputs are computed on a grid with the
 * same row length (the {@code wp - ow} extra columns of each row are computed and dropped). On that grid a tap
 * (i, j) is a constant shift {@code s_t = i*wp + j}, so a block of outputs is a sum of shifted input blocks, held in
 * registers while every (channel, tap) term is added in:
 * <pre>
 *   forward          y'[n][oc][q..]  = b[oc] + sum_(c,t)  W[oc][c][t] x'[n][c][q + s_t ..]
 *   backwardWeight   dW[oc][c][t]   += sum_n sum_q dy'[n][oc][q] x'[n][c][q + s_t]
 * </pre>
 * Each block is four vectors (four independent fma chains), and the (channel, tap) terms run as one flat loop over
 * precomputed offsets: with two nested loops carrying the vectors, C2 (JDK 17) does not keep them in registers
 * (docs/performance.md, "Kernel choices"). Equal to the reference within rounding (tests); the bits
 * differ from {@link DirectConv}'s, which adds in another order.
 */
final class VectorDirectConv {
    private VectorDirectConv() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    /** Outputs per block: four vectors. */
    private static final int BLOCK = 4 * LANES;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    /** Scratch buffer {@code slot} of the calling thread, {@code size} doubles, all zero. */
    private static double[] zeroed(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[size];
        java.util.Arrays.fill(s[slot], 0, size, 0.0);
        return s[slot];
    }

    private static int roundUp(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * The padded-width grid: row length wp, padded height hp, outputs per plane rounded up to blocks (run), values
     * per padded input plane (the image, the last tap's overhang and a block of slack), and the visible taps as
     * shifts {@code i*wp + j} and as indices {@code i*k + j} into a filter.
     */
    private record Grid(int wp, int hp, int run, int plane, int[] shift, int[] tapIndex) {
        static Grid of(ConvGeometry g) {
            int wp = g.w() + 2 * g.pad(), hp = g.h() + 2 * g.pad();
            int t = g.visibleTaps();
            int[] shift = new int[t], tapIndex = new int[t];
            for (int i = 0, v = 0; i < g.k(); i++) {
                for (int j = 0; j < g.k(); j++) {
                    if (!g.tap(i, j)) continue;
                    shift[v] = i * wp + j;
                    tapIndex[v++] = i * g.k() + j;
                }
            }
            return new Grid(wp, hp, roundUp(g.oh() * wp), roundUp(hp * wp + g.k() + BLOCK), shift, tapIndex);
        }
    }

    /** Image n's channels into the zero-bordered planes of xp (only the interior is written: the border stays zero). */
    private static void pad(ConvGeometry g, Grid gr, double[] x, int n, double[] xp) {
        pad(g, gr, x, n, 0, g.c(), xp);
    }

    /** {@link #pad} for the channels {@code [c0, c1)} alone. */
    private static void pad(ConvGeometry g, Grid gr, double[] x, int n, int c0, int c1, double[] xp) {
        for (int c = c0; c < c1; c++) PaddedPlanes.copyIn(x, (n * g.c() + c) * g.inPlane(), g.h(), g.w(), xp, c * gr.plane(), gr.wp(), g.pad());
    }

    /**
     * {@code out[q .. q+BLOCK) = start + sum_m w[wo + widx[m]] * in[offs[m] + q ..]}: the shared block of both
     * sums above, one flat loop over the (channel, tap) terms m.
     */
    private static void block(double[] in, int[] offs, double[] w, int wo, int[] widx, double start, double[] out, int q) {
        DoubleVector a0 = DoubleVector.broadcast(S, start), a1 = a0, a2 = a0, a3 = a0;
        for (int m = 0; m < offs.length; m++) {
            DoubleVector wt = DoubleVector.broadcast(S, w[wo + widx[m]]);
            int s = offs[m] + q;
            a0 = DoubleVector.fromArray(S, in, s).fma(wt, a0);
            a1 = DoubleVector.fromArray(S, in, s + LANES).fma(wt, a1);
            a2 = DoubleVector.fromArray(S, in, s + 2 * LANES).fma(wt, a2);
            a3 = DoubleVector.fromArray(S, in, s + 3 * LANES).fma(wt, a3);
        }
        a0.intoArray(out, q);
        a1.intoArray(out, q + LANES);
        a2.intoArray(out, q + 2 * LANES);
        a3.intoArray(out, q + 3 * LANES);
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y, int n0, int n1) {
        Grid gr = Grid.of(g);
        int kk = g.k() * g.k(), t = gr.shift().length, wp = gr.wp();
        // term m = (c, tap): input offset c*plane + s_t, weight W[oc][c][tap] at oc*c*kk + c*kk + tap
        int[] offs = new int[g.c() * t], widx = new int[g.c() * t];
        for (int c = 0, m = 0; c < g.c(); c++) {
            for (int v = 0; v < t; v++, m++) {
                offs[m] = c * gr.plane() + gr.shift()[v];
                widx[m] = c * kk + gr.tapIndex()[v];
            }
        }
        double[] xp = zeroed(0, g.c() * gr.plane()), yp = zeroed(1, gr.run());
        for (int n = n0; n < n1; n++) {
            pad(g, gr, x, n, xp);
            for (int oc = 0; oc < g.o(); oc++) {
                for (int q = 0; q < gr.run(); q += BLOCK) block(xp, offs, w, oc * g.c() * kk, widx, b == null ? 0.0 : b[oc], yp, q);
                int yo = (n * g.o() + oc) * g.outPlane();
                for (int oy = 0; oy < g.oh(); oy++) System.arraycopy(yp, oy * wp, y, yo + oy * g.ow(), g.ow());
            }
        }
    }

    /** For the filters {@code f = oc * c + ch} in {@code [f0, f1)}. */
    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw, int f0, int f1) {
        Grid gr = Grid.of(g);
        int kk = g.k() * g.k(), t = gr.shift().length, wp = gr.wp(), run = gr.run();
        double[] xp = zeroed(0, g.c() * gr.plane()), dyp = zeroed(1, g.o() * run);
        // a block of partial sums per filter and tap, over all images and grid positions
        double[] acc = zeroed(2, (f1 - f0) * t * BLOCK);
        // the input channels these filters read: all of them, or the run [f0 mod c, (f1 - 1) mod c] of one output channel
        boolean all = f1 - f0 >= g.c() || f0 / g.c() != (f1 - 1) / g.c();
        int c0 = all ? 0 : f0 % g.c(), c1 = all ? g.c() : (f1 - 1) % g.c() + 1;
        for (int n = 0; n < g.n(); n++) {
            pad(g, gr, x, n, c0, c1, xp);
            // dy' on the grid, zero in the extra columns (they must not pick up x')
            for (int oc = 0; oc < g.o(); oc++) {
                for (int oy = 0; oy < g.oh(); oy++) System.arraycopy(dy, (n * g.o() + oc) * g.outPlane() + oy * g.ow(), dyp, oc * run + oy * wp, g.ow());
            }
            for (int f = f0; f < f1; f++) {
                int yo = (f / g.c()) * run, xo = (f % g.c()) * gr.plane();
                for (int v = 0; v < t; v++) dot(dyp, yo, xp, xo + gr.shift()[v], run, acc, ((f - f0) * t + v) * BLOCK);
            }
        }
        for (int f = f0; f < f1; f++) {
            for (int v = 0; v < t; v++) {
                int a = ((f - f0) * t + v) * BLOCK;
                DoubleVector sum = DoubleVector.fromArray(S, acc, a).add(DoubleVector.fromArray(S, acc, a + LANES))
                        .add(DoubleVector.fromArray(S, acc, a + 2 * LANES).add(DoubleVector.fromArray(S, acc, a + 3 * LANES)));
                dw[f * kk + gr.tapIndex()[v]] += sum.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    /** {@code acc[a .. a+BLOCK) += sum over blocks q of u[uo + q ..] * v[vo + q ..]}, for q in {@code [0, run)}. */
    private static void dot(double[] u, int uo, double[] v, int vo, int run, double[] acc, int a) {
        DoubleVector s0 = DoubleVector.fromArray(S, acc, a), s1 = DoubleVector.fromArray(S, acc, a + LANES);
        DoubleVector s2 = DoubleVector.fromArray(S, acc, a + 2 * LANES), s3 = DoubleVector.fromArray(S, acc, a + 3 * LANES);
        for (int q = 0; q < run; q += BLOCK) {
            s0 = DoubleVector.fromArray(S, u, uo + q).fma(DoubleVector.fromArray(S, v, vo + q), s0);
            s1 = DoubleVector.fromArray(S, u, uo + q + LANES).fma(DoubleVector.fromArray(S, v, vo + q + LANES), s1);
            s2 = DoubleVector.fromArray(S, u, uo + q + 2 * LANES).fma(DoubleVector.fromArray(S, v, vo + q + 2 * LANES), s2);
            s3 = DoubleVector.fromArray(S, u, uo + q + 3 * LANES).fma(DoubleVector.fromArray(S, v, vo + q + 3 * LANES), s3);
        }
        s0.intoArray(acc, a);
        s1.intoArray(acc, a + LANES);
        s2.intoArray(acc, a + 2 * LANES);
        s3.intoArray(acc, a + 3 * LANES);
    }
}

package dev.autoencoders.kernels;

/**
 * Convolution as an implicit GEMM (used with {@link GemmBackend#VECTOR}): the products of {@link GatherConv}, whose
 * micro-kernel reads A in place instead of packing it. All images are copied once into zero-bordered planes {@code xp: (n, c, hp, wp)}; then the
 * unfolded value of output pixel q = (image sl, oy, ox) and visible tap v = (channel ch, i, j) is one read,
 * <pre>
 *   col[ch*T + v][q] = xp[pixelBase[q] + tapOffset[ch*T + v]]
 *   pixelBase[q]     = sl*c*hp*wp + oy*s*wp + ox*s,        tapOffset[ch*T + v] = ch*hp*wp + i*wp + j
 * </pre>
 * and the micro-kernels ({@link VectorImplicitGemm}, {@link VectorImplicitGemmFloat}) broadcast it straight from xp:
 * <pre>
 *   forward          y[sl][oc][pix] = b[oc] + sum_(ch,v) col[ch*T + v][q] W[oc][ch][v]     rows q,        k = (ch, v)
 *   backwardWeight   dW[oc][ch][v] += sum_q col[ch*T + v][q] dy[sl][oc][pix]             rows (ch, v),  k = q
 * </pre>
 * (the same offset tables, with the roles of row and k swapped). The B operand, weights or output gradient, is
 * packed k x o with o rounded up to whole vectors. Nothing of size c*T x n*P is written, read or packed, which is what
 * unfolding and packing cost on the small, strided convolutions of conv-ae. The padded copy is the size of x plus its
 * border (GatherConv's chunks are bounded instead), kept per thread for the next call. Used when o is at most
 * {@link #MAX_OUT}: for wider outputs, such as pixelcnn-prior's 128 channels with k = 3,072, the packed blocks of a
 * GEMM ({@link GatherConv}) serve each panel of A more often than packing it costs.
 * Equal to the reference within rounding (tests).
 */
final class ImplicitConv {
    private ImplicitConv() {}

    /** Widest output this path takes: 32 channels, two vectors of floats or four of doubles per row of B. */
    static final int MAX_OUT = 32;

    /**
     * Whether {@link ConvKernels} takes this path: the vector backend, at most {@link #MAX_OUT} output channels, and
     * a k sum worth the padded copy. A 1 x 1 kernel is left to {@link GatherConv}, which reads the image in place, and
     * so is a single input channel, whose k sum has only the k x k taps.
     */
    static boolean applies(ConvGeometry g) {
        return GemmBackend.current() == GemmBackend.VECTOR && g.o() <= MAX_OUT && g.c() > 1 && g.k() > 1;
    }

    /** Scratch buffers of the calling thread, reused from call to call: slot 0 the padded copy, slot 1 B. */
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[2][0]);
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[2][0]);

    /** Double scratch buffer {@code slot} with at least {@code size} values (contents undefined). */
    static double[] doubles(int slot, int size) {
        double[][] s = DOUBLES.get();
        if (s[slot].length < size) s[slot] = new double[size];
        return s[slot];
    }

    /** Float scratch buffer {@code slot} with at least {@code size} values (contents undefined). */
    static float[] floats(int slot, int size) {
        float[][] s = FLOATS.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }

    /**
     * The padded planes' size and the offset tables (see the class comment), with {@code tapIndex[ch*T + v] =
     * ch*k*k + i*k + j}, the tap's place in a filter of W, and {@code pixelOut[q] = sl*o*P + pix}, the pixel's place
     * in the plane of channel 0 of y.
     */
    private record Layout(int hp, int wp, int[] pixelBase, int[] tapOffset, int[] tapIndex, int[] pixelOut) {
        static Layout of(ConvGeometry g) {
            int s = g.stride(), p = g.outPlane(), kk = g.k() * g.k(), t = g.visibleTaps();
            int hp = PaddedPlanes.height(g), wp = PaddedPlanes.width(g);
            int plane = hp * wp;
            int[] pixelBase = new int[g.n() * p], pixelOut = new int[g.n() * p];
            for (int sl = 0; sl < g.n(); sl++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int q = sl * p + oy * g.ow() + ox;
                        pixelBase[q] = sl * g.c() * plane + oy * s * wp + ox * s;
                        pixelOut[q] = sl * g.o() * p + oy * g.ow() + ox;
                    }
                }
            }
            int[] tapOffset = new int[g.c() * t], tapIndex = new int[g.c() * t];
            for (int ch = 0, r = 0; ch < g.c(); ch++) {
                for (int i = 0; i < g.k(); i++) {
                    for (int j = 0; j < g.k(); j++) {
                        if (!g.tap(i, j)) continue;
                        tapOffset[r] = ch * plane + i * wp + j;
                        tapIndex[r++] = ch * kk + i * g.k() + j;
                    }
                }
            }
            return new Layout(hp, wp, pixelBase, tapOffset, tapIndex, pixelOut);
        }

        int plane() {
            return hp * wp;
        }
    }

    /** xp: every plane of x inside a zero border ({@code (n*c, hp, wp)}); large copies split by plane between threads. */
    private static double[] padded(ConvGeometry g, Layout l, double[] x) {
        int planes = g.n() * g.c(), in = g.inPlane(), out = l.plane();
        double[] xp = doubles(0, planes * out);
        Loops.split(planes, (long) planes * out, Loops.Cost.COPY, (p0, p1) ->
            PaddedPlanes.copyWithBorder(x, p0 * in, p1 - p0, g.h(), g.w(), g.pad(), g.pad(), l.hp(), l.wp(), xp, p0 * out));
        return xp;
    }

    /** xp rounded to float. */
    private static float[] paddedFloat(ConvGeometry g, Layout l, double[] x) {
        int planes = g.n() * g.c(), in = g.inPlane(), out = l.plane();
        float[] xp = floats(0, planes * out);
        Loops.split(planes, (long) planes * out, Loops.Cost.COPY, (p0, p1) ->
            PaddedPlanes.copyWithBorder(x, p0 * in, p1 - p0, g.h(), g.w(), g.pad(), g.pad(), l.hp(), l.wp(), xp, p0 * out));
        return xp;
    }

    /** Columns of B rounded up to whole vectors. */
    private static int width(ConvGeometry g, int lanes) {
        return (g.o() + lanes - 1) / lanes * lanes;
    }

    /** Splits rows {@code [0, rows)} between threads in whole tiles by the product's multiply-adds ({@link Loops.Cost#IMPLICIT_MAC}). */
    static void rows(ConvGeometry g, int rows, Range range) {
        long macs = (long) g.n() * g.o() * g.c() * g.visibleTaps() * g.outPlane();
        int mr = VectorImplicitGemm.MR, tiles = (rows + mr - 1) / mr;
        Loops.split(tiles, macs, Loops.Cost.IMPLICIT_MAC, (t0, t1) -> range.run(Math.min(rows, t0 * mr), Math.min(rows, t1 * mr)));
    }

    interface Range {
        void run(int r0, int r1);
    }

    /** {@code y = W * x + b}: rows are the output pixels, k the visible (channel, tap) pairs, columns the filters. */
    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        Layout l = Layout.of(g);
        int ct = l.tapOffset().length, o = g.o(), ckk = g.c() * g.k() * g.k(), q = l.pixelBase().length, p = g.outPlane();
        if (Precision.matmul() == Precision.DOUBLE) {
            double[] xp = padded(g, l, x);
            int nb = width(g, VectorImplicitGemm.LANES);
            double[] bp = doubles(1, ct * nb);
            java.util.Arrays.fill(bp, 0, ct * nb, 0.0);
            // B[(ch, v)][oc] = W[oc][ch][v]
            for (int r = 0; r < ct; r++) for (int oc = 0; oc < o; oc++) bp[r * nb + oc] = w[oc * ckk + l.tapIndex()[r]];
            rows(g, q, (r0, r1) -> VectorImplicitGemm.compute(ct, o, xp, l.pixelBase(), l.tapOffset(), bp, nb, y, l.pixelOut(), p, b, false, r0, r1));
        } else {
            float[] xp = paddedFloat(g, l, x);
            int nb = width(g, VectorImplicitGemmFloat.LANES);
            float[] bp = floats(1, ct * nb);
            java.util.Arrays.fill(bp, 0, ct * nb, 0f);
            for (int r = 0; r < ct; r++) for (int oc = 0; oc < o; oc++) bp[r * nb + oc] = (float) w[oc * ckk + l.tapIndex()[r]];
            rows(g, q, (r0, r1) -> VectorImplicitGemmFloat.compute(ct, o, xp, l.pixelBase(), l.tapOffset(), bp, nb, y, l.pixelOut(), p, b, false, r0, r1));
        }
    }

    /** {@code dW += dy * x}: rows are the visible (channel, tap) pairs, k the output pixels of all images, columns the filters. */
    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        Layout l = Layout.of(g);
        int ct = l.tapOffset().length, o = g.o(), ckk = g.c() * g.k() * g.k(), q = l.pixelBase().length, p = g.outPlane();
        int[] pixelOut = l.pixelOut();
        if (Precision.matmul() == Precision.DOUBLE) {
            double[] xp = padded(g, l, x);
            int nb = width(g, VectorImplicitGemm.LANES);
            double[] bp = doubles(1, q * nb);
            java.util.Arrays.fill(bp, 0, q * nb, 0.0);
            // B[q][oc] = dy[sl][oc][pix]
            for (int r = 0; r < q; r++) for (int oc = 0; oc < o; oc++) bp[r * nb + oc] = dy[pixelOut[r] + oc * p];
            rows(g, ct, (r0, r1) -> VectorImplicitGemm.compute(q, o, xp, l.tapOffset(), l.pixelBase(), bp, nb, dw, l.tapIndex(), ckk, null, true, r0, r1));
        } else {
            float[] xp = paddedFloat(g, l, x);
            int nb = width(g, VectorImplicitGemmFloat.LANES);
            float[] bp = floats(1, q * nb);
            java.util.Arrays.fill(bp, 0, q * nb, 0f);
            for (int r = 0; r < q; r++) for (int oc = 0; oc < o; oc++) bp[r * nb + oc] = (float) dy[pixelOut[r] + oc * p];
            rows(g, ct, (r0, r1) -> VectorImplicitGemmFloat.compute(q, o, xp, l.tapOffset(), l.pixelBase(), bp, nb, dw, l.tapIndex(), ckk, null, true, r0, r1));
        }
    }
}

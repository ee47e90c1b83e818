package dev.autoencoders.kernels;

/**
 * The fast convolution kernels behind {@link ConvKernels}: equal to the reference up to rounding (tests), but
 * <ul>
 *   <li>one GEMM for a whole chunk of images instead of one per image: the input is unfolded into rows
 *       ("im2row"), one row per output pixel of every image of the chunk, so the product is
 *       {@code Y (pixels, o) = rows (pixels, c*T) W^T (c*T, o)} with thousands of rows rather than o;</li>
 *   <li>only the T visible taps of a masked convolution are unfolded (PixelCNN's 7x7 mask A keeps 24 of 49);</li>
 *   <li>the unfolded chunk is bounded (2^21 doubles) and lives in scratch buffers reused
 *       from call to call, instead of a fresh large array per image.</li>
 * </ul>
 * Row r = (image, oy, ox) of the unfolded chunk, column {@code ch * T + t} for channel ch and visible tap t:
 * <pre>  rows[r][ch*T + t] = x[image][ch][oy*s - p + i_t][ox*s - p + j_t]   (0 outside the image)</pre>
 * The packed weight is {@code Wc[oc][ch*T + t] = W[oc][ch][i_t][j_t]}.
 */
final class FastConv {
    private FastConv() {}

    /** Upper bound on the unfolded chunk's size (tests lower it to exercise the chunk boundaries). */
    static int chunkDoubles = 1 << 21;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    /** Scratch buffer {@code slot} with at least {@code size} doubles (contents undefined). */
    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new double[Math.max(size, s[slot].length + s[slot].length / 2)];
        return s[slot];
    }

    /** The visible taps as (i, j) lists. */
    private record Taps(int[] i, int[] j) {
        static Taps of(ConvGeometry g) {
            int t = g.visibleTaps();
            int[] ti = new int[t], tj = new int[t];
            for (int i = 0, n = 0; i < g.k(); i++) {
                for (int j = 0; j < g.k(); j++) {
                    if (g.tap(i, j)) {
                        ti[n] = i;
                        tj[n++] = j;
                    }
                }
            }
            return new Taps(ti, tj);
        }

        int size() {
            return i.length;
        }
    }

    /** Images per chunk: as many as fit in {@link #chunkDoubles}, at least one. */
    private static int chunkImages(ConvGeometry g, int rowLength) {
        long perImage = (long) g.outPlane() * Math.max(rowLength, g.o());
        return (int) Math.max(1, Math.min(g.n(), chunkDoubles / Math.max(1, perImage)));
    }

    private static double[] packWeight(ConvGeometry g, Taps taps, double[] w) {
        int t = taps.size(), ct = g.c() * t, kk = g.k() * g.k();
        double[] wc = scratch(2, g.o() * ct);
        for (int oc = 0; oc < g.o(); oc++) {
            for (int ch = 0; ch < g.c(); ch++) {
                for (int v = 0; v < t; v++) wc[oc * ct + ch * t + v] = w[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]];
            }
        }
        return wc;
    }

    /** Unfolds images {@code [s0, s0 + count)} of x into {@code rows}. */
    private static void im2row(ConvGeometry g, Taps taps, double[] x, int s0, int count, double[] rows) {
        int t = taps.size(), ct = g.c() * t, inPlane = g.inPlane();
        int r = 0;
        for (int sl = 0; sl < count; sl++) {
            int xImage = (s0 + sl) * g.c() * inPlane;
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, r++) {
                    int base = r * ct, y0 = oy * g.stride() - g.pad(), x0 = ox * g.stride() - g.pad();
                    for (int v = 0; v < t; v++) {
                        int yy = y0 + taps.i()[v], xx = x0 + taps.j()[v];
                        boolean inside = yy >= 0 && yy < g.h() && xx >= 0 && xx < g.w();
                        int src = xImage + yy * g.w() + xx;
                        for (int ch = 0; ch < g.c(); ch++) rows[base + ch * t + v] = inside ? x[src + ch * inPlane] : 0.0;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2row}: adds every entry of {@code rows} onto the pixel it came from. */
    private static void row2im(ConvGeometry g, Taps taps, double[] rows, int s0, int count, double[] dx) {
        int t = taps.size(), ct = g.c() * t, inPlane = g.inPlane();
        int r = 0;
        for (int sl = 0; sl < count; sl++) {
            int xImage = (s0 + sl) * g.c() * inPlane;
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, r++) {
                    int base = r * ct, y0 = oy * g.stride() - g.pad(), x0 = ox * g.stride() - g.pad();
                    for (int v = 0; v < t; v++) {
                        int yy = y0 + taps.i()[v], xx = x0 + taps.j()[v];
                        if (yy < 0 || yy >= g.h() || xx < 0 || xx >= g.w()) continue;
                        int dst = xImage + yy * g.w() + xx;
                        for (int ch = 0; ch < g.c(); ch++) dx[dst + ch * inPlane] += rows[base + ch * t + v];
                    }
                }
            }
        }
    }

    /** dY of images {@code [s0, s0 + count)} as rows: {@code dyr[(image, pixel)][oc] = dy[image][oc][pixel]}. */
    private static void gatherRows(ConvGeometry g, double[] dy, int s0, int count, double[] dyr) {
        int plane = g.outPlane(), o = g.o();
        for (int sl = 0; sl < count; sl++) {
            for (int oc = 0; oc < o; oc++) {
                int src = ((s0 + sl) * o + oc) * plane, dst = sl * plane * o + oc;
                for (int p = 0; p < plane; p++) dyr[dst + p * o] = dy[src + p];
            }
        }
    }

    static void forward(ConvGeometry g, double[] x, double[] w, double[] b, double[] y) {
        Taps taps = Taps.of(g);
        int ct = g.c() * taps.size(), plane = g.outPlane(), o = g.o();
        double[] wc = packWeight(g, taps, w);
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), r = count * plane;
            double[] rows = scratch(0, r * ct), yr = scratch(1, r * o);
            im2row(g, taps, x, s0, count, rows);
            // Y (pixels, o) = rows (pixels, c*T) Wc^T (c*T, o)
            Gemm.gemm(false, true, r, o, ct, rows, 0, wc, 0, yr, 0, false);
            for (int sl = 0; sl < count; sl++) {
                for (int oc = 0; oc < o; oc++) {
                    int dst = ((s0 + sl) * o + oc) * plane, src = sl * plane * o + oc;
                    double bias = b == null ? 0.0 : b[oc];
                    for (int p = 0; p < plane; p++) y[dst + p] = yr[src + p * o] + bias;
                }
            }
        }
    }

    static void backwardInput(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        Taps taps = Taps.of(g);
        int ct = g.c() * taps.size(), plane = g.outPlane(), o = g.o();
        double[] wc = packWeight(g, taps, w);
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), r = count * plane;
            double[] rows = scratch(0, r * ct), dyr = scratch(1, r * o);
            gatherRows(g, dy, s0, count, dyr);
            // d rows (pixels, c*T) = dY (pixels, o) Wc (o, c*T), folded back onto the pixels
            Gemm.gemm(false, false, r, ct, o, dyr, 0, wc, 0, rows, 0, false);
            row2im(g, taps, rows, s0, count, dx);
        }
    }

    static void backwardWeight(ConvGeometry g, double[] dy, double[] x, double[] dw) {
        Taps taps = Taps.of(g);
        int t = taps.size(), ct = g.c() * t, plane = g.outPlane(), o = g.o(), kk = g.k() * g.k();
        double[] dwc = new double[o * ct];
        int chunk = chunkImages(g, ct);
        for (int s0 = 0; s0 < g.n(); s0 += chunk) {
            int count = Math.min(chunk, g.n() - s0), r = count * plane;
            double[] rows = scratch(0, r * ct), dyr = scratch(1, r * o);
            im2row(g, taps, x, s0, count, rows);
            gatherRows(g, dy, s0, count, dyr);
            // dWc (o, c*T) += dY^T (o, pixels) rows (pixels, c*T)
            Gemm.gemm(true, false, o, ct, r, dyr, 0, rows, 0, dwc, 0, true);
        }
        for (int oc = 0; oc < o; oc++) {
            for (int ch = 0; ch < g.c(); ch++) {
                for (int v = 0; v < t; v++) dw[(oc * g.c() + ch) * kk + taps.i()[v] * g.k() + taps.j()[v]] += dwc[oc * ct + ch * t + v];
            }
        }
    }
}

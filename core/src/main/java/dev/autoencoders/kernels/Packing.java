package dev.autoencoders.kernels;

/**
 * Copies a block of a strided operand into the panel layout the micro-kernels read with unit stride.
 *
 * <p>The block has {@code count} lines (columns of op(B), or rows of op(A)) of {@code kc} values along k.
 * Lines are grouped into panels of {@code width}; a panel stores, for each step p, its {@code width} values
 * side by side, and a last short panel is padded with zeros:
 * <pre>
 *   value (line w, step p) = src[off + w * lineStride + p * kStride]
 *                         -> dst[(w / width) * kc * width + p * width + w % width]
 *
 *   op(B) block, width 4:  | b00 b01 b02 b03 | b10 b11 b12 b13 | ... | b(kc-1)0 .. b(kc-1)3 | b04 b05 ...
 *                          '---- p = 0 ------'---- p = 1 ------'     '------ p = kc-1 -------' next panel
 * </pre>
 * The zero lines only produce tile entries outside C, which the micro-kernels never store.
 */
final class Packing {
    private Packing() {}

    /** Steps of k copied per line at a time when the lines are not adjacent (a transpose): one 64-byte line of doubles. */
    private static final int STEPS = 8;

    /** Number of values {@code pack} writes: whole panels of {@code width} lines by {@code kc}. */
    static int packedLength(int count, int kc, int width) {
        return (count + width - 1) / width * width * kc;
    }

    /** Packs into double panels (see the class comment). */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, double[] dst) {
        pack(src, off, lineStride, kStride, count, kc, width, dst, 0);
    }

    /** {@link #pack} into {@code dst} from index {@code to} on. */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, double[] dst, int to) {
        if (lineStride == 1) {
            // the lines of one step p are adjacent in src: read src in order, a run of width values per panel
            for (int p = 0; p < kc; p++) {
                int s = off + p * kStride;
                for (int w0 = 0; w0 < count; w0 += width) {
                    int d = to + w0 * kc + p * width, lines = Math.min(width, count - w0);
                    for (int w = 0; w < lines; w++) dst[d + w] = src[s + w0 + w];
                    for (int w = lines; w < width; w++) dst[d + w] = 0.0;
                }
            }
            return;
        }
        // else a transpose: STEPS steps of every line at a time, so that the reads are short runs along each line
        // (unit stride when kStride == 1) and the writes stay within STEPS * width values (in the L1 cache)
        for (int w0 = 0; w0 < count; w0 += width) {
            int base = to + w0 * kc, lines = Math.min(width, count - w0);
            for (int p0 = 0; p0 < kc; p0 += STEPS) {
                int p1 = Math.min(kc, p0 + STEPS);
                for (int w = 0; w < lines; w++) {
                    int s = off + (w0 + w) * lineStride, d = base + w;
                    for (int p = p0; p < p1; p++) dst[d + p * width] = src[s + p * kStride];
                }
                for (int w = lines; w < width; w++) {
                    for (int p = p0; p < p1; p++) dst[base + w + p * width] = 0.0;
                }
            }
        }
    }

    /** Packs into float panels, rounding each value to the nearest float (see the class comment). */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, float[] dst) {
        pack(src, off, lineStride, kStride, count, kc, width, dst, 0);
    }

    /** {@link #pack} into float panels from index {@code to} on. */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, float[] dst, int to) {
        if (lineStride == 1) {
            for (int p = 0; p < kc; p++) {
                int s = off + p * kStride;
                for (int w0 = 0; w0 < count; w0 += width) {
                    int d = to + w0 * kc + p * width, lines = Math.min(width, count - w0);
                    for (int w = 0; w < lines; w++) dst[d + w] = (float) src[s + w0 + w];
                    for (int w = lines; w < width; w++) dst[d + w] = 0f;
                }
            }
            return;
        }
        for (int w0 = 0; w0 < count; w0 += width) {
            int base = to + w0 * kc, lines = Math.min(width, count - w0);
            for (int p0 = 0; p0 < kc; p0 += STEPS) {
                int p1 = Math.min(kc, p0 + STEPS);
                for (int w = 0; w < lines; w++) {
                    int s = off + (w0 + w) * lineStride, d = base + w;
                    for (int p = p0; p < p1; p++) dst[d + p * width] = (float) src[s + p * kStride];
                }
                for (int w = lines; w < width; w++) {
                    for (int p = p0; p < p1; p++) dst[base + w + p * width] = 0f;
                }
            }
        }
    }

    /** Packs the block {@code op(B)[pc, pc + kc) x [jc, jc + count)} of {@code g} into double panels, strided or gathered. */
    static void packB(GemmView g, int pc, int kc, int jc, int count, int width, double[] dst) {
        if (g.isGathered()) gather(g, pc, kc, jc, count, width, dst, 0);
        else pack(g.b(), g.bOff() + pc * g.bRs() + jc * g.bCs(), g.bCs(), g.bRs(), count, kc, width, dst);
    }

    /** {@link #packB} into float panels, each value rounded to the nearest float. */
    static void packB(GemmView g, int pc, int kc, int jc, int count, int width, float[] dst) {
        if (g.isGathered()) gather(g, pc, kc, jc, count, width, dst, 0);
        else pack(g.b(), g.bOff() + pc * g.bRs() + jc * g.bCs(), g.bCs(), g.bRs(), count, kc, width, dst);
    }

    /**
     * The panels of a gathered op(B), from {@code dst[to]} on: value (line w, step p) = {@code b[bOff + bRows[pc + p]
     * + bCols[jc + w]]}, a run of width values per panel and step.
     */
    static void gather(GemmView g, int pc, int kc, int jc, int count, int width, double[] dst, int to) {
        double[] src = g.b();
        int[] rows = g.bRows(), cols = g.bCols();
        for (int w0 = 0; w0 < count; w0 += width) {
            int lines = Math.min(width, count - w0), base = to + w0 * kc, c0 = jc + w0;
            for (int p = 0; p < kc; p++) {
                int row = g.bOff() + rows[pc + p], d = base + p * width;
                for (int w = 0; w < lines; w++) dst[d + w] = src[row + cols[c0 + w]];
                for (int w = lines; w < width; w++) dst[d + w] = 0.0;
            }
        }
    }

    /** {@link #gather} into float panels, each value rounded to the nearest float. */
    static void gather(GemmView g, int pc, int kc, int jc, int count, int width, float[] dst, int to) {
        double[] src = g.b();
        int[] rows = g.bRows(), cols = g.bCols();
        for (int w0 = 0; w0 < count; w0 += width) {
            int lines = Math.min(width, count - w0), base = to + w0 * kc, c0 = jc + w0;
            for (int p = 0; p < kc; p++) {
                int row = g.bOff() + rows[pc + p], d = base + p * width;
                for (int w = 0; w < lines; w++) dst[d + w] = (float) src[row + cols[c0 + w]];
                for (int w = lines; w < width; w++) dst[d + w] = 0f;
            }
        }
    }
}

package dev.autoencoders.kernels;

/**
 * Copies a block of a strided operand into the panel layout the micro-kernels read with unit stride.
 *
 * <p>The block has {@code count} rows (of op(A)) or columns (of op(B)), call them lines, and {@code kc} values
 * along k. Lines are grouped into panels of {@code width}; a panel stores, for each p, its {@code width} values
 * side by side, and a last short panel is padded with zeros:
 * <pre>
 *   source value (line w, step p) = src[off + w * lineStride + p * kStride]
 *   dst[(w / width) * kc * width + p * width + w % width]
 *
 *   op(B) block, width 4:  | b00 b01 b02 b03 | b10 b11 b12 b13 | ... | b(kc-1)0 .. b(kc-1)3 | b04 b05 ...
 *                          '---- p = 0 ------'---- p = 1 ------'     '------ p = kc-1 -------' next panel
 * </pre>
 * The padding rows and columns give products that land only in C entries outside the matrix, which the
 * micro-kernels never store.
 */
final class Packing {
    private Packing() {}

    /** Number of values {@code pack} writes: whole panels of {@code width} lines by {@code kc}. */
    static int packedLength(int count, int kc, int width) {
        return (count + width - 1) / width * width * kc;
    }

    /** Packs into double panels (see the class comment). */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, double[] dst) {
        for (int w0 = 0; w0 < count; w0 += width) {
            int base = w0 * kc, lines = Math.min(width, count - w0);
            if (lineStride == 1) {
                // the lines of one step p are adjacent in src: copy them as a run
                for (int p = 0; p < kc; p++) {
                    int s = off + w0 + p * kStride, d = base + p * width;
                    for (int w = 0; w < lines; w++) dst[d + w] = src[s + w];
                    for (int w = lines; w < width; w++) dst[d + w] = 0.0;
                }
            } else {
                // walk along each line (unit stride in src when kStride == 1)
                for (int w = 0; w < lines; w++) {
                    int s = off + (w0 + w) * lineStride, d = base + w;
                    for (int p = 0; p < kc; p++) dst[d + p * width] = src[s + p * kStride];
                }
                for (int w = lines; w < width; w++) {
                    for (int p = 0; p < kc; p++) dst[base + w + p * width] = 0.0;
                }
            }
        }
    }

    /** Packs into float panels, rounding each value to the nearest float (see the class comment). */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, float[] dst) {
        for (int w0 = 0; w0 < count; w0 += width) {
            int base = w0 * kc, lines = Math.min(width, count - w0);
            if (lineStride == 1) {
                for (int p = 0; p < kc; p++) {
                    int s = off + w0 + p * kStride, d = base + p * width;
                    for (int w = 0; w < lines; w++) dst[d + w] = (float) src[s + w];
                    for (int w = lines; w < width; w++) dst[d + w] = 0f;
                }
            } else {
                for (int w = 0; w < lines; w++) {
                    int s = off + (w0 + w) * lineStride, d = base + w;
                    for (int p = 0; p < kc; p++) dst[d + p * width] = (float) src[s + p * kStride];
                }
                for (int w = lines; w < width; w++) {
                    for (int p = 0; p < kc; p++) dst[base + w + p * width] = 0f;
                }
            }
        }
    }
}

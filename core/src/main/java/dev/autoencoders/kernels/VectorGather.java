package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Packing} for the vector kernels, equal to it value for value (tests): full panels whose lines are not adjacent
 * in memory are packed with vector gathers, one vector of lanes per load, instead of one value at a time:
 * <pre>
 *   gathered op(B)   dst[d + v .. d + v + L) = b[bOff + bRows[p] + bCols[c0 + v .. c0 + v + L)]
 *   strided          dst[d + v .. d + v + L) = src[off + (w0 + v .. w0 + v + L) * lineStride + p * kStride]   (a transpose)
 * </pre>
 * (rounded to float when dst is); lines that are adjacent ({@code lineStride = 1}) are copied a vector at a time, and
 * a transpose into panels of 6 lines, which 4-lane vectors do not divide (AVX2's 6-row tile), six lines side by side
 * ({@link #packSix}). A short last panel, and other panels narrower than a vector, go through {@link Packing}.
 */
final class VectorGather {
    private VectorGather() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = D.length();
    /** As many floats as a vector has doubles, in a vector of half the size. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /** Whether panels {@code width} lines wide are gathered a vector at a time (a whole number of vectors), else by {@link Packing}. */
    static boolean gathersPanelsOf(int width) {
        return width % LANES == 0;
    }

    /**
     * Whether panels {@code width} lines wide are copied a vector at a time when their lines are adjacent: at least one
     * vector of lines. A width that is not a whole number of vectors (6 rows with 4-lane AVX2 vectors) takes its
     * last vector from {@code width - LANES} on ({@link #lane}), overlapping the one before: the overlapped values
     * are written twice, with the same bits. (Gathered panels of 6 lines are left to {@link Packing}'s loop: as two
     * overlapping gathers of 4 they were slower; docs/performance.md, "Kernel choices".)
     */
    static boolean copiesPanelsOf(int width) {
        return width >= LANES;
    }

    /** The first line of the vector that starts at line {@code v} of a panel, moved back to end at {@code width}. */
    private static int lane(int v, int width) {
        return Math.min(v, width - LANES);
    }

    static void packB(GemmView g, int pc, int kc, int jc, int count, int width, double[] dst) {
        int full = count / width * width;
        if (!g.isGathered()) {
            pack(g.b(), g.bOff() + pc * g.bRs() + jc * g.bCs(), g.bCs(), g.bRs(), count, kc, width, dst);
            return;
        }
        if (!gathersPanelsOf(width)) {
            Packing.packB(g, pc, kc, jc, count, width, dst);
            return;
        }
        double[] src = g.b();
        int[] rows = g.bRows(), cols = g.bCols();
        for (int w0 = 0; w0 < full; w0 += width) {
            int base = w0 * kc, c0 = jc + w0;
            for (int p = 0; p < kc; p++) {
                int row = g.bOff() + rows[pc + p], d = base + p * width;
                for (int v = 0; v < width; v += LANES) DoubleVector.fromArray(D, src, row, cols, c0 + v).intoArray(dst, d + v);
            }
        }
        if (full < count) Packing.gather(g, pc, kc, jc + full, count - full, width, dst, full * kc);
    }

    static void packB(GemmView g, int pc, int kc, int jc, int count, int width, float[] dst) {
        int full = count / width * width;
        if (!g.isGathered()) {
            pack(g.b(), g.bOff() + pc * g.bRs() + jc * g.bCs(), g.bCs(), g.bRs(), count, kc, width, dst);
            return;
        }
        if (!gathersPanelsOf(width)) {
            Packing.packB(g, pc, kc, jc, count, width, dst);
            return;
        }
        double[] src = g.b();
        int[] rows = g.bRows(), cols = g.bCols();
        for (int w0 = 0; w0 < full; w0 += width) {
            int base = w0 * kc, c0 = jc + w0;
            for (int p = 0; p < kc; p++) {
                int row = g.bOff() + rows[pc + p], d = base + p * width;
                for (int v = 0; v < width; v += LANES) {
                    ((FloatVector) DoubleVector.fromArray(D, src, row, cols, c0 + v).convertShape(VectorOperators.D2F, F, 0)).intoArray(dst, d + v);
                }
            }
        }
        if (full < count) Packing.gather(g, pc, kc, jc + full, count - full, width, dst, full * kc);
    }

    /** {@code idx[w] = w * lineStride}, the index map of one panel's lines. */
    private static int[] lineOffsets(int width, int lineStride) {
        int[] idx = new int[width];
        for (int w = 0; w < width; w++) idx[w] = w * lineStride;
        return idx;
    }

    /**
     * Whether the full panels of a block whose lines are {@code lineStride} apart are packed here, a vector or six lines
     * at a time; else the whole block goes through {@link Packing}'s loop.
     */
    private static boolean packsPanelsOf(int lineStride, int width) {
        return lineStride == 1 ? copiesPanelsOf(width) : gathersPanelsOf(width) || width == 6;
    }

    /**
     * {@link Packing#pack} into double panels: the full panels of adjacent lines with vector copies, of a transpose with
     * vector gathers, or six lines side by side ({@link #packSix}); a short last panel by {@link Packing}.
     */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, double[] dst) {
        int full = count / width * width;
        if (full == 0 || !packsPanelsOf(lineStride, width)) {
            Packing.pack(src, off, lineStride, kStride, count, kc, width, dst);
            return;
        }
        if (lineStride == 1) copyPanels(src, off, kStride, full, kc, width, dst);
        else if (gathersPanelsOf(width)) gatherPanels(src, off, lineStride, kStride, full, kc, width, dst);
        else packSix(src, off, lineStride, kStride, full, kc, dst);
        if (full < count) Packing.pack(src, off + full * lineStride, lineStride, kStride, count - full, kc, width, dst, full * kc);
    }

    /** {@link #pack} into float panels, each value rounded to the nearest float. */
    static void pack(double[] src, int off, int lineStride, int kStride, int count, int kc, int width, float[] dst) {
        int full = count / width * width;
        if (full == 0 || !packsPanelsOf(lineStride, width)) {
            Packing.pack(src, off, lineStride, kStride, count, kc, width, dst);
            return;
        }
        if (lineStride == 1) copyPanels(src, off, kStride, full, kc, width, dst);
        else if (gathersPanelsOf(width)) gatherPanels(src, off, lineStride, kStride, full, kc, width, dst);
        else packSix(src, off, lineStride, kStride, full, kc, dst);
        if (full < count) Packing.pack(src, off + full * lineStride, lineStride, kStride, count - full, kc, width, dst, full * kc);
    }

    /** The first {@code full} lines, adjacent in src: {@code dst[w0 kc + p width + u ..] = src[off + p kStride + w0 + u ..]}, a vector at a time. */
    private static void copyPanels(double[] src, int off, int kStride, int full, int kc, int width, double[] dst) {
        for (int p = 0; p < kc; p++) {
            int s = off + p * kStride;
            for (int w0 = 0; w0 < full; w0 += width) {
                int d = w0 * kc + p * width;
                for (int v = 0; v < width; v += LANES) {
                    int u = lane(v, width);
                    DoubleVector.fromArray(D, src, s + w0 + u).intoArray(dst, d + u);
                }
            }
        }
    }

    /** {@link #copyPanels} into float panels. */
    private static void copyPanels(double[] src, int off, int kStride, int full, int kc, int width, float[] dst) {
        for (int p = 0; p < kc; p++) {
            int s = off + p * kStride;
            for (int w0 = 0; w0 < full; w0 += width) {
                int d = w0 * kc + p * width;
                for (int v = 0; v < width; v += LANES) {
                    int u = lane(v, width);
                    ((FloatVector) DoubleVector.fromArray(D, src, s + w0 + u).convertShape(VectorOperators.D2F, F, 0)).intoArray(dst, d + u);
                }
            }
        }
    }

    /** The first {@code full} lines of a transpose, a whole number of vectors per panel: one gather per vector of lines and step. */
    private static void gatherPanels(double[] src, int off, int lineStride, int kStride, int full, int kc, int width, double[] dst) {
        int[] idx = lineOffsets(width, lineStride);
        for (int w0 = 0; w0 < full; w0 += width) {
            int base = w0 * kc, line0 = off + w0 * lineStride;
            for (int p = 0; p < kc; p++) {
                int s = line0 + p * kStride, d = base + p * width;
                for (int v = 0; v < width; v += LANES) DoubleVector.fromArray(D, src, s, idx, v).intoArray(dst, d + v);
            }
        }
    }

    /** {@link #gatherPanels} into float panels. */
    private static void gatherPanels(double[] src, int off, int lineStride, int kStride, int full, int kc, int width, float[] dst) {
        int[] idx = lineOffsets(width, lineStride);
        for (int w0 = 0; w0 < full; w0 += width) {
            int base = w0 * kc, line0 = off + w0 * lineStride;
            for (int p = 0; p < kc; p++) {
                int s = line0 + p * kStride, d = base + p * width;
                for (int v = 0; v < width; v += LANES) {
                    ((FloatVector) DoubleVector.fromArray(D, src, s, idx, v).convertShape(VectorOperators.D2F, F, 0)).intoArray(dst, d + v);
                }
            }
        }
    }

    /**
     * The full panels of a transpose into panels of 6 lines (the 6-row tile on AVX2, whose 4-lane vectors do not
     * divide it), the 6 lines side by side: {@code dst[w0 kc + 6 p + w] = src[off + (w0 + w) lineStride + p kStride]}.
     * Six reads that advance together and six adjacent writes per step, where {@link Packing}'s loop copies one
     * line at a time in runs of 8 steps.
     */
    private static void packSix(double[] src, int off, int lineStride, int kStride, int full, int kc, double[] dst) {
        for (int w0 = 0; w0 < full; w0 += 6) {
            int l0 = off + w0 * lineStride, l1 = l0 + lineStride, l2 = l1 + lineStride, l3 = l2 + lineStride, l4 = l3 + lineStride, l5 = l4 + lineStride;
            for (int p = 0, s = 0, d = w0 * kc; p < kc; p++, s += kStride, d += 6) {
                dst[d] = src[l0 + s];
                dst[d + 1] = src[l1 + s];
                dst[d + 2] = src[l2 + s];
                dst[d + 3] = src[l3 + s];
                dst[d + 4] = src[l4 + s];
                dst[d + 5] = src[l5 + s];
            }
        }
    }

    /** {@link #packSix} into float panels, each value rounded to the nearest float. */
    private static void packSix(double[] src, int off, int lineStride, int kStride, int full, int kc, float[] dst) {
        for (int w0 = 0; w0 < full; w0 += 6) {
            int l0 = off + w0 * lineStride, l1 = l0 + lineStride, l2 = l1 + lineStride, l3 = l2 + lineStride, l4 = l3 + lineStride, l5 = l4 + lineStride;
            for (int p = 0, s = 0, d = w0 * kc; p < kc; p++, s += kStride, d += 6) {
                dst[d] = (float) src[l0 + s];
                dst[d + 1] = (float) src[l1 + s];
                dst[d + 2] = (float) src[l2 + s];
                dst[d + 3] = (float) src[l3 + s];
                dst[d + 4] = (float) src[l4 + s];
                dst[d + 5] = (float) src[l5 + s];
            }
        }
    }
}

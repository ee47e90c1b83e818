package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Packing#packB} for the vector kernels, equal to it value for value (tests): the full panels of a gathered
 * op(B) are packed with vector gathers, one vector of lanes per load,
 * <pre>  dst[d + v .. d + v + L) = b[bOff + bRows[p] + bCols[c0 + v .. c0 + v + L)]     (rounded to float when dst is)</pre>
 * instead of one value at a time; a short last panel, and a strided op(B), go through {@link Packing}.
 */
final class VectorGather {
    private VectorGather() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = D.length();
    /** As many floats as a vector has doubles, in a vector of half the size. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    static void packB(GemmView g, int pc, int kc, int jc, int count, int width, double[] dst) {
        int full = count / width * width;
        if (!g.isGathered() || width % LANES != 0) {
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
        if (!g.isGathered() || width % LANES != 0) {
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
}

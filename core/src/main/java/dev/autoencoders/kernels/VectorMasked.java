package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Masked}'s loops on {@code jdk.incubator.vector}: a compare gives the lane mask, a masked add applies it. */
final class VectorMasked {
    private VectorMasked() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** {@code acc[i] += g[i]} for i in {@code [from, to)} in the lanes where {@code x[i] > 0} (false for NaN), then the reference loop on the tail. */
    static void addWherePositive(double[] acc, double[] g, double[] x, int from, int to) {
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, x, i).compare(VectorOperators.GT, 0.0);
            DoubleVector a = DoubleVector.fromArray(S, acc, i);
            a.add(DoubleVector.fromArray(S, g, i), positive).intoArray(acc, i);
        }
        Masked.addWherePositive(acc, g, x, i, to);
    }

    /** {@code out[i] = g[i]} in the lanes where {@code x[i] > 0} (false for NaN), 0 in the others, then the reference loop on the tail. */
    static void writeWherePositive(double[] out, double[] g, double[] x, int from, int to) {
        int i = from;
        DoubleVector zero = DoubleVector.zero(S);
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, x, i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(S, g, i), positive).intoArray(out, i);
        }
        Masked.writeWherePositive(out, g, x, i, to);
    }
}

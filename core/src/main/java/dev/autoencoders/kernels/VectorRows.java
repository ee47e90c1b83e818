package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LookupConv}'s row addition on {@code jdk.incubator.vector}: whole vectors, then the reference loop on the
 * tail. Each element gets the same single addition as in the reference, so the bits are the same.
 */
final class VectorRows {
    private VectorRows() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** {@code dst[d .. d + len) += src[s .. s + len)}. */
    static void add(double[] dst, int d, double[] src, int s, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            DoubleVector.fromArray(S, dst, d + i).add(DoubleVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) dst[d + i] += src[s + i];
    }
}

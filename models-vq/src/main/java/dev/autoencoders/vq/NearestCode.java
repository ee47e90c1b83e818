package dev.autoencoders.vq;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The nearest-neighbour look-up of vector quantization: for each row {@code z_i} of {@code z: (M, D)} the index of
 * the closest codebook row of {@code e: (K, D)} in squared Euclidean distance,
 * <pre>  k_i = argmin_k ||z_i - e_k||^2 ,   ties broken by the lowest index k.</pre>
 * The distances come from the expansion
 * <pre>  ||z_i - e_k||^2 = ||z_i||^2 - 2 z_i . e_k + ||e_k||^2 ,</pre>
 * whose middle term for all pairs is one matrix product {@code z e^T: (M, K)} (as the PyTorch twin computes it),
 * instead of M K loops over D. The expansion rounds differently from the direct sum: two codes at the same true
 * distance (a duplicated codebook row) can come out an ulp apart. So every code within a relative 1e-9 of the
 * row's smallest expanded distance is compared again by the direct sum {@code sum_d (z_id - e_kd)^2}, and the
 * lowest index among the exact minima wins. The result is then the brute-force answer, bit for bit.
 * No gradient: argmin is piecewise constant (the straight-through estimator of {@link VectorQuantizer} goes around it).
 */
public final class NearestCode {
    private NearestCode() {}

    /** Relative width of the band of near-minimal expanded distances that is re-checked by the direct sum. */
    static final double RECHECK_BAND = 1e-9;

    /** The code index of every row: {@code z: (M, D), e: (K, D) -> M indices in [0, K)}. */
    public static int[] search(Tensor z, Tensor e) {
        if (z.rank() != 2 || e.rank() != 2 || z.dim(1) != e.dim(1)) {
            throw new ShapeException("nearest code", "needs vectors z (M, D) and a codebook e (K, D) of the same D", z.shape(), e.shape());
        }
        Tensor d = squaredDistances(z, e);
        int m = z.dim(0), k = e.dim(0), dim = z.dim(1);
        int[] codes = d.argmin(1);
        double[] dd = d.data(), zd = z.data(), ed = e.data();
        for (int i = 0; i < m; i++) {
            double min = dd[i * k + codes[i]];
            double band = RECHECK_BAND * (Math.abs(min) + rowNormSquared(zd, i, dim) + 1e-300);
            int best = -1;
            double bestExact = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (dd[i * k + c] > min + band) continue;
                double exact = directDistance(zd, i, ed, c, dim);
                if (exact < bestExact) {
                    bestExact = exact;
                    best = c;
                }
            }
            if (best >= 0) codes[i] = best; // (best stays -1 only for NaN distances; argmin's pick is kept)
        }
        return codes;
    }

    /**
     * All squared distances by the expansion: {@code z: (M, D), e: (K, D) -> (M, K)},
     * {@code d[i, k] = ||z_i||^2 - 2 z_i . e_k + ||e_k||^2}. Computed without a graph.
     */
    public static Tensor squaredDistances(Tensor z, Tensor e) {
        try (GradMode.Scope s = GradMode.off()) {
            // @lab vq begin
            Tensor zz = z.square().sum(1, true);            // ||z_i||^2: (M, 1)
            Tensor ee = e.square().sum(1, false);           // ||e_k||^2: (K)
            Tensor ze = z.matmul(e.t());                    // z_i . e_k: (M, K)
            // ||z_i||^2 - 2 z_i . e_k + ||e_k||^2
            return zz.sub(ze.mul(2)).add(ee);
            // @lab vq end -> return Lab.todo("vq", "NearestCode.squaredDistances");
        }
    }

    /** {@code ||z_i - e_c||^2} summed directly over the D coordinates, in index order. */
    static double directDistance(double[] z, int i, double[] e, int c, int dim) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
            double diff = z[i * dim + j] - e[c * dim + j];
            s += diff * diff;
        }
        return s;
    }

    private static double rowNormSquared(double[] z, int i, int dim) {
        double s = 0;
        for (int j = 0; j < dim; j++) s += z[i * dim + j] * z[i * dim + j];
        return s;
    }
}

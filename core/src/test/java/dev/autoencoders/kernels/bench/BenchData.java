package dev.autoencoders.kernels.bench;

import dev.autoencoders.random.Rng;

/** Operands of the JMH benchmarks. */
final class BenchData {
    private BenchData() {}

    /** {@code length} values drawn uniformly from [-1, 1). */
    static double[] uniform(Rng rng, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) v[i] = rng.uniform(-1, 1);
        return v;
    }
}

package dev.autoencoders.tensor;

import dev.autoencoders.random.Rng;

/** Test data: tensors of given shapes with values drawn from a seeded generator (shared by the modules' tests). */
public final class Gen {
    private Gen() {}

    /** Uniform values in [lo, hi), marked as requiring a gradient. */
    public static Tensor var(long seed, double lo, double hi, int... shape) {
        return Tensor.uniform(new Rng(seed), lo, hi, shape).requiresGrad(true);
    }

    /** Values with |x| in [lo, hi] and a random sign: away from the kink at 0 of relu, abs, leaky relu. */
    public static Tensor awayFromZero(long seed, double lo, double hi, int... shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(lo, hi);
        return t.requiresGrad(true);
    }

    /**
     * Distinct values at least {@code gap} apart, in random order: for max and max-pool, whose gradient
     * is not defined at ties (the finite-difference step must not swap the order).
     */
    public static Tensor distinct(long seed, double gap, int... shape) {
        Rng rng = new Rng(seed);
        int n = Shape.numel(shape);
        int[] perm = rng.permutation(n);
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < n; i++) d[i] = (perm[i] - n / 2.0) * gap + rng.uniform(0, gap / 4);
        return t.requiresGrad(true);
    }

    /** A shape of the given rank with dimensions in [1, maxDim], from the seed. */
    public static int[] shape(long seed, int rank, int maxDim) {
        Rng rng = new Rng(seed ^ 0x5DEECE66DL);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = 1 + rng.nextInt(maxDim);
        return s;
    }
}

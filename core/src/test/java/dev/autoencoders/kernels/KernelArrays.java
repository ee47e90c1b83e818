package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;

/** The arrays and the comparison the kernels' property tests share. */
final class KernelArrays {
    private KernelArrays() {}

    /** n values drawn uniformly from [-1, 1). */
    static double[] rand(Rng rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
        return a;
    }

    /** |a| elementwise. */
    static double[] abs(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.abs(a[i]);
        return r;
    }

    /** |got - ref| <= bound * S elementwise, S the same sum over absolute values (which bounds every partial sum). */
    static void within(double[] got, double[] ref, double[] s, double bound, String what) {
        for (int i = 0; i < ref.length; i++) {
            assertThat(Math.abs(got[i] - ref[i])).as("%s element %d", what, i).isLessThanOrEqualTo(bound * s[i]);
        }
    }
}

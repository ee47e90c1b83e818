package dev.autoencoders.examples.playground;

import dev.autoencoders.tensor.Tensor;

/** Rows picked out of a batch of flat images, without recording a graph. */
final class Rows {
    private Rows() {}

    /** The rows {@code idx} of {@code x: (N, D)}: {@code -> (idx.length, D)}. */
    static Tensor pick(Tensor x, int... idx) {
        int d = x.dim(1);
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) System.arraycopy(x.data(), idx[i] * d, out, i * d, d);
        return Tensor.of(out, idx.length, d);
    }
}

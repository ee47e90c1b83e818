package dev.autoencoders.notebooks.ae;

import dev.autoencoders.tensor.Tensor;

/** Display helpers of the notebooks' figures. */
final class Figures {
    private Figures() {}

    /** Nearest-neighbour enlargement for legible small images: {@code (N, C, H, W) -> (N, C, fH, fW)}. */
    static Tensor upscale(Tensor x, int f) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        double[] a = x.data(), y = new double[n * c * h * f * w * f];
        for (int p = 0; p < n * c; p++) {
            for (int r = 0; r < h * f; r++) {
                for (int s = 0; s < w * f; s++) y[(p * h * f + r) * w * f + s] = a[(p * h + r / f) * w + s / f];
            }
        }
        return Tensor.of(y, n, c, h * f, w * f);
    }
}

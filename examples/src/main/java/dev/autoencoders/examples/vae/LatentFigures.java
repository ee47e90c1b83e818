package dev.autoencoders.examples.vae;

import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;

/** The latent codes behind the VAE's figures: the 2-D manifold grid and the interpolation between two codes. */
final class LatentFigures {
    private LatentFigures() {}

    /**
     * The codes of a {@code side x side} grid over {@code [-extent, extent]^2} of a 2-D latent space, row by row with
     * z2 decreasing downwards and z1 increasing rightwards (as a plot's axes): {@code -> (side * side, 2)}.
     */
    static Tensor grid2d(int side, double extent) {
        double[] z = new double[side * side * 2];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int k = r * side + c;
                z[2 * k] = -extent + 2 * extent * c / (side - 1);
                z[2 * k + 1] = extent - 2 * extent * r / (side - 1);
            }
        }
        return Tensor.of(z, side * side, 2);
    }

    /**
     * {@code steps} codes on the straight line from {@code a} to {@code b}, both ends included:
     * {@code z_t = (1 - t) a + t b}, {@code t = 0, 1/(steps-1), ..., 1}; {@code a, b: (1, L) -> (steps, L)}.
     */
    static Tensor line(Tensor a, Tensor b, int steps) {
        Tensor[] rows = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            // z_t = (1 - t) a + t b
            rows[i] = a.mul(1 - t).add(b.mul(t));
        }
        return Reshaping.concat(0, rows);
    }
}

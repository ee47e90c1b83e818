package dev.autoencoders.notebooks.vq;

import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.VqVae;

/** Small, quick versions of the VQ pipeline for the notebooks: training loops and code maps. */
final class SmallVq {
    private SmallVq() {}

    /** Trains a VQ-VAE with Adam 1e-3, batch 64, with the codebook maintenance after each step. */
    static void trainVqVae(VqVae vq, Tensor images, int epochs, Rng rng) {
        trainVqVae(vq, images, epochs, 1e-3, 64, rng);
    }

    /** As above with the learning rate and batch size given. */
    static void trainVqVae(VqVae vq, Tensor images, int epochs, double lr, int batchSize, Rng rng) {
        Trainer t = new Trainer(new Adam(vq.parameters(), lr), images.dim(0), batchSize, rng);
        t.fit(epochs, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(images, batch);
            VqVae.Output out = vq.forward(x);
            vq.codebook.update(out.quantization(), noise);
            return vq.loss(out, x);
        }, null);
    }

    /** Trains a prior over 7x7 code maps (49 codes per image) with Adam 1e-3, batch 64. */
    static void trainPrior(PixelCnn prior, int[] codes, int epochs, Rng rng) {
        int n = codes.length / 49;
        Trainer t = new Trainer(new Adam(prior.parameters(), 1e-3), n, 64, rng);
        t.fit(epochs, (batch, noise) -> {
            int[] b = new int[batch.length * 49];
            for (int i = 0; i < batch.length; i++) System.arraycopy(codes, batch[i] * 49, b, i * 49, 49);
            return prior.loss(b, batch.length, 7, 7);
        }, null);
    }

    /** The code maps of images {@code (N, 1, 28, 28)}: N*49 codes. */
    static int[] codes(VqVae vq, Tensor images) {
        try (GradMode.Scope s = GradMode.off()) {
            return vq.codes(images);
        }
    }

    /**
     * For each image of {@code a: (N, 1, 28, 28)} the distance to its nearest neighbour in {@code b: (M, 1, 28, 28)},
     * as the mean squared pixel difference {@code min_j ||a_i - b_j||^2 / 784}.
     */
    static double[] nearestNeighbourDistances(Tensor a, Tensor b) {
        int n = a.dim(0), m = b.dim(0), p = 784;
        double[] out = new double[n];
        try (GradMode.Scope s = GradMode.off()) {
            Tensor af = a.reshape(n, p), bf = b.reshape(m, p);
            // ||a_i - b_j||^2 = ||a_i||^2 - 2 a_i . b_j + ||b_j||^2
            Tensor d = af.square().sum(1, true).sub(af.matmul(bf.t()).mul(2)).add(bf.square().sum(1, false));
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) best = Math.min(best, d.data()[i * m + j]);
                out[i] = Math.max(best, 0) / p;
            }
        }
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}

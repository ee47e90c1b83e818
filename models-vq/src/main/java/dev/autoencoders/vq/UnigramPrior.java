package dev.autoencoders.vq;

import dev.autoencoders.random.Rng;

/**
 * The baseline prior that ignores position and context: every code independently with its frequency in the
 * training code maps, add-one (Laplace) smoothed so that a code never seen in training keeps a finite cost,
 * <pre>  p(k) = (c_k + 1) / (C + K) ,   C = sum_k c_k ,</pre>
 * and the negative log-likelihood of codes {@code k_1..k_M}: {@code -(1/M) sum_i ln p(k_i)} nats per code. Against it
 * (and against the uniform prior, {@code ln K} nats per code) the PixelCNN's gain is measured; drawing every position
 * of a code map from it independently gives the "independently drawn codes" of the post.
 */
public final class UnigramPrior {
    private final double[] p;

    /** Fits the frequencies of {@code trainCodes} (values in [0, K)). */
    public UnigramPrior(int[] trainCodes, int k) {
        long[] c = CodeUsage.counts(trainCodes, k);
        long total = trainCodes.length;
        this.p = new double[k];
        // p(k) = (c_k + 1) / (C + K)
        for (int i = 0; i < k; i++) p[i] = (c[i] + 1.0) / (total + k);
    }

    /** {@code p(k)} for every k (a copy). */
    public double[] probabilities() {
        return p.clone();
    }

    /** {@code -(1/M) sum_i ln p(k_i)}, in nats per code. */
    public double nll(int[] codes) {
        double s = 0;
        for (int c : codes) {
            if (c < 0 || c >= p.length) throw new IllegalArgumentException("code " + c + " outside [0, " + p.length + ")");
            s -= Math.log(p[c]);
        }
        return s / codes.length;
    }

    /** {@code m} codes drawn independently from p. */
    public int[] sample(int m, Rng rng) {
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = rng.categorical(p);
        return out;
    }
}

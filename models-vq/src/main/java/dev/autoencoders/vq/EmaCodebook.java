package dev.autoencoders.vq;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.tensor.Tensor;

/**
 * The exponential-moving-average codebook update (van den Oord et al. 2017, appendix A.1; Razavi et al. 2019).
 * After each training batch, with {@code n_k} the number of the batch's M encoder vectors assigned to code k
 * (so {@code sum_k n_k = M}) and {@code s_k} their sum:
 * <pre>
 *   N_k <- gamma N_k + (1 - gamma) n_k                        (cluster size)
 *   m_k <- gamma m_k + (1 - gamma) s_k                        (sum of assigned vectors)
 *   N~_k = (N_k + eps) / (n + K eps) * n ,   n = sum_k N_k    (Laplace smoothing: no N~_k is 0 when eps > 0)
 *   e_k  = m_k / N~_k
 * </pre>
 * Each code moves to the running mean of the vectors assigned to it (with gamma = 0 and eps = 0: exactly the mean
 * of this batch's vectors), which is what the codebook loss does by gradient descent, without a learning rate.
 * The smoothing keeps {@code sum_k N~_k = n}. A code whose smoothed size is 0 (possible only with eps = 0) keeps its
 * vector: there is no division by a zero count.
 */
final class EmaCodebook {
    private EmaCodebook() {}

    /**
     * Updates the quantizer's {@code cluster_size}, {@code embed_avg} and codebook in place.
     *
     * @param vectors the batch's encoder outputs {@code z: (M, D)}
     * @param codes   their codes (M)
     * @param counts  {@code n_k}, the cluster sizes of this batch before smoothing
     */
    static void update(VectorQuantizer vq, Tensor vectors, int[] codes, long[] counts) {
        int k = vq.config.codes(), d = vq.config.dim();
        double gamma = vq.config.decay();
        double[] sizes = vq.clusterSize.data(), avg = vq.embedAvg.data(), e = vq.weight.data();
        double[] sums = assignedSums(vectors, codes, k);
        // @lab vq begin
        for (int c = 0; c < k; c++) {
            // N_k <- gamma N_k + (1 - gamma) n_k
            sizes[c] = gamma * sizes[c] + (1 - gamma) * counts[c];
            // m_k <- gamma m_k + (1 - gamma) s_k
            for (int j = 0; j < d; j++) avg[c * d + j] = gamma * avg[c * d + j] + (1 - gamma) * sums[c * d + j];
        }
        double[] smoothed = laplaceSmoothed(sizes, vq.config.epsilon());
        for (int c = 0; c < k; c++) {
            if (!(smoothed[c] > 0)) continue; // no division by a zero count: the code keeps its vector
            // e_k = m_k / N~_k
            for (int j = 0; j < d; j++) e[c * d + j] = avg[c * d + j] / smoothed[c];
        }
        // @lab vq end -> Lab.todo("vq", "EmaCodebook.update");
    }

    /** {@code s_k = sum_{i : code_i = k} z_i}: {@code z: (M, D) -> (K, D)} as a flat array. */
    static double[] assignedSums(Tensor vectors, int[] codes, int k) {
        int d = vectors.dim(1);
        double[] z = vectors.data(), s = new double[k * d];
        for (int i = 0; i < codes.length; i++) {
            for (int j = 0; j < d; j++) s[codes[i] * d + j] += z[i * d + j];
        }
        return s;
    }

    /** {@code N~_k = (N_k + eps) / (n + K eps) * n} with {@code n = sum_k N_k}. */
    static double[] laplaceSmoothed(double[] sizes, double eps) {
        int k = sizes.length;
        double n = 0;
        for (double v : sizes) n += v;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) out[c] = (sizes[c] + eps) / (n + k * eps) * n;
        return out;
    }
}

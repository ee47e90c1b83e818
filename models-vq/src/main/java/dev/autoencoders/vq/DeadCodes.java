package dev.autoencoders.vq;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * Dead-code restart: a code that no encoder vector chose for {@code restartAfter} consecutive training steps can no
 * longer learn (neither the codebook loss nor the EMA update moves an unused code), so it is put back where the
 * data is: onto an encoder output of the current batch, drawn uniformly with the seeded generator
 * (Dhariwal et al. 2020, Jukebox; Zeghidour et al. 2021, SoundStream). This is the usual cure of the codebook
 * collapse, where a handful of codes take every position. A restarted code starts with a fresh EMA history
 * ({@code N_k = 1}, {@code m_k = e_k}) and a zero idle count.
 */
final class DeadCodes {
    private DeadCodes() {}

    /**
     * Counts idle steps and restarts the codes idle for {@code restartAfter} steps, in index order.
     *
     * @param vectors the batch's encoder outputs {@code z: (M, D)}
     * @param counts  how many of them chose each code
     * @return the number of codes restarted
     */
    static int restart(VectorQuantizer vq, Tensor vectors, long[] counts, Rng rng) {
        int k = vq.config.codes(), d = vq.config.dim(), m = vectors.dim(0);
        double[] idle = vq.unusedSteps.data(), e = vq.weight.data(), z = vectors.data();
        int restarted = 0;
        for (int c = 0; c < k; c++) {
            idle[c] = counts[c] > 0 ? 0 : idle[c] + 1;
            if (idle[c] < vq.config.restartAfter()) continue;
            // e_k <- z_j for a random j of the batch
            int j = rng.nextInt(m);
            System.arraycopy(z, j * d, e, c * d, d);
            if (vq.embedAvg != null) {
                System.arraycopy(z, j * d, vq.embedAvg.data(), c * d, d);
                vq.clusterSize.data()[c] = 1;
            }
            idle[c] = 0;
            restarted++;
        }
        return restarted;
    }
}

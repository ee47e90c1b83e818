package dev.autoencoders.examples.playground;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.vq.PixelCnn;
import java.util.function.Consumer;

/**
 * Panel 6: ancestral sampling of one code map from the PixelCNN prior, one position at a time, as
 * {@link PixelCnn#sample}: for i = 1 .. 49 in raster order, run the network on the codes drawn so far (later positions
 * hold 0, which the masks hide from position i) and draw {@code k_i ~ softmax(logits_i / T)}. Each step is handed
 * out with the distribution it was drawn from, so the page can show it; the same generator state draws the same
 * codes as {@code PixelCnn.sample(1, 7, 7, T, rng)}.
 */
final class PixelCnnSteps {
    private PixelCnnSteps() {}

    /**
     * One step: position {@code position} (0-based, raster order) got {@code code}, drawn from {@code probs}
     * (K probabilities); {@code codes} are the 49 codes drawn so far (later positions 0).
     */
    record Step(int position, int code, double[] probs, int[] codes) {}

    /** Draws the 49 codes, handing each step to {@code out} as soon as it is drawn; returns the code map. */
    static int[] sample(PixelCnn prior, double temperature, Rng rng, Consumer<Step> out) {
        int k = prior.config.codes(), hw = VqPanels.CELLS;
        int[] codes = new int[hw];
        double[] w = new double[k];
        for (int i = 0; i < hw; i++) {
            double[] z;
            try (GradMode.Scope g = GradMode.off()) {
                z = prior.logits(codes, 1, VqPanels.SIDE, VqPanels.SIDE).data(); // (1, K, 7, 7)
            }
            // p(c) = exp((z_c - max) / T) / sum, shifted by the largest logit so nothing overflows
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < k; c++) max = Math.max(max, z[c * hw + i]);
            for (int c = 0; c < k; c++) sum += w[c] = Math.exp((z[c * hw + i] - max) / temperature);
            codes[i] = rng.categorical(w);
            double[] p = new double[k];
            for (int c = 0; c < k; c++) p[c] = w[c] / sum;
            out.accept(new Step(i, codes[i], p, codes.clone()));
        }
        return codes;
    }
}

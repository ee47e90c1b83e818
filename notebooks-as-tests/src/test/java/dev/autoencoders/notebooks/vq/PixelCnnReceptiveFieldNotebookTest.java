package dev.autoencoders.notebooks.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.PixelCnn;
import org.junit.jupiter.api.Test;

/**
 * What the twin PixelCNN (7x7 mask A, 2 residual blocks with 3x3 mask B, 2 1x1 layers) sees from a 7x7 code grid:
 * for a position i, change each code j in turn and note whether the logits at i move. The masks promise that no
 * position j >= i does. Stacking masked convolutions leaves a "blind spot" (van den Oord et al. 2016, Gated PixelCNN):
 * earlier positions that no path of masked kernels reaches, up and to the right of a position at the start of a row,
 * and, on this small grid, far to the left of a position at the right edge (beyond the 7x7 kernel's reach). Figure: one 7x7 map per position, red = i, blue = a code
 * the logits at i depend on, grey = an earlier code they ignore (blind spot), white = later codes.
 */
class PixelCnnReceptiveFieldNotebookTest {

    /** For each j: does changing code j change the logits at position i? One batch of 49 grids, grid j with code j changed. */
    static boolean[] dependsOn(PixelCnn p, int[] codes, int i) {
        int hw = 49, k = p.config.codes();
        int[] batch = new int[hw * hw];
        for (int j = 0; j < hw; j++) {
            System.arraycopy(codes, 0, batch, j * hw, hw);
            batch[j * hw + j] = (codes[j] + 1) % k;
        }
        double[] base, z;
        try (GradMode.Scope s = GradMode.off()) {
            base = p.logits(codes, 1, 7, 7).data();
            z = p.logits(batch, hw, 7, 7).data();
        }
        boolean[] out = new boolean[hw];
        for (int j = 0; j < hw; j++) {
            for (int c = 0; c < k; c++) out[j] |= z[(j * k + c) * hw + i] != base[c * hw + i];
        }
        return out;
    }

    @Test
    void thePixelCnnSeesOnlyEarlierCodesAndHasABlindSpot() {
        PixelCnn p = new PixelCnn(PixelCnn.Config.twin(128), new Rng(1));
        Rng rng = new Rng(2);
        int[] codes = new int[49];
        for (int j = 0; j < 49; j++) codes[j] = rng.nextInt(128);
        int[] positions = {3 * 7 + 3, 3 * 7, 4 * 7 + 6, 6 * 7 + 6};
        int scale = 16;
        double[] img = new double[positions.length * 3 * 49 * scale * scale];
        Metrics m = new Metrics();
        int blindTotal = 0;
        for (int t = 0; t < positions.length; t++) {
            int i = positions[t];
            boolean[] dep = dependsOn(p, codes, i);
            int blind = 0;
            for (int j = 0; j < 49; j++) {
                if (j >= i) assertThat(dep[j]).as("position %d must not see code %d", i, j).isFalse();
                if (j < i && !dep[j]) blind++;
                double[] rgb = j == i ? new double[] {0.85, 0.1, 0.1} : dep[j] ? new double[] {0.12, 0.47, 0.71} : j < i ? new double[] {0.6, 0.6, 0.6} : new double[] {1, 1, 1};
                for (int a = 0; a < scale; a++) {
                    for (int b = 0; b < scale; b++) {
                        int y = (j / 7) * scale + a, x = (j % 7) * scale + b;
                        for (int ch = 0; ch < 3; ch++) img[((t * 3 + ch) * 7 * scale + y) * 7 * scale + x] = rgb[ch] * (a == 0 || b == 0 ? 0.8 : 1);
                    }
                }
            }
            assertThat(dep[i % 7 > 0 ? i - 1 : i - 7]).as("position %d sees its left neighbour or the code above", i).isTrue();
            m.put("blind_spot_at_" + (i / 7) + "_" + (i % 7), blind);
            blindTotal += blind;
        }
        ImageGrid.save(Tensor.of(img, positions.length, 3, 7 * scale, 7 * scale), Notebook.file("vq", "pixelcnn_receptive_field.png"),
                ImageGrid.Options.DEFAULT.withPadValue(1).withPadding(4));
        Notebook.record("vq", "pixelcnn_receptive_field", m);
        assertThat(blindTotal).as("some earlier codes are invisible").isPositive();
    }
}

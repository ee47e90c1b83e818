package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * PixelCNN causality: the logits at grid position i (raster order) do not change when any code at a position >= i
 * changes, and do change when an earlier one changes (the left neighbour or the one above); for every stack size.
 */
class PixelCnnCausalityProperties {

    /** The K logits at position i of sample 0: {@code z: (1, K, H, W)}. */
    private static double[] at(double[] z, int k, int hw, int i) {
        double[] v = new double[k];
        for (int c = 0; c < k; c++) v[c] = z[c * hw + i];
        return v;
    }

    private static int[] changed(int[] codes, int j, int k, Rng rng) {
        int[] c = codes.clone();
        c[j] = (c[j] + 1 + rng.nextInt(k - 1)) % k; // a different code
        return c;
    }

    @Property(tries = 60)
    @Tag("lab-pixelcnn")
    void logitsAtADependOnlyOnEarlierCodes(@ForAll @IntRange(min = 0, max = 3) int residualBlocks, @ForAll @IntRange(min = 0, max = 3) int outputLayers,
                                           @ForAll @IntRange(min = 1, max = 3) int kernelHalf, @ForAll @IntRange(min = 1, max = 6) int h,
                                           @ForAll @IntRange(min = 2, max = 6) int w, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int k = 6, hw = h * w;
        PixelCnn p = new PixelCnn(new PixelCnn.Config(k, 16, 2 * kernelHalf + 1, residualBlocks, outputLayers, 0), rng);
        int[] codes = new int[hw];
        for (int j = 0; j < hw; j++) codes[j] = rng.nextInt(k);
        int i = 1 + rng.nextInt(hw - 1);
        double[] base = at(p.logits(codes, 1, h, w).data(), k, hw, i);
        for (int j = i; j < hw; j++) {
            assertThat(at(p.logits(changed(codes, j, k, rng), 1, h, w).data(), k, hw, i)).as("position %d after changing %d", i, j).containsExactly(base);
        }
        int earlier = i % w > 0 ? i - 1 : i - w; // the left neighbour, or the one above at the start of a row
        assertThat(at(p.logits(changed(codes, earlier, k, rng), 1, h, w).data(), k, hw, i)).as("position %d after changing %d", i, earlier).isNotEqualTo(base);
    }

    /** The bottom prior of VQ-VAE-2: causal in its own codes, and it reads the coarse code above each position. */
    @Property(tries = 30)
    @Tag("lab-pixelcnn")
    void aConditionalPriorIsCausalInItsCodesAndSeesTheCoarseCodes(@ForAll @IntRange(min = 0, max = 2) int residualBlocks,
                                                                   @ForAll @IntRange(min = 0, max = 2) int outputLayers,
                                                                   @ForAll @IntRange(min = 1, max = 4) int side, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int k = 5, kc = 4, h = 2 * side - 1, w = 2 * side + 1, hw = h * w, ch = side, cw = side + 1;
        PixelCnn p = new PixelCnn(new PixelCnn.Config(k, 16, 3, residualBlocks, outputLayers, kc), rng);
        int[] codes = new int[hw], coarse = new int[ch * cw];
        for (int j = 0; j < hw; j++) codes[j] = rng.nextInt(k);
        for (int j = 0; j < coarse.length; j++) coarse[j] = rng.nextInt(kc);
        int i = rng.nextInt(hw);
        double[] base = at(p.logits(codes, 1, h, w, coarse).data(), k, hw, i);
        for (int j = i; j < hw; j++) {
            assertThat(at(p.logits(changed(codes, j, k, rng), 1, h, w, coarse).data(), k, hw, i)).containsExactly(base);
        }
        int above = (i / w / 2) * cw + (i % w) / 2;
        assertThat(at(p.logits(codes, 1, h, w, changed(coarse, above, kc, rng)).data(), k, hw, i)).isNotEqualTo(base);
    }
}

package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CropsTest {

    /** 5 images of 6x6 whose pixels are all distinct, so that a crop's values say where it came from. */
    private static Tensor images() {
        double[] x = new double[5 * 36];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return Tensor.of(x, 5, 1, 6, 6);
    }

    @Test
    void everyCropIsTheWindowOfTheImageAndPositionTheDocumentedDrawsPick() {
        Tensor images = images();
        int n = 2_500, size = 3; // more than one chunk of 1,000
        Tensor crops = Crops.draw(images, n, size, new Rng(4));
        assertThat(crops.shape()).containsExactly(n, 9);
        // replay the draws as the Javadoc states them: all n image indices, then the positions image by image
        Rng rng = new Rng(4);
        int[] which = new int[n];
        for (int k = 0; k < n; k++) which[k] = rng.nextInt(5);
        double[] c = crops.data();
        for (int k = 0; k < n; k++) {
            int top = rng.nextInt(6 - size + 1), left = rng.nextInt(6 - size + 1);
            for (int r = 0; r < size; r++) {
                for (int s = 0; s < size; s++) {
                    assertThat(c[k * 9 + r * size + s]).as("crop %d (%d, %d)", k, r, s)
                            .isEqualTo(which[k] * 36 + (top + r) * 6 + left + s);
                }
            }
        }
    }

    @Test
    void sameSeedSameCrops() {
        assertThat(Crops.draw(images(), 40, 4, new Rng(9)).data()).containsExactly(Crops.draw(images(), 40, 4, new Rng(9)).data());
    }

    @Test
    void badCountsAndSizesAreRefusedWithTheValues() {
        assertThatThrownBy(() -> Crops.draw(images(), 0, 3, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Crops: the number of crops must be >= 1, got 0");
        assertThatThrownBy(() -> Crops.draw(images(), 10, 7, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Crops: a 7x7 crop does not fit images of 6x6");
    }
}

package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TransformsTest {

    @Test
    void toUnitIntervalAndBack() {
        Tensor x = Transforms.toUnitInterval(new byte[] {0, (byte) 51, (byte) 255, 102}, 2, 2);
        assertThat(x.data()).containsExactly(0.0, 0.2, 1.0, 0.4);
        Tensor y = Transforms.toMinusOneOne(x);
        assertThat(y.shape()).containsExactly(2, 2);
        assertThat(y.data()).containsExactly(new double[] {-1.0, -0.6, 1.0, -0.2}, Offset.offset(1e-15));
        assertThat(Transforms.fromMinusOneOne(y).data()).containsExactly(x.data(), Offset.offset(1e-15));
    }

    @Test
    void binarizeByThreshold() {
        Tensor x = Tensor.of(new double[] {0.0, 0.5, 0.51, 1.0}, 4);
        assertThat(Transforms.binarize(x, 0.5).data()).containsExactly(0.0, 0.0, 1.0, 1.0);
    }

    @Test
    void stochasticBinarizationDrawsBernoulli() {
        int n = 100_000;
        double[] p = new double[n];
        java.util.Arrays.fill(p, 0.3);
        Tensor y = Transforms.binarizeStochastic(Tensor.of(p, n), new Rng(1));
        double mean = 0;
        for (double v : y.data()) {
            assertThat(v).isIn(0.0, 1.0);
            mean += v / n;
        }
        // mean of n Bernoulli(0.3): within 4 standard errors sqrt(0.3 * 0.7 / n)
        assertThat(mean).isCloseTo(0.3, Offset.offset(4 * Math.sqrt(0.21 / n)));
        // p = 0 and p = 1 are certain
        assertThat(Transforms.binarizeStochastic(Tensor.of(new double[] {0, 1, 0, 1}, 4), new Rng(2)).data()).containsExactly(0.0, 1.0, 0.0, 1.0);
        // same seed, same bits; the draws are rng.bernoulli in element order
        Tensor q = Tensor.of(new double[] {0.2, 0.9, 0.5}, 3);
        Rng r = new Rng(9);
        double[] expected = {r.bernoulli(0.2) ? 1 : 0, r.bernoulli(0.9) ? 1 : 0, r.bernoulli(0.5) ? 1 : 0};
        assertThat(Transforms.binarizeStochastic(q, new Rng(9)).data()).containsExactly(expected);
    }

    @Test
    void stochasticBinarizationRejectsNonProbabilities() {
        assertThatThrownBy(() -> Transforms.binarizeStochastic(Tensor.of(new double[] {0.5, 1.5}, 2), new Rng(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 1.5 at flat index 1");
    }

    @Test
    void randomCropIsAWindowAtTheDrawnOffsets() {
        // 2 images, 2 channels, 5 x 6: value = 1000 n + 100 c + 10 r + s
        int n = 2, c = 2, h = 5, w = 6;
        double[] x = new double[n * c * h * w];
        for (int i = 0; i < n; i++) for (int ch = 0; ch < c; ch++) for (int r = 0; r < h; r++) for (int s = 0; s < w; s++) {
            x[((i * c + ch) * h + r) * w + s] = 1000 * i + 100 * ch + 10 * r + s;
        }
        Tensor y = Transforms.randomCrop(Tensor.of(x, n, c, h, w), 3, 2, new Rng(4));
        assertThat(y.shape()).containsExactly(2, 2, 3, 2);
        Rng r = new Rng(4);
        for (int i = 0; i < n; i++) {
            int top = r.nextInt(h - 3 + 1), left = r.nextInt(w - 2 + 1);
            for (int ch = 0; ch < c; ch++) for (int a = 0; a < 3; a++) for (int b = 0; b < 2; b++) {
                assertThat(y.get(i, ch, a, b)).isEqualTo(1000 * i + 100 * ch + 10 * (top + a) + left + b);
            }
        }
    }

    @Test
    void randomCropReachesEveryOffset() {
        boolean[][] seen = new boolean[3][3];
        Rng rng = new Rng(11);
        double[] x = new double[16];
        for (int k = 0; k < 16; k++) x[k] = k;
        for (int t = 0; t < 200; t++) {
            Tensor y = Transforms.randomCrop(Tensor.of(x, 1, 1, 4, 4), 2, 2, rng);
            int first = (int) y.data()[0];
            seen[first / 4][first % 4] = true;
        }
        for (boolean[] row : seen) assertThat(row).containsOnly(true);
    }

    @Test
    void randomCropShapeErrors() {
        assertThatThrownBy(() -> Transforms.randomCrop(Tensor.zeros(1, 1, 4, 4), 5, 2, new Rng(0)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("crop 5x2").hasMessageContaining("[1, 1, 4, 4]");
        assertThatThrownBy(() -> Transforms.randomCrop(Tensor.zeros(4, 4), 2, 2, new Rng(0))).isInstanceOf(ShapeException.class);
    }
}

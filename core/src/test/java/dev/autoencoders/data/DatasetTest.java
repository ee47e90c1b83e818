package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** 4 images 1x2x3 whose pixel k is k (so image i holds 6i .. 6i+5), labels 10..13. */
    static Dataset small() {
        double[] x = new double[4 * 6];
        for (int k = 0; k < x.length; k++) x[k] = k;
        return new Dataset("small", Tensor.of(x, 4, 1, 2, 3), new int[] {10, 11, 12, 13});
    }

    @Test
    void sizesAndFlatView() {
        Dataset d = small();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.features()).isEqualTo(6);
        Tensor f = d.flat();
        assertThat(f.shape()).containsExactly(4, 6);
        assertThat(f.get(2, 5)).isEqualTo(17.0);
    }

    @Test
    void subsetCopiesInTheGivenOrder() {
        Dataset s = small().subset(new int[] {3, 0, 3});
        assertThat(s.images().shape()).containsExactly(3, 1, 2, 3);
        assertThat(s.labels()).containsExactly(13, 10, 13);
        assertThat(s.images().get(0, 0, 1, 2)).isEqualTo(23.0);
        assertThat(s.images().get(1, 0, 0, 0)).isEqualTo(0.0);
        assertThatThrownBy(() -> small().subset(new int[] {4})).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 4 outside [0, 4)");
    }

    @Test
    void takeTheFirstN() {
        assertThat(small().take(2).labels()).containsExactly(10, 11);
        assertThat(small().take(99).size()).isEqualTo(4);
        assertThat(small().take(0).size()).isZero();
    }

    @Test
    void labelsAreCopied() {
        Dataset d = small();
        d.labels()[0] = 99;
        assertThat(d.label(0)).isEqualTo(10);
    }

    @Test
    void shapeErrorsNameTheShapes() {
        assertThatThrownBy(() -> new Dataset("bad", Tensor.zeros(4, 6), new int[4])).isInstanceOf(ShapeException.class)
                .hasMessageContaining("[4, 6]");
        assertThatThrownBy(() -> new Dataset("bad", Tensor.zeros(4, 1, 2, 2), new int[3])).isInstanceOf(ShapeException.class)
                .hasMessageContaining("3 labels for images [4, 1, 2, 2]");
    }

    @Test
    void fromIdxScalesBytesTo01() {
        Idx.Images im = new Idx.Images(1, 1, 3, new byte[] {0, (byte) 128, (byte) 255});
        Dataset d = Dataset.fromIdx("b", im, new int[] {1});
        assertThat(d.images().data()).containsExactly(0.0, 128 / 255.0, 1.0);
        assertThat(d.withImages(Transforms.toMinusOneOne(d.images())).images().data()).containsExactly(-1.0, 2 * 128 / 255.0 - 1, 1.0);
    }
}

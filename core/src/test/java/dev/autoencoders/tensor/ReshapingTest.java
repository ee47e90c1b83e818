package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReshapingTest {
    private final Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void transposeAndPermuteByHand() {
        assertThat(m.t().shape()).containsExactly(3, 2);
        assertThat(m.t().data()).containsExactly(1, 4, 2, 5, 3, 6);
        Tensor nchw = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        // NCHW -> NHWC: the two channels of each pixel become adjacent
        assertThat(nchw.permute(0, 2, 3, 1).data()).containsExactly(1, 5, 2, 6, 3, 7, 4, 8);
    }

    @Test
    void reshapeInfersOneDimensionAndRejectsBadCounts() {
        assertThat(m.reshape(3, -1).shape()).containsExactly(3, 2);
        assertThatThrownBy(() -> m.reshape(4, -1)).isInstanceOf(ShapeException.class).hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> m.reshape(5)).isInstanceOf(ShapeException.class).hasMessageContaining("[5]");
    }

    @Test
    void sliceConcatGatherIndexSelectByHand() {
        assertThat(m.slice(1, 1, 3).data()).containsExactly(2, 3, 5, 6);
        assertThat(Reshaping.concat(0, m, m.slice(0, 0, 1)).data()).containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3);
        assertThat(Reshaping.concat(1, m, m).shape()).containsExactly(2, 6);
        assertThat(Reshaping.gather(m, 1, new int[] {2, 0}).data()).containsExactly(3, 4);
        Tensor table = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
        Tensor rows = Reshaping.indexSelect(table, new int[] {2, 0, 2});
        assertThat(rows.data()).containsExactly(5, 6, 1, 2, 5, 6);
        rows.sum().backward();
        // row 2 was used twice, row 1 never
        assertThat(table.grad()).containsExactly(1, 1, 0, 0, 2, 2);
        assertThatThrownBy(() -> Reshaping.indexSelect(table, new int[] {3})).isInstanceOf(ShapeException.class).hasMessageContaining("index 3");
    }
}

package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BroadcastingTest {

    @Test
    void biasRowIsAddedToEveryRowAndItsGradientIsTheColumnSum() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor y = x.add(b);
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.data()).containsExactly(11, 22, 33, 14, 25, 36);
        // L = sum_ij w_ij y_ij with w = [[1,2,3],[4,5,6]]: dL/db_j = sum_i w_ij
        y.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)).sum().backward();
        assertThat(b.grad()).containsExactly(5, 7, 9);
        assertThat(x.grad()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void outerProductByBroadcastingAndQuotientRule() {
        Tensor col = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad(true);
        Tensor row = Tensor.of(new double[] {3, 4, 5}, 1, 3).requiresGrad(true);
        Tensor y = col.div(row);
        assertThat(y.shape()).containsExactly(2, 3);
        assertThat(y.get(1, 2)).isEqualTo(2.0 / 5);
        y.sum().backward();
        // d/dcol_i sum_j col_i/row_j = sum_j 1/row_j ; d/drow_j = -sum_i col_i/row_j^2 = -3/row_j^2
        assertThat(col.grad()[0]).isEqualTo(1.0 / 3 + 1.0 / 4 + 1.0 / 5);
        assertThat(row.grad()).containsExactly(-3.0 / 9, -3.0 / 16, -3.0 / 25);
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        assertThatThrownBy(() -> a.mul(b)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("mul").hasMessageContaining("[2, 3]").hasMessageContaining("[4]");
    }
}

package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class MatmulTest {

    @Test
    @Tag("lab-autodiff")
    void twoByTwoByHand() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2).requiresGrad(true);
        Tensor y = a.matmul(b);
        assertThat(y.data()).containsExactly(19, 22, 43, 50);
        y.sum().backward();
        // dA = 1 B^T: each row of dA is the row sums of B; dB = A^T 1: each column of dB is the column sums of A
        assertThat(a.grad()).containsExactly(11, 15, 11, 15);
        assertThat(b.grad()).containsExactly(4, 4, 6, 6);
    }

    @Test
    void linearByHand() {
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 2);
        Tensor w = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor b = Tensor.of(new double[] {0.5, -0.5, 0}, 3);
        assertThat(Matmul.linear(x, w, b).data()).containsExactly(1.5, 1.5, 3);
    }

    @Test
    void shapeErrorsPrintBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)))
                .isInstanceOf(ShapeException.class).hasMessage("matmul: inner dimensions differ: [2, 3] and [4, 5]");
        assertThatThrownBy(() -> Matmul.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
    }
}

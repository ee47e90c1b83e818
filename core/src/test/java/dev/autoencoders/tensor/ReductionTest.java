package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReductionTest {
    private final Tensor m = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);

    @Test
    void sumsMeansAndMaxesByHand() {
        assertThat(m.sum().item()).isEqualTo(21);
        assertThat(m.mean().item()).isEqualTo(3.5);
        assertThat(m.sum(0, false).data()).containsExactly(5, 7, 9);
        assertThat(m.sum(1, true).shape()).containsExactly(2, 1);
        assertThat(m.sum(1, false).data()).containsExactly(9, 12);
        assertThat(m.mean(-1, false).data()).containsExactly(3, 4);
        assertThat(m.max(1, false).data()).containsExactly(5, 6);
        assertThat(m.argmax(1)).containsExactly(1, 2);
        assertThat(m.argmin(0)).containsExactly(0, 1, 0);
    }

    @Test
    void maxGradientGoesToTheFirstMaximum() {
        Tensor x = Tensor.of(new double[] {2, 7, 7, 1}, 4).requiresGrad(true);
        x.max(0, false).backward();
        assertThat(x.grad()).containsExactly(0, 1, 0, 0);
        assertThat(Tensor.of(new double[] {3, 1, 3}, 3).argmax(0)).containsExactly(0);
    }

    @Test
    void logSoftmaxOfEqualLogitsIsMinusLogN() {
        Tensor x = Tensor.of(new double[] {1000, 1000, 1000, 1000}, 1, 4).requiresGrad(true);
        Tensor y = x.logSoftmax(1);
        // 1000 - (1000 + ln 4): exact up to the rounding of 1000 + ln 4 (ulp(1000) = 1.1e-13)
        for (double v : y.data()) assertThat(v).isCloseTo(-Math.log(4), within(2e-13));
        // d/dx_j of y_0 = [j = 0] - softmax_j = (3/4, -1/4, -1/4, -1/4)
        y.slice(1, 0, 1).sum().backward();
        assertThat(x.grad()).containsExactly(new double[] {0.75, -0.25, -0.25, -0.25}, within(1e-12));
        assertThat(x.logsumexp(1, false).item()).isCloseTo(1000 + Math.log(4), within(1e-12));
    }
}

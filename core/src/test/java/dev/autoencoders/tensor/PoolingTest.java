package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void maxPoolAndUnpoolByHand() {
        Tensor x = Tensor.of(new double[] {
            1, 2, 5, 0,
            3, 4, 1, 1,
            0, 0, 7, 8,
            9, 0, 6, 5}, 1, 1, 4, 4).requiresGrad(true);
        Pooling.Pooled p = Pooling.maxPool2d(x, 2, 2, 0);
        assertThat(p.output().data()).containsExactly(4, 5, 9, 8);
        // flat indices y * W + x of the maxima in the 4x4 plane, as PyTorch's return_indices
        assertThat(p.indices()).containsExactly(5, 2, 12, 11);
        p.output().sum().backward();
        assertThat(x.grad()).containsExactly(0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0);
        Tensor un = Pooling.maxUnpool2d(p.output().detach(), p.indices(), 4, 4);
        assertThat(un.data()).containsExactly(0, 0, 5, 0, 0, 4, 0, 0, 0, 0, 0, 8, 9, 0, 0, 0);
    }

    @Test
    void nanStaysTheMaximumAndTiesGoToTheFirstAsInPyTorch() {
        double nan = Double.NaN;
        Tensor x = Tensor.of(new double[] {
            1, nan, nan, 5,
            3, 2, 1, nan,
            2, 2, -0.0, 0.0,
            1, 2, 0.0, -0.0}, 1, 1, 4, 4);
        Pooling.Pooled p = Pooling.maxPool2d(x, 2, 2, 0);
        // torch.nn.functional.max_pool2d(x, 2, 2, return_indices=True) on the same float64 plane (PyTorch 2.x):
        // values [nan, nan, 2, -0.0], indices [1, 7, 8, 10]: a NaN is never replaced (the last NaN's index wins),
        // and among equal values, -0.0 and 0.0 included, the first in scan order wins
        assertThat(p.indices()).containsExactly(1, 7, 8, 10);
        assertThat(p.output().data()[0]).isNaN();
        assertThat(p.output().data()[1]).isNaN();
        assertThat(Double.doubleToRawLongBits(p.output().data()[2])).isEqualTo(Double.doubleToRawLongBits(2.0));
        assertThat(Double.doubleToRawLongBits(p.output().data()[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void overlappingWindowsOfTheSeedsSecondPoolAddTheirGradients() {
        // MaxPool2d(2, stride=1) as in post 003's encoder: 3x3 -> 2x2, the centre is the max of all four windows
        Tensor x = Tensor.of(new double[] {0, 0, 0, 0, 9, 0, 0, 0, 0}, 1, 1, 3, 3).requiresGrad(true);
        Tensor y = Pooling.maxPool2d(x, 2, 1, 0).output();
        assertThat(y.data()).containsExactly(9, 9, 9, 9);
        y.sum().backward();
        assertThat(x.grad()[4]).isEqualTo(4);
    }

    @Test
    void unpoolingByOverlappingIndicesKeepsTheLastValueAndGivesItTheGradient() {
        // the four 2x2 windows (stride 1) of a 3x3 plane whose centre is the maximum: all indices are 4
        Tensor z = Tensor.of(new double[] {9, 9, 9, 9}, 1, 1, 2, 2).requiresGrad(true);
        Tensor y = Pooling.maxUnpool2d(z, new int[] {4, 4, 4, 4}, 3, 3);
        assertThat(y.data()).containsExactly(0, 0, 0, 0, 9, 0, 0, 0, 0);
        // y depends on the last z only: dy[4]/dz = (0, 0, 0, 1)
        y.mul(Tensor.of(new double[] {0, 0, 0, 0, 2, 0, 0, 0, 0}, 1, 1, 3, 3)).sum().backward();
        assertThat(z.grad()).containsExactly(0, 0, 0, 2);
        GradCheck.Result r = GradCheck.check(t -> Pooling.maxUnpool2d(t[0], new int[] {4, 4, 4, 1}, 3, 3),
                Tensor.of(new double[] {0.5, -1, 2, 3}, 1, 1, 2, 2).requiresGrad(true));
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }
}

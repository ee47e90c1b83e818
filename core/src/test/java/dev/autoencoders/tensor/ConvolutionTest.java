package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ConvolutionTest {

    @Test
    @Tag("lab-conv")
    void threeByThreeImageTwoByTwoKernelByHand() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
        // y[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere
        assertThat(Convolution.conv2d(x, w, Tensor.of(new double[] {1}, 1), 1, 0).data()).containsExactly(-3, -3, -3, -3);
        // with padding 1 and stride 2 the windows start at (-1,-1), (-1,1), (1,-1), (1,1):
        // 0 - x00, 0 - x02, 0 - x20, x11 - x22
        assertThat(Convolution.conv2d(x, w, null, 2, 1).data()).containsExactly(-1, -3, -7, 5 - 9);
    }

    @Test
    @Tag("lab-conv")
    void transposedConvolutionSpreadsEachInputOverAKernelSizedPatch() {
        // stride 2, k 2: each input pixel becomes a 2x2 block scaled by the kernel
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 1, 1, 2);
        Tensor w = Tensor.of(new double[] {1, 10, 100, 1000}, 1, 1, 2, 2);
        Tensor y = Convolution.convTranspose2d(x, w, null, 2, 0, 0);
        assertThat(y.shape()).containsExactly(1, 1, 2, 4);
        assertThat(y.data()).containsExactly(1, 10, 2, 20, 100, 1000, 200, 2000);
    }

    @Test
    void aTransposedConvolutionsInputGradientIsWrittenFirstAndAddedAfter() {
        // y = convT(x, w), stride 2, k 2: each dy block's kernel-weighted sum reaches its input pixel,
        // dx[p] = sum_ij w[i, j] dy[block p, i, j]; with L = sum(y * c), dy = c
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 1, 1, 2).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1, 10, 100, 1000}, 1, 1, 2, 2);
        Tensor c = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
        Convolution.convTranspose2d(x, w, null, 2, 0, 0).mul(c).sum().backward();
        // block 0: 1*1 + 10*2 + 100*5 + 1000*6 = 6521; block 1: 1*3 + 10*4 + 100*7 + 1000*8 = 8743
        assertThat(x.grad()).containsExactly(6521, 8743);
        // x used twice in one graph, and a second backward on the leaf: the first step writes, the later ones add
        x.zeroGrad();
        Convolution.convTranspose2d(x, w, null, 2, 0, 0).mul(c).sum().add(x.mul(3).sum()).add(Convolution.convTranspose2d(x, w, null, 2, 0, 0).sum()).backward();
        assertThat(x.grad()).containsExactly(6521 + 3 + 1111, 8743 + 3 + 1111);
        Convolution.convTranspose2d(x, w, null, 2, 0, 0).sum().backward();
        assertThat(x.grad()).containsExactly(6521 + 3 + 2222, 8743 + 3 + 2222);
    }

    @Test
    @Tag("lab-conv")
    void outputSizesMatchTheSeedsConvAutoEncoderComments() {
        // Conv2d(1, 16, 3, stride=3, padding=1): 28 -> 10 ; ConvTranspose2d(8, 16, 3, stride=2): 2 -> 5
        assertThat(Convolution.convOutSize(28, 3, 3, 1)).isEqualTo(10);
        assertThat(Convolution.convTransposeOutSize(2, 3, 2, 0, 0)).isEqualTo(5);
        assertThat(Convolution.convTransposeOutSize(5, 5, 3, 1, 0)).isEqualTo(15);
        assertThat(Convolution.convTransposeOutSize(15, 2, 2, 1, 0)).isEqualTo(28);
    }

    @Test
    void impossibleGeometryNamesTheSizesAndShapes() {
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 5, 5), null, 1, 0))
                .isInstanceOf(ShapeException.class).hasMessageContaining("output would be -2x-2").hasMessageContaining("[1, 1, 2, 2]").hasMessageContaining("[1, 1, 5, 5]");
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(1, 2, 4, 4), Tensor.zeros(1, 3, 3, 3), null, 1, 0))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[1, 2, 4, 4]").hasMessageContaining("[1, 3, 3, 3]");
        assertThatThrownBy(() -> Convolution.convTranspose2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), null, 2, 0, 2))
                .isInstanceOf(ShapeException.class).hasMessageContaining("output padding 2");
    }
}

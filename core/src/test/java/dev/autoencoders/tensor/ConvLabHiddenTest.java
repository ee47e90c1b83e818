package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the conv lab (hidden): sizes, values and the adjoint identity at a geometry the student's
 * tests never use (a 7x5 image, kernel 3, stride 2, padding 1, two channels in and three out).
 */
class ConvLabHiddenTest {

    @Test
    @Tag("lab-conv")
    void aStridedPaddedConvolutionOfUnseenSizesMatchesTheDefinitionAndItsAdjoint() {
        assertThat(Convolution.convOutSize(7, 3, 2, 1)).isEqualTo(4);
        assertThat(Convolution.convOutSize(5, 3, 2, 1)).isEqualTo(3);
        assertThat(Convolution.convTransposeOutSize(4, 3, 2, 1, 0)).isEqualTo(7);
        assertThat(Convolution.convTransposeOutSize(3, 4, 3, 2, 1)).isEqualTo(7);
        Rng rng = new Rng(7_531);
        Tensor x = Tensor.uniform(rng, -1, 1, 1, 2, 7, 5), w = Tensor.uniform(rng, -1, 1, 3, 2, 3, 3), b = Tensor.uniform(rng, -1, 1, 3);
        Tensor y = Convolution.conv2d(x, w, b, 2, 1);
        assertThat(y.shape()).containsExactly(1, 3, 4, 3);
        for (int o = 0; o < 3; o++) {
            for (int oy = 0; oy < 4; oy++) {
                for (int ox = 0; ox < 3; ox++) {
                    double acc = b.get(o);
                    for (int c = 0; c < 2; c++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int yy = 2 * oy - 1 + i, xx = 2 * ox - 1 + j;
                                if (yy >= 0 && yy < 7 && xx >= 0 && xx < 5) acc += w.get(o, c, i, j) * x.get(0, c, yy, xx);
                            }
                        }
                    }
                    assertThat(y.get(0, o, oy, ox)).isCloseTo(acc, within(1e-12));
                }
            }
        }
        // <conv x, r> = <x, convT r>, and backward of <conv x, r> in x is convT r
        Tensor r = Tensor.uniform(rng, -1, 1, 1, 3, 4, 3);
        Tensor t = Convolution.convTranspose2d(r, w, null, 2, 1, 0);
        assertThat(t.shape()).containsExactly(1, 2, 7, 5);
        Tensor xv = Tensor.of(x.data().clone(), x.shape()).requiresGrad(true);
        Convolution.conv2d(xv, w, null, 2, 1).mul(r).sum().backward();
        assertThat(xv.grad()).containsExactly(t.data(), within(1e-12));
        double lhs = Convolution.conv2d(x, w, null, 2, 1).mul(r).sum().item(), rhs = x.mul(t).sum().item();
        assertThat(lhs).isCloseTo(rhs, within(1e-12));
    }
}

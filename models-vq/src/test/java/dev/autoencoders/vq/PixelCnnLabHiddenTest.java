package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.nn.MaskedConv2d;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the pixelcnn lab (hidden): the 5x5 masks drawn in MaskedConv2d's comment, and the loss of a
 * code map the student's tests never use against the log-softmax written out by hand.
 */
class PixelCnnLabHiddenTest {

    @Test
    @Tag("lab-pixelcnn")
    void anUnseenCodeMapHasTheReferenceLossAndCausalLogits() {
        double[] a = MaskedConv2d.mask(MaskedConv2d.Type.A, 1, 1, 5).data(), b = MaskedConv2d.mask(MaskedConv2d.Type.B, 1, 1, 5).data();
        for (int i = 0; i < 25; i++) {
            int row = i / 5, col = i % 5;
            assertThat(a[i]).as("A at (%d, %d)", row, col).isEqualTo(row < 2 || (row == 2 && col < 2) ? 1.0 : 0.0);
            assertThat(b[i]).as("B at (%d, %d)", row, col).isEqualTo(row < 2 || (row == 2 && col <= 2) ? 1.0 : 0.0);
        }
        PixelCnn p = new PixelCnn(new PixelCnn.Config(5, 8, 3, 1, 1, 0), new Rng(31));
        int[] codes = {4, 0, 2, 2, 1, 3, 0, 4, 1, 1, 3, 2};  // one 3x4 map
        double[] z = p.logits(codes, 1, 3, 4).data();
        double nll = 0;
        for (int i = 0; i < 12; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < 5; c++) max = Math.max(max, z[c * 12 + i]);
            for (int c = 0; c < 5; c++) sum += Math.exp(z[c * 12 + i] - max);
            nll += -(z[codes[i] * 12 + i] - max - Math.log(sum)) / 12;
        }
        assertThat(p.loss(codes, 1, 3, 4).item()).isCloseTo(nll, within(1e-12));
        // the logits at position 5 do not see the codes at 5 and after
        int[] later = codes.clone();
        for (int i = 5; i < 12; i++) later[i] = (later[i] + 2) % 5;
        double[] z2 = p.logits(later, 1, 3, 4).data();
        for (int c = 0; c < 5; c++) assertThat(z2[c * 12 + 5]).isEqualTo(z[c * 12 + 5]);
        assertThat(Tensor.of(z, 1, 5, 3, 4).shape()).containsExactly(1, 5, 3, 4);
    }
}

package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the vq lab (hidden): distances, the quantizer's value and losses, and one EMA step on a
 * batch the student's tests never use, against plain arithmetic.
 */
class VqLabHiddenTest {

    @Test
    @Tag("lab-vq")
    void anUnseenBatchQuantizesAndUpdatesToTheReferenceValues() {
        Tensor e = Tensor.of(new double[] {0, 0, 2, 1, -1, 3}, 3, 2);
        Tensor z = Tensor.of(new double[] {1.9, 0.8, -0.6, 2.5, 0.2, -0.1}, 3, 2);
        double[] d = NearestCode.squaredDistances(z, e).data();
        double[][] zs = {{1.9, 0.8}, {-0.6, 2.5}, {0.2, -0.1}}, es = {{0, 0}, {2, 1}, {-1, 3}};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                double want = Math.pow(zs[i][0] - es[k][0], 2) + Math.pow(zs[i][1] - es[k][1], 2);
                assertThat(d[i * 3 + k]).isCloseTo(want, within(1e-13));
            }
        }
        assertThat(NearestCode.search(z, e)).containsExactly(1, 2, 0);

        // z_e of one image, a 1x3 grid of the vectors above: z_q = (e_1, e_2, e_0), losses mean ||z_q - z_e||^2 / (D H W)
        VectorQuantizer vq = new VectorQuantizer(VectorQuantizer.Config.plain(3, 2).withBeta(0.4), new Rng(1));
        System.arraycopy(e.data(), 0, vq.weight.data(), 0, 6);
        Tensor ze = z.reshape(1, 3, 2).permute(0, 2, 1).reshape(1, 2, 1, 3);
        Quantization qz = vq.quantize(ze);
        double sq = 0;
        int[] k = {1, 2, 0};
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) sq += Math.pow(zs[i][j] - es[k[i]][j], 2);
        assertThat(qz.codebookLoss().item()).isCloseTo(sq / 6, within(1e-14));
        assertThat(qz.commitmentLoss().item()).isCloseTo(sq / 6, within(1e-14));
        assertThat(qz.loss().item()).isCloseTo(1.4 * sq / 6, within(1e-14));
        assertThat(qz.output().data()).containsExactly(vq.lookup(k, 1, 1, 3).data(), within(1e-15));

        // EMA with gamma = 0 and eps = 0: each used code becomes the mean of its vectors, an unused one keeps its place
        VectorQuantizer ema = new VectorQuantizer(VectorQuantizer.Config.ema(3, 2).withDecay(0).withEpsilon(0), new Rng(2));
        System.arraycopy(e.data(), 0, ema.weight.data(), 0, 6);
        Tensor two = Tensor.of(new double[] {1.9, 0.8, 2.3, 1.4, 0.2, -0.1, 2.1, 0.6}, 4, 2).reshape(1, 4, 2).permute(0, 2, 1).reshape(1, 2, 2, 2);
        ema.update(ema.quantize(two), new Rng(3));
        assertThat(ema.weight.data()).containsExactly(new double[] {0.2, -0.1, (1.9 + 2.3 + 2.1) / 3, (0.8 + 1.4 + 0.6) / 3, -1, 3}, within(1e-13));
    }
}

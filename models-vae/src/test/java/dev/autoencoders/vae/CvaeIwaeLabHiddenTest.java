package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the cvae-iwae lab (hidden): one-hot rows, the KL to a class-mean prior and the IWAE bound
 * for labels, means and draws the student's tests never use, against plain arithmetic.
 */
class CvaeIwaeLabHiddenTest {

    @Test
    @Tag("lab-cvae-iwae")
    void unseenLabelsAndDrawsGiveTheReferenceValues() {
        assertThat(ConditionalVae.oneHot(new int[] {4, 1, 4}, 5).data()).containsExactly(0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
        Tensor mu = Tensor.of(new double[] {0.3, -1.2}, 1, 2), lv = Tensor.of(new double[] {-0.7, 0.4}, 1, 2), my = Tensor.of(new double[] {1.0, -2.0}, 1, 2);
        double[] kl = KlDivergence.toUnitVarianceGaussian(mu, lv, my).data();
        assertThat(kl[0]).isCloseTo(0.5 * (0.49 + Math.exp(-0.7) + 0.7 - 1), within(1e-15));
        assertThat(kl[1]).isCloseTo(0.5 * (0.64 + Math.exp(0.4) - 0.4 - 1), within(1e-15));

        // L_K = log (1/K) sum_k p(x, z_k) / q(z_k), one data point, a made-up joint log p(x, z) = -z^2 (sum over L)
        DiagonalGaussian q = new DiagonalGaussian(mu, lv);
        Tensor eps = Tensor.randn(new Rng(777), 3, 1, 2);
        double[] e = eps.data();
        double[] logW = new double[3];
        for (int k = 0; k < 3; k++) {
            double lp = 0, lq = 0;
            for (int j = 0; j < 2; j++) {
                double s = Math.exp(lv.data()[j] / 2), z = mu.data()[j] + s * e[k * 2 + j];
                lp += -z * z;
                lq += -0.5 * (Math.log(2 * Math.PI) + lv.data()[j] + e[k * 2 + j] * e[k * 2 + j]);
            }
            logW[k] = lp - lq;
        }
        double max = Math.max(logW[0], Math.max(logW[1], logW[2]));
        double want = max + Math.log((Math.exp(logW[0] - max) + Math.exp(logW[1] - max) + Math.exp(logW[2] - max)) / 3);
        double got = ImportanceWeighted.bound(q, eps, z -> z.square().neg().sum(2, false)).item();
        assertThat(got).isCloseTo(want, within(1e-12));
    }
}

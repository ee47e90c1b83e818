package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the rbm lab (hidden): a hand-made RBM of 2 visible and 1 hidden unit, its free energies,
 * conditionals and CD statistics written out by hand.
 */
class RbmLabHiddenTest {

    @Test
    @Tag("lab-rbm")
    void aHandMadeRbmHasItsHandComputedFreeEnergiesAndStatistics() {
        Rbm rbm = new Rbm(Rbm.Config.cd1(2, 1, Rbm.HiddenUnits.BERNOULLI), new Rng(1));
        double w0 = 0.8, w1 = -1.3, b0 = 0.2, b1 = -0.4, c = 0.5;
        System.arraycopy(new double[] {w0, w1}, 0, rbm.weight.data(), 0, 2);
        System.arraycopy(new double[] {b0, b1}, 0, rbm.visibleBias.data(), 0, 2);
        rbm.hiddenBias.data()[0] = c;
        Tensor v = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        double[] f = rbm.freeEnergy(v).data(), h = rbm.hiddenMean(v).data();
        double[][] vs = {{1, 0}, {0, 1}, {1, 1}};
        for (int n = 0; n < 3; n++) {
            double a = c + w0 * vs[n][0] + w1 * vs[n][1];
            // F(v) = -b.v - softplus(c + W v);  E[h | v] = sigmoid(c + W v)
            assertThat(f[n]).isCloseTo(-(b0 * vs[n][0] + b1 * vs[n][1]) - Math.log1p(Math.exp(a)), within(1e-14));
            assertThat(h[n]).isCloseTo(1 / (1 + Math.exp(-a)), within(1e-15));
        }
        // p(v = 1 | h = 1) = sigmoid(b + W^T h)
        double[] pv = rbm.visibleProbabilities(Tensor.of(new double[] {1}, 1, 1)).data();
        assertThat(pv[0]).isCloseTo(1 / (1 + Math.exp(-(b0 + w0))), within(1e-15));
        assertThat(pv[1]).isCloseTo(1 / (1 + Math.exp(-(b1 + w1))), within(1e-15));
        // CD-1 statistics: dW = h0p^T v0 / N - hkp^T vk / M, with vk the estimate's negative samples
        Rbm.CdEstimate e = rbm.cdEstimate(v, new Rng(3));
        double[] vk = e.negative().data(), hk = rbm.hiddenMean(e.negative()).data();
        for (int i = 0; i < 2; i++) {
            double pos = 0, neg = 0, dv = 0;
            for (int n = 0; n < 3; n++) {
                pos += h[n] * vs[n][i] / 3;
                neg += hk[n] * vk[n * 2 + i] / 3;
                dv += (vs[n][i] - vk[n * 2 + i]) / 3;
            }
            assertThat(e.weight()[i]).isCloseTo(pos - neg, within(1e-14));
            assertThat(e.visibleBias()[i]).isCloseTo(dv, within(1e-14));
        }
        assertThat(e.hiddenBias()[0]).isCloseTo((h[0] + h[1] + h[2] - hk[0] - hk[1] - hk[2]) / 3, within(1e-14));
    }
}

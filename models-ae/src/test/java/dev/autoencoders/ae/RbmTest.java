package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class RbmTest {

    private static Rbm handMade(Rbm.HiddenUnits units) {
        Rbm rbm = new Rbm(Rbm.Config.cd1(2, 1, units), new Rng(0));
        System.arraycopy(new double[] {1, -2}, 0, rbm.weight.data(), 0, 2);
        System.arraycopy(new double[] {0.5, -0.5}, 0, rbm.visibleBias.data(), 0, 2);
        rbm.hiddenBias.data()[0] = 0.25;
        return rbm;
    }

    @Test
    void namesShapesAndHintonsInitialisation() {
        Rbm rbm = new Rbm(new Rbm.Config(784, 500, Rbm.HiddenUnits.BERNOULLI, 1, 0), new Rng(3));
        assertThat(rbm.stateDict().keySet()).containsExactly("weight", "visible_bias", "hidden_bias");
        assertThat(rbm.weight.shape()).containsExactly(500, 784);
        double s = 0, ss = 0;
        for (double w : rbm.weight.data()) {
            s += w;
            ss += w * w;
        }
        int n = rbm.weight.numel();
        assertThat(s / n).isCloseTo(0, within(0.002));
        assertThat(Math.sqrt(ss / n)).isCloseTo(0.1, within(0.002)); // 0.1 * randn
        assertThat(rbm.visibleBias.data()).containsOnly(0.0);
        assertThat(rbm.hiddenBias.data()).containsOnly(0.0);
        Rbm pcd = new Rbm(new Rbm.Config(6, 3, Rbm.HiddenUnits.GAUSSIAN, 2, 10), new Rng(3));
        assertThat(pcd.stateDict().keySet()).containsExactly("weight", "visible_bias", "hidden_bias", "persistent_chains");
        assertThat(pcd.persistentChains.shape()).containsExactly(10, 6);
        assertThat(pcd.persistentChains.data()).containsOnly(0.0, 1.0);
    }

    /** E(v, h) by hand: W = [1 -2], b = [0.5 -0.5], c = [0.25], v = (1, 0), h = (1). */
    @Test
    @Tag("lab-rbm")
    void energyByHand() {
        Tensor v = Tensor.of(new double[] {1, 0}, 1, 2), h = Tensor.of(new double[] {1}, 1, 1);
        // -b.v - c.h - h.W v = -0.5 - 0.25 - 1
        assertThat(handMade(Rbm.HiddenUnits.BERNOULLI).energy(v, h).item()).isCloseTo(-1.75, within(1e-15));
        // -b.v + (h - c)^2 / 2 - h.W v = -0.5 + 0.28125 - 1
        assertThat(handMade(Rbm.HiddenUnits.GAUSSIAN).energy(v, h).item()).isCloseTo(-1.21875, within(1e-15));
        // F(v) = -0.5 - softplus(1.25);  Gaussian: -0.5 - (1.25^2 - 0.25^2) / 2 - log(2 pi) / 2
        assertThat(handMade(Rbm.HiddenUnits.BERNOULLI).freeEnergy(v).item()).isCloseTo(-0.5 - Math.log1p(Math.exp(1.25)), within(1e-15));
        assertThat(handMade(Rbm.HiddenUnits.GAUSSIAN).freeEnergy(v).item()).isCloseTo(-0.5 - 0.75 - 0.5 * Math.log(2 * Math.PI), within(1e-15));
        // conditionals: p(h = 1 | v) = sigma(1.25); E[h | v] = 1.25 for Gaussian units; p(v = 1 | h = 1) = sigma(1.5), sigma(-2.5)
        assertThat(handMade(Rbm.HiddenUnits.BERNOULLI).hiddenMean(v).item()).isCloseTo(1 / (1 + Math.exp(-1.25)), within(1e-15));
        assertThat(handMade(Rbm.HiddenUnits.GAUSSIAN).hiddenMean(v).item()).isCloseTo(1.25, within(1e-15));
        assertThat(handMade(Rbm.HiddenUnits.BERNOULLI).visibleProbabilities(h).data())
                .containsExactly(new double[] {1 / (1 + Math.exp(-1.5)), 1 / (1 + Math.exp(2.5))}, within(1e-15));
    }

    /** Bernoulli draws hit their probabilities within 5 binomial standard deviations; Gaussian hidden draws have unit variance. */
    @Test
    void samplingFrequencies() {
        Rng rng = new Rng(11);
        Tensor p = Tensor.full(0.3, 20000, 1);
        double mean = Rbm.bernoulli(p, rng).mean().item();
        assertThat(mean).isCloseTo(0.3, within(5 * Math.sqrt(0.3 * 0.7 / 20000)));
        Rbm g = handMade(Rbm.HiddenUnits.GAUSSIAN);
        Tensor h = g.sampleHidden(Tensor.full(1.25, 20000, 1), rng);
        double m = h.mean().item(), var = h.sub(m).square().mean().item();
        assertThat(m).isCloseTo(1.25, within(5 / Math.sqrt(20000)));
        assertThat(var).isCloseTo(1.0, within(5 * Math.sqrt(2.0 / 20000)));
    }

    @Test
    void cdPutsTheNegatedEstimateIntoTheGradientsAndIsReproducible() {
        Rbm a = new Rbm(Rbm.Config.cd1(6, 4, Rbm.HiddenUnits.BERNOULLI), new Rng(5));
        Tensor v = Tensor.rand(new Rng(6), 8, 6);
        Rbm.CdEstimate e = a.cdEstimate(v, new Rng(7));
        Tensor err = a.contrastiveDivergence(v, new Rng(7));
        assertThat(err.requiresGrad()).isFalse();
        assertThat(err.item()).isEqualTo(e.reconstructionError()).isBetween(0.0, 1.0);
        // the same first draws (h0 ~ p(h | v)): the same reconstruction error
        assertThat(a.reconstructionError(v, new Rng(7))).isEqualTo(e.reconstructionError());
        for (int i = 0; i < e.weight().length; i++) assertThat(a.weight.grad()[i]).isEqualTo(-e.weight()[i]);
        for (int i = 0; i < e.visibleBias().length; i++) assertThat(a.visibleBias.grad()[i]).isEqualTo(-e.visibleBias()[i]);
        for (int i = 0; i < e.hiddenBias().length; i++) assertThat(a.hiddenBias.grad()[i]).isEqualTo(-e.hiddenBias()[i]);
    }

    @Test
    void persistentChainsMoveAndStayBinary() {
        Rbm rbm = new Rbm(new Rbm.Config(6, 4, Rbm.HiddenUnits.BERNOULLI, 1, 5), new Rng(5));
        double[] before = rbm.persistentChains.data().clone();
        Rbm.CdEstimate e = rbm.cdEstimate(Tensor.rand(new Rng(6), 8, 6), new Rng(7));
        assertThat(rbm.persistentChains.data()).containsOnly(0.0, 1.0).isEqualTo(e.negative().data()).isNotEqualTo(before);
    }

    @Test
    @Tag("lab-rbm")
    void gibbsReturnsProbabilities() {
        Rbm rbm = new Rbm(Rbm.Config.cd1(6, 4, Rbm.HiddenUnits.GAUSSIAN), new Rng(5));
        Tensor p = rbm.gibbs(Tensor.rand(new Rng(1), 3, 6), 10, new Rng(2));
        assertThat(p.shape()).containsExactly(3, 6);
        for (double x : p.data()) assertThat(x).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> rbm.gibbs(p, 0, new Rng(2))).hasMessageContaining("steps must be >= 1, got 0");
    }

    @Test
    void badConfigurationsAndShapesAreNamed() {
        assertThatThrownBy(() -> new Rbm.Config(0, 3, Rbm.HiddenUnits.BERNOULLI, 1, 0)).hasMessageContaining("visible 0");
        assertThatThrownBy(() -> new Rbm.Config(3, 3, Rbm.HiddenUnits.BERNOULLI, 0, 0)).hasMessageContaining("k >= 1, got 0");
        assertThatThrownBy(() -> new Rbm.Config(3, 3, Rbm.HiddenUnits.BERNOULLI, 1, -1)).hasMessageContaining("persistentChains must be >= 0, got -1");
        assertThatThrownBy(() -> new Rbm.Config(3, 3, null, 1, 0)).hasMessageContaining("hiddenUnits");
        Rbm rbm = new Rbm(Rbm.Config.cd1(3, 2, Rbm.HiddenUnits.BERNOULLI), new Rng(0));
        assertThatThrownBy(() -> rbm.freeEnergy(Tensor.zeros(4, 5))).isInstanceOf(ShapeException.class).hasMessageContaining("(N, 3)").hasMessageContaining("[4, 5]");
        assertThatThrownBy(() -> PseudoLikelihood.of(rbm, Tensor.full(0.5, 1, 3))).hasMessageContaining("binary");
        assertThatThrownBy(() -> RbmExact.allBinary(17)).hasMessageContaining("17");
        assertThatThrownBy(() -> RbmExact.freeEnergyBySummingHidden(new Rbm(Rbm.Config.cd1(3, 2, Rbm.HiddenUnits.GAUSSIAN), new Rng(0)), Tensor.zeros(1, 3)))
                .hasMessageContaining("GAUSSIAN");
    }
}

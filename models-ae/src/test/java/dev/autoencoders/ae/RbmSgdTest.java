package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.optim.Sgd;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbmSgdTest {

    private static Rbm oneByOne() {
        Rbm rbm = new Rbm(Rbm.Config.cd1(1, 1, Rbm.HiddenUnits.BERNOULLI), new Rng(0));
        rbm.weight.data()[0] = 1.0;
        return rbm;
    }

    private static void grads(Rbm rbm, double gw, double gb, double gc) {
        rbm.zeroGrad();
        rbm.weight.accumulateGrad(new double[] {gw});
        rbm.visibleBias.accumulateGrad(new double[] {gb});
        rbm.hiddenBias.accumulateGrad(new double[] {gc});
    }

    /**
     * Hinton's update by hand, lr 0.1, weight cost 0.01 (for visible numbers), momentum 0.5 for 1 epoch of 2 steps,
     * then 0.9; W starts at 1, the biases at 0; the gradient is 2 for W, 1 for the biases at every step.
     */
    @Test
    void hintonsUpdateByHand() {
        Rbm rbm = oneByOne();
        RbmSgd opt = new RbmSgd(rbm, new RbmSgd.Config(0.1, 0.01, 0.5, 0.9, 1), 2);
        // step 1 (epoch 1, momentum 0.5): inc_W = -0.1 (2 + 0.01 * 1) = -0.201, W = 0.799; inc_b = -0.1, b = -0.1
        grads(rbm, 2, 1, 1);
        opt.step();
        assertThat(opt.momentum()).isEqualTo(0.5);
        assertThat(rbm.weight.data()[0]).isCloseTo(0.799, within(1e-15));
        assertThat(rbm.visibleBias.data()[0]).isCloseTo(-0.1, within(1e-15));
        // step 2 (epoch 1): inc_W = 0.5 * -0.201 - 0.1 (2 + 0.00799) = -0.301299, W = 0.497701; inc_b = -0.15, b = -0.25
        grads(rbm, 2, 1, 1);
        opt.step();
        assertThat(rbm.weight.data()[0]).isCloseTo(0.497701, within(1e-15));
        assertThat(rbm.hiddenBias.data()[0]).isCloseTo(-0.25, within(1e-15));
        // step 3 (epoch 2, momentum 0.9): inc_b = 0.9 * -0.15 - 0.1 = -0.235, b = -0.485 (no weight cost on biases)
        grads(rbm, 2, 1, 1);
        opt.step();
        assertThat(opt.momentum()).isEqualTo(0.9);
        assertThat(rbm.visibleBias.data()[0]).isCloseTo(-0.485, within(1e-15));
        // inc_W = 0.9 * -0.301299 - 0.1 (2 + 0.00497701) = -0.4716708..., W = 0.0260301...
        assertThat(rbm.weight.data()[0]).isCloseTo(0.497701 - 0.9 * 0.301299 - 0.1 * (2 + 0.00497701), within(1e-15));
        assertThat(opt.state().keySet()).containsExactly("0.increment", "1.increment", "2.increment");
    }

    /** With a fixed momentum and no weight cost, it is PyTorch's SGD with momentum (second implementation). */
    @Test
    void equalsSgdWithMomentumWhenTheMomentumIsFixed() {
        Rbm a = new Rbm(Rbm.Config.cd1(5, 3, Rbm.HiddenUnits.BERNOULLI), new Rng(1));
        Rbm b = new Rbm(Rbm.Config.cd1(5, 3, Rbm.HiddenUnits.BERNOULLI), new Rng(1));
        RbmSgd ours = new RbmSgd(a, new RbmSgd.Config(0.05, 0, 0.7, 0.7, 3), 4);
        Sgd torch = new Sgd(b.parameters(), 0.05, 0.7, 0, false);
        Rng rng = new Rng(2);
        for (int step = 0; step < 20; step++) {
            Tensor v = Tensor.rand(rng, 6, 5);
            long seed = rng.nextLong();
            ours.zeroGrad();
            torch.zeroGrad();
            a.contrastiveDivergence(v, new Rng(seed));
            b.contrastiveDivergence(v, new Rng(seed));
            ours.step();
            torch.step();
        }
        List<Tensor> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            for (int j = 0; j < pa.get(i).numel(); j++) assertThat(pa.get(i).data()[j]).isCloseTo(pb.get(i).data()[j], within(1e-12));
        }
    }

    @Test
    void hintonsSettingsAndBadValues() {
        assertThat(RbmSgd.Config.hinton()).isEqualTo(new RbmSgd.Config(0.1, 2e-4, 0.5, 0.9, 5));
        assertThat(RbmSgd.Config.hintonLinearHidden().lr()).isEqualTo(0.001);
        assertThatThrownBy(() -> new RbmSgd.Config(0, 0, 0.5, 0.9, 5)).hasMessageContaining("learning rate must be > 0");
        assertThatThrownBy(() -> new RbmSgd.Config(0.1, -1, 0.5, 0.9, 5)).hasMessageContaining("weight cost must be >= 0, got -1");
        assertThatThrownBy(() -> new RbmSgd.Config(0.1, 0, 1.0, 0.9, 5)).hasMessageContaining("momenta must be in [0, 1)");
        assertThatThrownBy(() -> new RbmSgd(oneByOne(), RbmSgd.Config.hinton(), 0)).hasMessageContaining("stepsPerEpoch must be >= 1, got 0");
    }
}

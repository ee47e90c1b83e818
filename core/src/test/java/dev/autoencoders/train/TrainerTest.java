package dev.autoencoders.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** 20 steps of a small denoising MLP (noise drawn from the step generator); returns all parameter bits. */
    static List<Long> train(long seed) {
        Rng init = new Rng(seed);
        Sequential net = new Sequential(new Linear(30, 40, init), Activation.relu(), new Linear(40, 30, init), Activation.sigmoid());
        Tensor data = Tensor.rand(new Rng(99), 100, 30);
        Adam opt = new Adam(net.parameters(), 1e-2);
        Trainer t = new Trainer(opt, 100, 25, seed);
        t.fit(5, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(data, batch);
            Tensor noisy = x.add(Tensor.randn(noise, x.shape()).mul(0.1));
            return Losses.mse(net.forward(noisy), x, Reduction.MEAN);
        }, null);
        assertThat(t.stepLosses()).hasSize(20);
        List<Long> bits = new ArrayList<>();
        for (Tensor p : net.parameters()) for (double v : p.data()) bits.add(Double.doubleToRawLongBits(v));
        return bits;
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        assertThat(train(5)).isEqualTo(train(5));
        assertThat(train(5)).isNotEqualTo(train(6));
    }

    @Test
    void aNonFiniteLossStopsTrainingWithTheStepAndTheLastFiniteLoss() {
        Tensor w = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Trainer t = new Trainer(new Adam(List.of(w), 0.1), 10, 2, 0);
        int[] calls = {0};
        assertThatThrownBy(() -> t.fit(3, (b, n) -> calls[0]++ < 3 ? w.square().sum() : w.log().mul(Double.NaN).sum(), null))
                .isInstanceOf(Trainer.DivergedException.class)
                .hasMessageContaining("at step 4").hasMessageContaining("last finite loss");
        assertThat(t.stepLosses()).hasSize(3);
    }

    @Test
    void lastPartialBatchIsKeptAndEveryExampleSeenOncePerEpoch() {
        Tensor w = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Trainer t = new Trainer(new Adam(List.of(w), 0.1), 10, 4, 0);
        int[] seen = new int[10];
        List<Integer> sizes = new ArrayList<>();
        t.fit(1, (b, n) -> {
            sizes.add(b.length);
            for (int i : b) seen[i]++;
            return w.square().sum();
        }, null);
        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(seen).containsOnly(1);
    }
}

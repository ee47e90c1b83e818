package dev.autoencoders.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.kernels.Parallelism;
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
        Trainer t = new Trainer(opt, 100, 25, new Rng(seed));
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
        Trainer t = new Trainer(new Adam(List.of(w), 0.1), 10, 2, new Rng(0));
        int[] calls = {0};
        assertThatThrownBy(() -> t.fit(3, (b, n) -> calls[0]++ < 3 ? w.square().sum() : w.log().mul(Double.NaN).sum(), null))
                .isInstanceOf(Trainer.DivergedException.class)
                .hasMessageContaining("at step 4").hasMessageContaining("last finite loss");
        assertThat(t.stepLosses()).hasSize(3);
    }

    /** One step of an enormous learning rate has a finite loss and leaves an infinite weight: the guard stops it there. */
    @Test
    void aGuardedTensorThatBecomesInfiniteStopsTrainingBeforeAnyListenerSeesTheStep() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Trainer t = new Trainer(new dev.autoencoders.optim.Sgd(List.of(w), 1e308), 4, 2, new Rng(0));
        t.guard(java.util.Map.of("layer.weight", w));
        List<Long> seen = new ArrayList<>();
        t.onStep(seen::add);
        assertThatThrownBy(() -> t.fit(1, (b, n) -> w.square().sum().mul(1e10), null))
                .isInstanceOf(Trainer.DivergedException.class)
                .hasMessageContaining("tensor 'layer.weight' holds -Infinity").hasMessageContaining("at step 1");
        assertThat(seen).isEmpty();
        assertThat(t.stepLosses()).isEmpty();
    }

    /** A saved state that this loop cannot have reached (epochs without their losses, a position off the batches) is refused. */
    @Test
    void restoreRefusesAStateOutsideTheRunsOwnRange() {
        Tensor w = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Trainer t = new Trainer(new Adam(List.of(w), 0.1), 10, 4, new Rng(0));
        t.fit(1, (b, n) -> w.square().sum(), null);
        Trainer.State ok = t.state();
        Trainer fresh = new Trainer(new Adam(List.of(w), 0.1), 10, 4, new Rng(0));
        fresh.restore(ok);
        assertThat(fresh.epoch()).isEqualTo(1);
        Trainer.State manyEpochs = new Trainer.State(2_000_000_000, null, ok.nextStart(), ok.epochSum(), ok.epochBatches(), ok.dataRng(), ok.noiseRng(),
                ok.stepLosses(), ok.epochLosses());
        assertThatThrownBy(() -> fresh.restore(manyEpochs)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000000000 epochs");
        Trainer.State lostSteps = new Trainer.State(1, null, 0, 0, 0, ok.dataRng(), ok.noiseRng(), new double[] {1}, ok.epochLosses());
        assertThatThrownBy(() -> fresh.restore(lostSteps)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 steps");
        Trainer.State offBatch = new Trainer.State(0, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 0, 1,
                ok.dataRng(), ok.noiseRng(), new double[] {1}, new double[0]);
        assertThatThrownBy(() -> fresh.restore(offBatch)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example 5");
        Trainer.State nanLoss = new Trainer.State(1, null, 0, 0, 0, ok.dataRng(), ok.noiseRng(), new double[] {1, Double.NaN, 2}, ok.epochLosses());
        assertThatThrownBy(() -> fresh.restore(nanLoss)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void lastPartialBatchIsKeptAndEveryExampleSeenOncePerEpoch() {
        Tensor w = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Trainer t = new Trainer(new Adam(List.of(w), 0.1), 10, 4, new Rng(0));
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

    /** A run interrupted after step 7 (mid-epoch) and restored into fresh objects ends bit-identical to an uninterrupted run. */
    @Test
    void restoringTheStateMidEpochContinuesExactly() {
        List<Long> straight = runWithSnapshot(-1, null);
        Snapshot[] snap = new Snapshot[1];
        runWithSnapshot(7, snap);
        assertThat(runFrom(snap[0])).isEqualTo(straight);
    }

    record Snapshot(Trainer.State loop, List<double[]> params, List<double[]> optim, long steps) {}

    private static Sequential net(long seed) {
        Rng init = new Rng(seed);
        return new Sequential(new Linear(8, 5, init), Activation.tanh(), new Linear(5, 8, init));
    }

    private static final Tensor DATA = Tensor.rand(new Rng(4), 30, 8);

    private static Trainer.Step step(Sequential net) {
        return (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(DATA, batch);
            return Losses.mse(net.forward(x.add(Tensor.randn(noise, x.shape()).mul(0.1))), x, Reduction.MEAN);
        };
    }

    private static List<Long> runWithSnapshot(int at, Snapshot[] out) {
        Sequential net = net(1);
        Adam opt = new Adam(net.parameters(), 1e-2);
        Trainer t = new Trainer(opt, 30, 4, new Rng(3));
        t.onStep(steps -> {
            if (steps == at) {
                List<double[]> ps = new ArrayList<>(), os = new ArrayList<>();
                for (Tensor p : net.parameters()) ps.add(p.data().clone());
                for (Tensor o : opt.state().values()) os.add(o.data().clone());
                out[0] = new Snapshot(t.state(), ps, os, opt.steps());
            }
        });
        t.fit(3, step(net), null);
        return bits(net);
    }

    private static List<Long> runFrom(Snapshot s) {
        Sequential net = net(77); // different initial weights: everything must come from the snapshot
        Adam opt = new Adam(net.parameters(), 1e-2);
        Trainer t = new Trainer(opt, 30, 4, new Rng(999));
        for (int i = 0; i < s.params().size(); i++) System.arraycopy(s.params().get(i), 0, net.parameters().get(i).data(), 0, s.params().get(i).length);
        List<Tensor> os = new ArrayList<>(opt.state().values());
        for (int i = 0; i < os.size(); i++) System.arraycopy(s.optim().get(i), 0, os.get(i).data(), 0, s.optim().get(i).length);
        opt.setSteps(s.steps());
        t.restore(s.loop());
        t.fit(3, step(net), null);
        assertThat(t.stepLosses()).hasSize(3 * 8);
        return bits(net);
    }

    private static List<Long> bits(Sequential net) {
        List<Long> bits = new ArrayList<>();
        for (Tensor p : net.parameters()) for (double v : p.data()) bits.add(Double.doubleToRawLongBits(v));
        return bits;
    }

    /**
     * 20 steps of a net large enough that its GEMMs run on several threads (2 * 128 * 784 * 512 = 103 MFLOP per
     * product, above the threading threshold): the same bits twice with 2 threads, and the same bits as 1 thread.
     */
    @Test
    void bitIdenticalWithSeveralThreads() {
        int before = Parallelism.threads();
        try {
            Parallelism.setThreads(2);
            List<Long> a = trainWide(11), b = trainWide(11);
            Parallelism.setThreads(1);
            List<Long> one = trainWide(11);
            Parallelism.setThreads(3);
            List<Long> three = trainWide(11);
            assertThat(a).isEqualTo(b).isEqualTo(one).isEqualTo(three);
        } finally {
            Parallelism.setThreads(before);
        }
    }

    private static List<Long> trainWide(long seed) {
        Rng init = new Rng(seed);
        Sequential net = new Sequential(new Linear(784, 512, init), Activation.relu(), new Linear(512, 784, init), Activation.sigmoid());
        Tensor data = Tensor.rand(new Rng(99), 256, 784);
        Adam opt = new Adam(net.parameters(), 1e-3);
        Trainer t = new Trainer(opt, 256, 128, new Rng(seed));
        t.fit(10, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(data, batch);
            return Losses.mse(net.forward(x), x, Reduction.MEAN);
        }, null);
        assertThat(t.stepLosses()).hasSize(20);
        return bits(net);
    }
}

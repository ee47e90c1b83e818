package dev.autoencoders.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.random.Rng;
import dev.autoencoders.kernels.Loops;
import dev.autoencoders.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three steps on L(p) = p^2 / 2 (so grad = p), from p = 1, against values computed by hand from the update rules
 * (and, as a second oracle, printed by torch.optim with the same settings: see each comment).
 */
class OptimizerTest {

    private static double[] run(Optimizer opt, Tensor p) {
        double[] out = new double[3];
        for (int s = 0; s < 3; s++) {
            opt.zeroGrad();
            p.square().mul(0.5).sum().backward();
            opt.step();
            out[s] = p.item();
        }
        return out;
    }

    private static Tensor param() {
        return Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Tensor p = param();
        // lr 0.1, momentum 0.9, wd 0.1: g = 1.1 p
        // 1: b = 1.1,                      p = 1 - 0.11 = 0.89
        // 2: g = 0.979, b = 0.99 + 0.979 = 1.969, p = 0.89 - 0.1969 = 0.6931
        // 3: g = 0.76241, b = 1.7721 + 0.76241 = 2.53451, p = 0.6931 - 0.253451 = 0.439649
        // (torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.1) prints the same three values)
        double[] got = run(new Sgd(List.of(p), 0.1, 0.9, 0.1, false), p);
        assertThat(got).containsExactly(new double[] {0.89, 0.6931, 0.439649}, within(1e-14));
    }

    @Test
    void adamMatchesTheHandComputation() {
        Tensor p = param();
        // lr 0.1, betas (0.9, 0.999), eps 1e-8
        // 1: g = 1; m = 0.1, v = 0.001; m/(1-0.9) = 1, sqrt(v/(1-0.999)) = 1 -> p = 1 - 0.1 / (1 + 1e-8)
        double p1 = 1 - 0.1 / (1 + 1e-8);
        double m1 = 0.1, v1 = 0.001;
        double m2 = 0.9 * m1 + 0.1 * p1, v2 = 0.999 * v1 + 0.001 * p1 * p1;
        double p2 = p1 - 0.1 / (1 - 0.81) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8);
        double m3 = 0.9 * m2 + 0.1 * p2, v3 = 0.999 * v2 + 0.001 * p2 * p2;
        double p3 = p2 - 0.1 / (1 - 0.729) * m3 / (Math.sqrt(v3) / Math.sqrt(1 - Math.pow(0.999, 3)) + 1e-8);
        double[] got = run(new Adam(List.of(p), 0.1), p);
        assertThat(got).containsExactly(new double[] {p1, p2, p3}, within(1e-15));
        // torch.optim.Adam([p], lr=0.1) from p = 1 on p^2/2 (float64): 0.9000000010, 0.8004122297, 0.7015862745
        assertThat(got).containsExactly(new double[] {0.9000000010, 0.8004122297, 0.7015862745}, within(1e-9));
    }

    @Test
    void adamWDecaysTheParameterNotTheGradient() {
        Tensor p = param();
        // step 1: p = 1 * (1 - 0.1 * 0.5) = 0.95, then the Adam step of size 0.1 / (1 + 1e-8)
        double[] got = run(new AdamW(List.of(p), 0.1, 0.5), p);
        assertThat(got[0]).isCloseTo(0.95 - 0.1 / (1 + 1e-8), within(1e-15));
        // torch.optim.AdamW([p], lr=0.1, weight_decay=0.5), float64: 0.8500000010, 0.7082484444, 0.5749739323
        assertThat(got).containsExactly(new double[] {0.8500000010, 0.7082484444, 0.5749739323}, within(1e-9));
    }

    /** Tensors above Loops.Cost.MODERATE.minToSplit() are split between threads: the same bits for any count. */
    @Test
    void adamOnALargeTensorGivesTheSameBitsOnAnyNumberOfThreads() {
        int n = (int) Loops.Cost.MODERATE.minToSplit() * 3 + 7;
        double[][] results = new double[3][];
        int before = Parallelism.threads();
        try {
            for (int threads = 1; threads <= 3; threads++) {
                Parallelism.setThreads(threads);
                Tensor p = Tensor.uniform(new Rng(5), -1, 1, n).requiresGrad(true);
                Adam adam = new AdamW(List.of(p), 0.01, 0.1);
                for (int step = 0; step < 3; step++) {
                    adam.zeroGrad();
                    p.mul(p).sum().backward(); // grad = 2 p
                    adam.step();
                }
                results[threads - 1] = p.data().clone();
            }
        } finally {
            Parallelism.setThreads(before);
        }
        assertThat(results[1]).isEqualTo(results[0]);
        assertThat(results[2]).isEqualTo(results[0]);
        // and the last element (in the last thread's range) is the formula's: one step from the same start by hand
        double x = Tensor.uniform(new Rng(5), -1, 1, n).data()[n - 1];
        double m = 0, v = 0;
        for (int t = 1; t <= 3; t++) {
            x *= 1 - 0.01 * 0.1;
            double g = 2 * x / (1 - 0.01 * 0.1);
            // grad was taken before the decay: g = 2 p_old
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            x -= 0.01 / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
        }
        assertThat(results[0][n - 1]).isCloseTo(x, within(1e-12));
    }

    @Test
    void stateIsExposedByName() {
        Tensor p = param();
        Adam adam = new Adam(List.of(p), 0.1);
        run(adam, p);
        assertThat(adam.state().keySet()).containsExactly("0.exp_avg", "0.exp_avg_sq");
        assertThat(adam.steps()).isEqualTo(3);
    }
}

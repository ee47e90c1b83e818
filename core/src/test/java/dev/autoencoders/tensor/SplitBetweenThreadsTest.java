package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The elementwise ops that split large tensors between threads (relu, softplus, sigmoid, tanh, log_softmax, add) give the same bits, values and
 * gradients, on 1, 2 and 3 threads, and the split ones are the definitions.
 */
class SplitBetweenThreadsTest {

    /** Output and input gradient of {@code sum(f(x) * r)} for x of the given shape, on the given number of threads. */
    private static double[][] run(int threads, Function<Tensor, Tensor> f, int... shape) {
        int old = Parallelism.threads();
        try {
            Parallelism.setThreads(threads);
            Tensor x = Tensor.randn(new Rng(1), shape).requiresGrad(true);
            Tensor y = f.apply(x);
            y.mul(Tensor.randn(new Rng(2), shape)).sum().backward();
            return new double[][] {y.data(), x.grad()};
        } finally {
            Parallelism.setThreads(old);
        }
    }

    @Test
    void reluIsTheSameOnAnyThreadCount() {
        int[] shape = {3, Pointwise.PARALLEL_MIN_ELEMENTS / 3 + 7};
        double[][] one = run(1, Tensor::relu, shape);
        for (int t = 2; t <= 3; t++) {
            double[][] other = run(t, Tensor::relu, shape);
            assertThat(other[0]).as("relu on %d threads", t).isEqualTo(one[0]);
            assertThat(other[1]).as("relu's gradient on %d threads", t).isEqualTo(one[1]);
        }
        Tensor x = Tensor.randn(new Rng(1), shape);
        double[] y = one[0];
        for (int i = 0; i < y.length; i++) assertThat(y[i]).isEqualTo(Math.max(x.data()[i], 0.0));
    }

    @Test
    void softplusSigmoidAndTanhAreTheSameOnAnyThreadCount() {
        int[] shape = {5, Pointwise.PARALLEL_MIN_TRANSCENDENTAL / 5 + 11};
        java.util.Map<String, Function<Tensor, Tensor>> ops = new java.util.LinkedHashMap<>();
        ops.put("softplus", Tensor::softplus);
        ops.put("sigmoid", Tensor::sigmoid);
        ops.put("tanh", Tensor::tanh);
        Tensor x = Tensor.randn(new Rng(1), shape);
        for (var op : ops.entrySet()) {
            double[][] one = run(1, op.getValue(), shape);
            for (int t = 2; t <= 3; t++) {
                double[][] other = run(t, op.getValue(), shape);
                assertThat(other[0]).as("%s on %d threads", op.getKey(), t).isEqualTo(one[0]);
                assertThat(other[1]).as("%s's gradient on %d threads", op.getKey(), t).isEqualTo(one[1]);
            }
            // the definitions, at the first and the last element (the two ends of the ranges)
            for (int i : new int[] {0, one[0].length - 1}) {
                double v = x.data()[i];
                double expected = switch (op.getKey()) {
                    case "softplus" -> Math.log1p(Math.exp(v));
                    case "sigmoid" -> 1 / (1 + Math.exp(-v));
                    default -> Math.tanh(v);
                };
                assertThat(one[0][i]).as("%s(%s)", op.getKey(), v).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-15));
            }
        }
    }

    @Test
    void logSoftmaxIsTheSameOnAnyThreadCount() {
        // (N, K, H, W) logits of a PixelCNN, log-softmax over K (axis 1): lines with a stride
        int[] shape = {11, 128, 7, 7};
        assertThat(11 * 128 * 49).isGreaterThanOrEqualTo(Reductions.PARALLEL_MIN_ELEMENTS);
        double[][] one = run(1, x -> x.logSoftmax(1), shape);
        for (int t = 2; t <= 3; t++) {
            double[][] other = run(t, x -> x.logSoftmax(1), shape);
            assertThat(other[0]).as("log_softmax on %d threads", t).isEqualTo(one[0]);
            assertThat(other[1]).as("log_softmax's gradient on %d threads", t).isEqualTo(one[1]);
        }
        // the definition at one line: y_j = x_j - log sum_k exp(x_k)
        Tensor x = Tensor.randn(new Rng(1), shape);
        int o = 10, i = 48;
        double s = 0;
        for (int j = 0; j < 128; j++) s += Math.exp(x.data()[(o * 128 + j) * 49 + i]);
        for (int j = 0; j < 128; j++) assertThat(one[0][(o * 128 + j) * 49 + i]).isCloseTo(x.data()[(o * 128 + j) * 49 + i] - Math.log(s), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void addIsTheSameOnAnyThreadCountWithAndWithoutBroadcasting() {
        int rows = 5, cols = Broadcasting.PARALLEL_MIN_ELEMENTS / 5 + 3;
        Tensor other = Tensor.randn(new Rng(3), rows, cols).requiresGrad(true), row = Tensor.randn(new Rng(4), cols).requiresGrad(true);
        for (Tensor b : new Tensor[] {other, row}) {
            double[][] one = run(1, x -> x.add(b), rows, cols);
            double[] gb = b.grad().clone();
            b.zeroGrad();
            for (int t = 2; t <= 3; t++) {
                double[][] more = run(t, x -> x.add(b), rows, cols);
                assertThat(more[0]).as("a + b on %d threads", t).isEqualTo(one[0]);
                assertThat(more[1]).as("da on %d threads", t).isEqualTo(one[1]);
                assertThat(b.grad()).as("db on %d threads", t).isEqualTo(gb);
                b.zeroGrad();
            }
            // the definition: y = a + b, db = sum of dy over the repeats (r from run's seed 2)
            Tensor x = Tensor.randn(new Rng(1), rows, cols), r = Tensor.randn(new Rng(2), rows, cols);
            int j = cols - 1;
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                assertThat(one[0][i * cols + j]).isEqualTo(x.data()[i * cols + j] + b.data()[b == row ? j : i * cols + j]);
                sum += r.data()[i * cols + j];
            }
            if (b == row) assertThat(gb[j]).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-12));
        }
    }
}

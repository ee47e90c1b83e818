package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.kernels.Loops;
import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The ops whose loops split large tensors between threads (every elementwise function, log_softmax, add, sub, mul,
 * div) give the same bits, values and gradients, on 1, 2 and 3 threads, and the split ones are the definitions.
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
        int[] shape = {3, (int) Loops.Cost.CHEAP.minToSplit() / 3 + 7};
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

    /** An op of one tensor and its definition on one number. */
    private record Unary(Function<Tensor, Tensor> op, java.util.function.DoubleUnaryOperator definition) {}

    @Test
    void everyElementwiseFunctionIsTheSameOnAnyThreadCount() {
        // above the lowest threshold (transcendental) and the highest (cheap), so that every op's loops are split
        int[] shape = {5, (int) Loops.Cost.CHEAP.minToSplit() / 5 + 11};
        java.util.Map<String, Unary> ops = new java.util.LinkedHashMap<>();
        ops.put("neg", new Unary(Tensor::neg, v -> -v));
        ops.put("add_scalar", new Unary(x -> x.add(0.25), v -> v + 0.25));
        ops.put("mul_scalar", new Unary(x -> x.mul(-3), v -> -3 * v));
        ops.put("exp", new Unary(Tensor::exp, Math::exp));
        ops.put("log", new Unary(x -> x.abs().add(0.5).log(), v -> Math.log(Math.abs(v) + 0.5)));
        ops.put("sqrt", new Unary(x -> x.abs().add(0.5).sqrt(), v -> Math.sqrt(Math.abs(v) + 0.5)));
        ops.put("pow", new Unary(x -> x.pow(3), v -> Math.pow(v, 3)));
        ops.put("square", new Unary(Tensor::square, v -> v * v));
        ops.put("clamp", new Unary(x -> x.clamp(-0.5, 0.5), v -> Math.min(Math.max(v, -0.5), 0.5)));
        ops.put("leaky_relu", new Unary(x -> x.leakyRelu(0.1), v -> v > 0 ? v : 0.1 * v));
        ops.put("softplus", new Unary(Tensor::softplus, v -> Math.log1p(Math.exp(v))));
        ops.put("sigmoid", new Unary(Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v))));
        ops.put("tanh", new Unary(Tensor::tanh, Math::tanh));
        Tensor x = Tensor.randn(new Rng(1), shape);
        for (var op : ops.entrySet()) {
            double[][] one = run(1, op.getValue().op(), shape);
            for (int t = 2; t <= 3; t++) {
                double[][] other = run(t, op.getValue().op(), shape);
                assertThat(other[0]).as("%s on %d threads", op.getKey(), t).isEqualTo(one[0]);
                assertThat(other[1]).as("%s's gradient on %d threads", op.getKey(), t).isEqualTo(one[1]);
            }
            // the definitions, at the first and the last element (the two ends of the ranges)
            for (int i : new int[] {0, one[0].length - 1}) {
                double v = x.data()[i];
                assertThat(one[0][i]).as("%s(%s)", op.getKey(), v).isCloseTo(op.getValue().definition().applyAsDouble(v), org.assertj.core.api.Assertions.within(1e-14));
            }
        }
    }

    @Test
    void logSoftmaxIsTheSameOnAnyThreadCount() {
        // (N, K, H, W) logits of a PixelCNN, log-softmax over K (axis 1): lines with a stride
        int[] shape = {11, 128, 7, 7};
        assertThat(11L * 128 * 49).isGreaterThanOrEqualTo(Loops.Cost.TRANSCENDENTAL.minToSplit());
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
    void addSubMulAndDivAreTheSameOnAnyThreadCountWithAndWithoutBroadcasting() {
        int rows = 5, cols = (int) Loops.Cost.CHEAP.minToSplit() / 5 + 3;
        Tensor other = Tensor.randn(new Rng(3), rows, cols).requiresGrad(true), row = Tensor.randn(new Rng(4), cols).requiresGrad(true);
        java.util.Map<String, java.util.function.BiFunction<Tensor, Tensor, Tensor>> ops = new java.util.LinkedHashMap<>();
        ops.put("add", Tensor::add);
        ops.put("sub", Tensor::sub);
        ops.put("mul", Tensor::mul);
        ops.put("div", (x, b) -> x.div(b.abs().add(0.5)));
        for (var op : ops.entrySet()) {
            for (Tensor b : new Tensor[] {other, row}) {
                Function<Tensor, Tensor> f = x -> op.getValue().apply(x, b);
                double[][] one = run(1, f, rows, cols);
                double[] gb = b.grad().clone();
                b.zeroGrad();
                for (int t = 2; t <= 3; t++) {
                    double[][] more = run(t, f, rows, cols);
                    assertThat(more[0]).as("%s on %d threads", op.getKey(), t).isEqualTo(one[0]);
                    assertThat(more[1]).as("d%s/da on %d threads", op.getKey(), t).isEqualTo(one[1]);
                    assertThat(b.grad()).as("d%s/db on %d threads", op.getKey(), t).isEqualTo(gb);
                    b.zeroGrad();
                }
            }
        }
        // the definition: y = a + b, db = sum of dy over the repeats (r from run's seed 2)
        double[][] one = run(1, x -> x.add(row), rows, cols);
        Tensor x = Tensor.randn(new Rng(1), rows, cols), r = Tensor.randn(new Rng(2), rows, cols);
        int j = cols - 1;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            assertThat(one[0][i * cols + j]).isEqualTo(x.data()[i * cols + j] + row.data()[j]);
            sum += r.data()[i * cols + j];
        }
        assertThat(row.grad()[j]).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-12));
    }
}

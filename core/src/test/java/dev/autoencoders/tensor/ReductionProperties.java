package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of the reductions and the softmax family over random shapes and axes. */
class ReductionProperties {

    private static void check(UnaryOperator<Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.check(in -> f.apply(in[0]), x);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 60)
    void reductionsOverEveryAxis(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rank,
                                 @ForAll @IntRange(min = 0, max = 3) int axisPick, @ForAll boolean keepDim) {
        int[] shape = Gen.shape(seed, rank, 4);
        int axis = axisPick % rank;
        check(Tensor::sum, Gen.var(seed, -2, 2, shape));
        check(Tensor::mean, Gen.var(seed, -2, 2, shape));
        check(x -> x.sum(axis, keepDim), Gen.var(seed, -2, 2, shape));
        check(x -> x.mean(axis, keepDim), Gen.var(seed, -2, 2, shape));
        check(x -> x.max(axis, keepDim), Gen.distinct(seed, 0.01, shape));
        check(x -> x.logsumexp(axis, keepDim), Gen.var(seed, -4, 4, shape));
        check(x -> x.logSoftmax(axis), Gen.var(seed, -4, 4, shape));
        check(x -> x.softmax(axis), Gen.var(seed, -4, 4, shape));
    }

    /**
     * A sum over the last axis (its own loop, a running sum) has the bits of the same sum over the first axis of the
     * transposed matrix (the general loop): the same additions in the same order; and so has its gradient.
     */
    @Property(tries = 60)
    void lastAxisSumHasTheBitsOfTheGeneralLoop(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int rows,
                                               @ForAll @IntRange(min = 1, max = 40) int cols) {
        Tensor x = Gen.var(seed, -3, 3, rows, cols);
        // the same values transposed, (cols, rows), as a leaf of its own
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = x.data()[i * cols + j];
        Tensor xt = Tensor.of(t, cols, rows).requiresGrad(true);
        Tensor last = x.sum(1, false), first = xt.sum(0, false);
        assertThat(last.data()).isEqualTo(first.data());
        Tensor dy = Tensor.uniform(new dev.autoencoders.random.Rng(seed + 1), -1, 1, rows);
        last.mul(dy).sum().backward();
        first.mul(dy).sum().backward();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) assertThat(x.grad()[i * cols + j]).isEqualTo(xt.grad()[j * rows + i]).isEqualTo(dy.data()[i]);
        }
    }

    /** exp(log_softmax(x)) sums to 1 along the axis, also for large logits (no overflow). */
    @Property(tries = 60)
    void logSoftmaxRowsExponentiateToOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rank,
                                         @ForAll @IntRange(min = 0, max = 3) int axisPick) {
        int[] shape = Gen.shape(seed, rank, 5);
        int axis = axisPick % rank;
        Tensor x = Gen.var(seed, -500, 500, shape);
        Tensor sums = x.logSoftmax(axis).exp().sum(axis, false);
        for (double s : sums.data()) assertThat(s).isCloseTo(1.0, within(1e-12));
    }

    /** logsumexp equals the direct formula where that does not overflow (second oracle). */
    @Property(tries = 60)
    void logsumexpMatchesTheDirectFormula(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        Tensor x = Gen.var(seed, -5, 5, 3, n);
        Tensor l = x.logsumexp(1, false);
        for (int r = 0; r < 3; r++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += Math.exp(x.get(r, j));
            assertThat(l.get(r)).isCloseTo(Math.log(s), within(1e-12));
        }
    }
}

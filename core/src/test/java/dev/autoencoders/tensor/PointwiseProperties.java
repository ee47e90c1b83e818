package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of every pointwise op over random shapes and values (relative error <= 1e-6). */
class PointwiseProperties {

    private static void check(UnaryOperator<Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.check(in -> f.apply(in[0]), x);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        assertThat(r.checked()).isEqualTo(x.numel());
    }

    @Property(tries = 40)
    @Tag("lab-autodiff")
    void smoothFunctions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
        int[] shape = Gen.shape(seed, rank, 5);
        check(Tensor::neg, Gen.var(seed, -3, 3, shape));
        check(Tensor::exp, Gen.var(seed, -3, 3, shape));
        check(Tensor::sigmoid, Gen.var(seed, -6, 6, shape));
        check(Tensor::tanh, Gen.var(seed, -3, 3, shape));
        check(Tensor::softplus, Gen.var(seed, -6, 6, shape));
        check(x -> x.add(1.5), Gen.var(seed, -3, 3, shape));
        check(x -> x.mul(-2.5), Gen.var(seed, -3, 3, shape));
        check(x -> x.rsub(0.5), Gen.var(seed, -3, 3, shape));
        check(Tensor::square, Gen.var(seed, -3, 3, shape));
    }

    @Property(tries = 40)
    void positiveDomain(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank,
                        @ForAll @DoubleRange(min = -2.5, max = 3.5) double p) {
        int[] shape = Gen.shape(seed, rank, 5);
        check(Tensor::log, Gen.var(seed, 0.2, 4, shape));
        check(Tensor::sqrt, Gen.var(seed, 0.2, 4, shape));
        check(x -> x.pow(p), Gen.var(seed, 0.3, 3, shape));
    }

    @Property(tries = 40)
    void kinkedFunctionsAwayFromTheKink(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
        int[] shape = Gen.shape(seed, rank, 5);
        check(Tensor::relu, Gen.awayFromZero(seed, 0.01, 3, shape));
        check(Tensor::abs, Gen.awayFromZero(seed, 0.01, 3, shape));
        check(x -> x.leakyRelu(0.2), Gen.awayFromZero(seed, 0.01, 3, shape));
        // clamp to [-1, 1]: values kept away from both ends
        Tensor x = Gen.awayFromZero(seed, 0.01, 3, shape);
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) if (Math.abs(Math.abs(d[i]) - 1) < 0.01) d[i] *= 1.1;
        check(t -> t.clamp(-1, 1), x);
    }
}

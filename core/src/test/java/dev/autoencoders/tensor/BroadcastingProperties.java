package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import java.util.function.BinaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of + - * / over random broadcastable shape pairs, and the sum-back identity. */
class BroadcastingProperties {

    /** A shape that broadcasts to {@code out}: some leading dimensions dropped, some others set to 1. */
    static int[] broadcastableTo(int[] out, Rng rng) {
        int drop = rng.nextInt(out.length + 1);
        int[] s = new int[out.length - drop];
        for (int i = 0; i < s.length; i++) s[i] = rng.bernoulli(0.4) ? 1 : out[i + drop];
        return s;
    }

    private static void check(BinaryOperator<Tensor> f, Tensor a, Tensor b) {
        GradCheck.Result r = GradCheck.check(in -> f.apply(in[0], in[1]), a, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 60)
    void arithmeticWithBroadcasting(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rank) {
        Rng rng = new Rng(seed);
        int[] out = Gen.shape(seed, rank, 4);
        int[] sa = rng.bernoulli(0.5) ? out : broadcastableTo(out, rng);
        int[] sb = broadcastableTo(out, rng);
        if (rng.bernoulli(0.5)) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        check(Tensor::add, Gen.var(seed, -2, 2, sa), Gen.var(seed + 1, -2, 2, sb));
        check(Tensor::sub, Gen.var(seed, -2, 2, sa), Gen.var(seed + 1, -2, 2, sb));
        check(Tensor::mul, Gen.var(seed, -2, 2, sa), Gen.var(seed + 1, -2, 2, sb));
        check(Tensor::div, Gen.var(seed, -2, 2, sa), Gen.awayFromZero(seed + 1, 0.5, 2, sb));
    }

    /** d sum(a + b) / db counts how often each element of b was repeated: the gradient sums back to b's shape. */
    @Property(tries = 60)
    void broadcastGradientsSumBackToTheInputShape(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rank) {
        Rng rng = new Rng(seed);
        int[] out = Gen.shape(seed, rank, 4);
        int[] sb = broadcastableTo(out, rng);
        Tensor a = Gen.var(seed, -1, 1, out);
        Tensor b = Gen.var(seed + 1, -1, 1, sb);
        a.add(b).sum().backward();
        assertThat(b.grad()).hasSize(Shape.numel(sb));
        double repeats = (double) Shape.numel(out) / Shape.numel(sb);
        for (double g : b.grad()) assertThat(g).isEqualTo(repeats);
        for (double g : a.grad()) assertThat(g).isEqualTo(1.0);
    }

    /**
     * The index map read row by row equals the element-by-element odometer and, as a second oracle, the definition:
     * output position (i_0 .. i_r) reads input position (i_j, or 0 on an axis where the input has size 1).
     */
    @Property(tries = 200)
    void broadcastIndexIsTheDefinition(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int rank) {
        Rng rng = new Rng(seed);
        int[] out = Gen.shape(seed, rank, 5);
        int[] in = broadcastableTo(out, rng);
        int[] map = Shape.broadcastIndex(in, out);
        assertThat(map).containsExactly(Shape.broadcastIndexReference(in, out));
        int[] inStrides = Shape.strides(in);
        for (int k = 0; k < map.length; k++) {
            int rest = k, expected = 0;
            for (int d = out.length - 1; d >= 0; d--) {
                int i = rest % out[d];
                rest /= out[d];
                int din = d - (out.length - in.length);
                if (din >= 0 && in[din] != 1) expected += i * inStrides[din];
            }
            assertThat(map[k]).as("output element %d of %s from %s", k, java.util.Arrays.toString(out), java.util.Arrays.toString(in)).isEqualTo(expected);
        }
    }
}

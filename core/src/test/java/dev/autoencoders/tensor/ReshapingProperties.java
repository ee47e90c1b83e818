package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of the element-moving ops over random shapes. */
class ReshapingProperties {

    private static void check(UnaryOperator<Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.check(in -> f.apply(in[0]), x);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 60)
    void permuteTransposeReshapeSlice(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int rank) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(seed, rank, 4);
        int[] perm = rng.permutation(rank);
        check(x -> x.permute(perm), Gen.var(seed, -1, 1, shape));
        check(x -> x.transpose(0, rank - 1), Gen.var(seed, -1, 1, shape));
        check(x -> x.reshape(-1).mul(x.reshape(-1)), Gen.var(seed, -1, 1, shape));
        int ax = rng.nextInt(rank);
        int start = rng.nextInt(shape[ax]);
        int end = start + 1 + rng.nextInt(shape[ax] - start);
        check(x -> x.slice(ax, start, end), Gen.var(seed, -1, 1, shape));
    }

    @Property(tries = 60)
    void concatGatherIndexSelect(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
        Rng rng = new Rng(seed);
        int[] shape = Gen.shape(seed, rank, 4);
        int ax = rng.nextInt(rank);
        int[] other = shape.clone();
        other[ax] = 1 + rng.nextInt(3);
        Tensor a = Gen.var(seed, -1, 1, shape), b = Gen.var(seed + 1, -1, 1, other);
        GradCheck.Result r = GradCheck.check(in -> Reshaping.concat(ax, in[0], in[1], in[0]), a, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);

        int[] idx = new int[Shape.outer(shape, ax) * Shape.inner(shape, ax)];
        for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(shape[ax]);
        check(x -> Reshaping.gather(x, ax, idx), Gen.var(seed, -1, 1, shape));

        int[] rows = new int[1 + rng.nextInt(6)];
        for (int i = 0; i < rows.length; i++) rows[i] = rng.nextInt(shape[0]); // repeats allowed: gradients add
        check(x -> Reshaping.indexSelect(x, rows), Gen.var(seed, -1, 1, shape));
    }

    /** Permuting by p and then by the inverse of p is the identity (second oracle for the index arithmetic). */
    @Property(tries = 60)
    void permuteThenInverseIsIdentity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int rank) {
        int[] shape = Gen.shape(seed, rank, 4);
        int[] p = new Rng(seed).permutation(rank);
        int[] inv = new int[rank];
        for (int i = 0; i < rank; i++) inv[p[i]] = i;
        Tensor x = Gen.var(seed, -1, 1, shape);
        Tensor y = x.permute(p);
        for (int d = 0; d < rank; d++) assertThat(y.dim(d)).isEqualTo(shape[p[d]]);
        assertThat(y.permute(inv).data()).containsExactly(x.data());
    }

    /**
     * permute against its definition (an index error the same in forward and backward passes the gradient check, and
     * one that is its own inverse passes the test above): output axis d is input axis p[d], so output element
     * (i_0 .. i_r) is input element sum_d i_d * stride_x[p[d]].
     */
    @Property(tries = 100)
    void permuteIsTheDefinition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int rank) {
        int[] shape = Gen.shape(seed, rank, 5);
        int[] p = new Rng(seed).permutation(rank);
        Tensor x = Gen.var(seed, -1, 1, shape);
        Tensor y = x.permute(p);
        int[] xs = Shape.strides(shape);
        for (int k = 0; k < y.data().length; k++) {
            int rest = k, off = 0;
            for (int d = rank - 1; d >= 0; d--) {
                off += rest % y.dim(d) * xs[p[d]];
                rest /= y.dim(d);
            }
            assertThat(y.data()[k]).as("element %d of %s permuted by %s", k, java.util.Arrays.toString(shape), java.util.Arrays.toString(p)).isEqualTo(x.data()[off]);
        }
    }

    /** The offsets of a strided view, filled a row at a time, equal the element-by-element odometer for any strides (0 and permuted ones among them). */
    @Property(tries = 200)
    void offsetsAreTheOdometer(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int rank) {
        Rng rng = new Rng(seed);
        int[] out = Gen.shape(seed, rank, 5);
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) strides[d] = rng.nextInt(50);
        assertThat(Shape.offsets(out, strides)).containsExactly(Shape.offsetsReference(out, strides));
    }
}

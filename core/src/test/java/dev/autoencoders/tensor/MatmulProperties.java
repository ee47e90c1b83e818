package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of matmul (2-D and batched) and the fused linear map, plus a naive-sum second oracle. */
class MatmulProperties {

    @Property(tries = 60)
    @Tag("lab-autodiff")
    void matmulGradients(@ForAll @IntRange(min = 1, max = 6) int m, @ForAll @IntRange(min = 1, max = 6) int k,
                         @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
        GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]), Gen.var(seed, -1, 1, m, k), Gen.var(seed + 1, -1, 1, k, n));
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 40)
    @Tag("lab-autodiff")
    void batchedMatmulGradients(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 5) int m,
                                @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed) {
        GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]), Gen.var(seed, -1, 1, b, m, k), Gen.var(seed + 1, -1, 1, b, k, n));
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 60)
    void linearGradients(@ForAll @IntRange(min = 1, max = 6) int batch, @ForAll @IntRange(min = 1, max = 6) int in,
                         @ForAll @IntRange(min = 1, max = 6) int out, @ForAll boolean withBias, @ForAll long seed) {
        Tensor x = Gen.var(seed, -1, 1, batch, in), w = Gen.var(seed + 1, -1, 1, out, in), b = Gen.var(seed + 2, -1, 1, out);
        GradCheck.Result r = GradCheck.check(t -> Matmul.linear(t[0], t[1], withBias ? t[2] : null), x, w, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    /** linear(x, W, b) = x W^T + b computed with matmul, transpose and broadcasting: two implementations agree. */
    @Property(tries = 60)
    void linearEqualsMatmulWithTransposeAndBias(@ForAll @IntRange(min = 1, max = 7) int batch, @ForAll @IntRange(min = 1, max = 7) int in,
                                                @ForAll @IntRange(min = 1, max = 7) int out, @ForAll long seed) {
        Tensor x = Gen.var(seed, -1, 1, batch, in), w = Gen.var(seed + 1, -1, 1, out, in), b = Gen.var(seed + 2, -1, 1, out);
        double[] fused = Matmul.linear(x, w, b).data();
        double[] composed = x.matmul(w.t()).add(b).data();
        assertThat(fused).containsExactly(composed, within(1e-13));
    }
}

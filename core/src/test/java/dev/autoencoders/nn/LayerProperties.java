package dev.autoencoders.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Gen;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every layer's gradient, with respect to its input and all its parameters, over random sizes. */
class LayerProperties {

    /** Checks d sum(layer(x) * r) / d(x, params). */
    static void checkLayer(Module m, java.util.function.Function<Tensor, Tensor> forward, Tensor x) {
        List<Tensor> vars = new ArrayList<>(m.parameters());
        vars.add(x);
        Tensor r = Tensor.randn(new Rng(99), forward.apply(x).shape());
        GradCheck.Result res = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> forward.apply(x).mul(r).sum(), vars);
        assertThat(res.maxRelError()).as(res.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 30)
    void linear(@ForAll @IntRange(min = 1, max = 6) int in, @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
        Linear l = new Linear(in, out, new Rng(seed));
        checkLayer(l, l::forward, Gen.var(seed, -1, 1, 3, in));
    }

    @Property(tries = 30)
    void conv2dAndMaskedConv2d(@ForAll @IntRange(min = 1, max = 3) int in, @ForAll @IntRange(min = 1, max = 3) int out,
                               @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll long seed) {
        Conv2d c = new Conv2d(in, out, k, stride, k / 2, new Rng(seed));
        checkLayer(c, c::forward, Gen.var(seed, -1, 1, 2, in, 5, 4));
        MaskedConv2d m = new MaskedConv2d(seed % 2 == 0 ? MaskedConv2d.Type.A : MaskedConv2d.Type.B, in, out, 2 * (k / 2) + 1, k / 2, new Rng(seed));
        checkLayer(m, m::forward, Gen.var(seed, -1, 1, 2, in, 4, 4));
    }

    @Property(tries = 30)
    void convTranspose2d(@ForAll @IntRange(min = 1, max = 3) int in, @ForAll @IntRange(min = 1, max = 3) int out,
                         @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll long seed) {
        int pad = (int) Math.floorMod(seed, 2L);
        Assume.that(Math.max(0, pad) < k + 2);
        ConvTranspose2d c = new ConvTranspose2d(in, out, k, stride, 0, stride - 1, new Rng(seed));
        checkLayer(c, c::forward, Gen.var(seed, -1, 1, 2, in, 3, 2));
    }

    @Property(tries = 30)
    void embeddingAndSequential(@ForAll @IntRange(min = 1, max = 6) int num, @ForAll @IntRange(min = 1, max = 4) int dim, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Embedding e = new Embedding(num, dim, rng);
        int[] idx = new int[7];
        for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(num);
        Tensor dummy = Tensor.zeros(1).requiresGrad(true);
        checkLayer(e, x -> e.forward(idx, 7).add(x), dummy);

        Sequential s = new Sequential(new Linear(dim, 5, rng), Activation.tanh(), new Linear(5, 3, rng), Activation.sigmoid());
        checkLayer(s, s::forward, Gen.var(seed, -1, 1, 4, dim));
    }

    @Property(tries = 30)
    void maxPoolAndUnpoolLayers(@ForAll long seed) {
        MaxPool2d pool = new MaxPool2d(2, 2);
        MaxUnpool2d unpool = new MaxUnpool2d(2, 2, 0);
        Tensor x = Gen.distinct(seed, 0.01, 2, 3, 4, 6);
        checkLayer(pool, pool::forward, x);
        checkLayer(unpool, t -> {
            var p = pool.forwardWithIndices(t);
            return unpool.forward(p.output(), p.indices());
        }, Gen.distinct(seed + 1, 0.01, 2, 3, 4, 6));
    }
}

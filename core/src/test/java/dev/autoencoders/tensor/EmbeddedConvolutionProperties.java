package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Convolution#embeddedConv2d}, the convolution of an embedded code map by table look-ups, against two oracles:
 * the composition it replaces (index_select, permute, masked_conv2d) with its gradients, and a hand-computed case.
 */
class EmbeddedConvolutionProperties {

    /** The composition the op stands for: {@code maskedConv2d(E[codes] as (n, C, h, w), W, b)}. */
    private static Tensor composed(Tensor table, int[] codes, int n, int h, int w, Tensor wt, Tensor b, int stride, int pad, boolean[] taps) {
        Tensor x = Reshaping.indexSelect(table, codes).reshape(n, h, w, table.dim(1)).permute(0, 3, 1, 2);
        return Convolution.maskedConv2d(x, wt, b, stride, pad, taps);
    }

    /** Values and all three gradients equal the composition's, over random sizes, strides, paddings and masks. */
    @Property(tries = 60)
    void equalsTheEmbeddingFollowedByTheConvolution(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int k,
                                                     @ForAll @IntRange(min = 1, max = 2) int stride) {
        Rng rng = new Rng(seed);
        int numCodes = 1 + rng.nextInt(6), c = 1 + rng.nextInt(5), o = 1 + rng.nextInt(5), n = 1 + rng.nextInt(3);
        int pad = rng.nextInt(k), h = k + rng.nextInt(4), w = k + rng.nextInt(4);
        boolean[] taps = rng.bernoulli(0.25) ? null : new boolean[k * k];
        if (taps != null) for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.6);
        int[] codes = new int[n * h * w];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(numCodes);
        Tensor table = Gen.var(seed + 1, -1, 1, numCodes, c), wt = Gen.var(seed + 2, -1, 1, o, c, k, k), b = Gen.var(seed + 3, -1, 1, o);
        Tensor r = Tensor.randn(new Rng(seed + 4), composed(table, codes, n, h, w, wt, b, stride, pad, taps).shape);

        Tensor expected = composed(table, codes, n, h, w, wt, b, stride, pad, taps);
        expected.mul(r).sum().backward();
        double[][] expectedGrads = {table.grad().clone(), wt.grad().clone(), b.grad().clone()};
        table.zeroGrad();
        wt.zeroGrad();
        b.zeroGrad();
        // the path of a model: embed the code map, then convolve it (the convolution works from the table)
        Tensor actual = Convolution.maskedConv2d(Reshaping.embedCodeMap(table, codes, n, h, w), wt, b, stride, pad, taps);
        assertThat(actual.op()).isEqualTo("embedded_conv2d");
        actual.mul(r).sum().backward();

        assertThat(actual.shape).containsExactly(expected.shape);
        assertThat(actual.data()).containsExactly(expected.data(), within(1e-12));
        assertThat(table.grad()).as("dE").containsExactly(expectedGrads[0], within(1e-12));
        assertThat(wt.grad()).as("dW").containsExactly(expectedGrads[1], within(1e-12));
        assertThat(b.grad()).as("db").containsExactly(expectedGrads[2], within(1e-12));
    }

    /** The embedded code map is index_select + reshape + permute, values and gradient; a copy of it is convolved as any image. */
    @Property(tries = 30)
    void anEmbeddedCodeMapIsTheLookUpPermutedToChannelsFirst(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int numCodes = 1 + rng.nextInt(5), c = 1 + rng.nextInt(4), n = 1 + rng.nextInt(3), h = 1 + rng.nextInt(4), w = 1 + rng.nextInt(4);
        int[] codes = new int[n * h * w];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(numCodes);
        Tensor table = Gen.var(seed + 1, -1, 1, numCodes, c);
        Tensor expected = Reshaping.indexSelect(table, codes).reshape(n, h, w, c).permute(0, 3, 1, 2);
        Tensor actual = Reshaping.embedCodeMap(table, codes, n, h, w);
        assertThat(actual.shape).containsExactly(n, c, h, w);
        assertThat(actual.data()).containsExactly(expected.data());
        GradCheck.Result res = GradCheck.check(t -> Reshaping.embedCodeMap(t[0], codes, n, h, w), table);
        assertThat(res.maxRelError()).as(res.toString()).isLessThanOrEqualTo(1e-6);
        // only the op's own result carries the table: a copy of its values is an ordinary image
        Tensor wt = Gen.var(seed + 2, -1, 1, 2, c, 1, 1);
        assertThat(Convolution.conv2d(actual.detach(), wt, null, 1, 0).op()).isEqualTo("conv2d");
        assertThat(Convolution.conv2d(actual.mul(1.0), wt, null, 1, 0).op()).isEqualTo("conv2d");
    }

    /** Central differences against the hand-derived backward, for the table, the weight and the bias. */
    @Property(tries = 30)
    void gradientsCheck(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int k) {
        Rng rng = new Rng(seed);
        int numCodes = 1 + rng.nextInt(4), c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3), h = k + 1, w = k + 2;
        boolean[] taps = new boolean[k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.5);
        int[] codes = new int[2 * h * w];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(numCodes);
        Tensor table = Gen.var(seed + 1, -1, 1, numCodes, c), wt = Gen.var(seed + 2, -1, 1, o, c, k, k), b = Gen.var(seed + 3, -1, 1, o);
        GradCheck.Result res = GradCheck.check(t -> Convolution.embeddedConv2d(t[0], codes, 2, h, w, t[1], t[2], 1, k / 2, taps), table, wt, b);
        assertThat(res.maxRelError()).as(res.toString()).isLessThanOrEqualTo(1e-6);
    }

    /**
     * By hand, a 1x1 kernel on a 1 x 3 grid: E = [[1], [2]], W = 3, b = 0.5, codes 0 1 1 give y = 3.5 6.5 6.5; for
     * L = sum y, dE = (3 * count of each code) = (3, 6), dW = sum of the looked-up values = 1 + 2 + 2 = 5, db = 3.
     */
    @Test
    void aOneByOneKernelByHand() {
        Tensor table = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad(true);
        Tensor wt = Tensor.of(new double[] {3}, 1, 1, 1, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
        Tensor y = Convolution.embeddedConv2d(table, new int[] {0, 1, 1}, 1, 1, 3, wt, b, 1, 0, null);
        assertThat(y.data()).containsExactly(3.5, 6.5, 6.5);
        y.sum().backward();
        assertThat(table.grad()).containsExactly(3.0, 6.0);
        assertThat(wt.grad()).containsExactly(5.0);
        assertThat(b.grad()).containsExactly(3.0);
    }

    /**
     * PixelCNN's first layer at a size that splits between threads (images in the forward, taps in the backward):
     * the same bits on 1 and 2 threads, values and gradients.
     */
    @Test
    void theSameBitsOnOneAndTwoThreads() {
        int numCodes = 16, c = 8, o = 32, n = 8, side = 7;
        boolean[] taps = new boolean[49];
        for (int i = 0; i < 24; i++) taps[i] = true;  // mask A of a 7x7 kernel
        Rng rng = new Rng(7);
        int[] codes = new int[n * side * side];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(numCodes);
        double[][] one = run(1, numCodes, c, o, n, side, taps, codes), two = run(2, numCodes, c, o, n, side, taps, codes);
        for (int i = 0; i < one.length; i++) assertThat(two[i]).as("output %d", i).isEqualTo(one[i]);
    }

    private static double[][] run(int threads, int numCodes, int c, int o, int n, int side, boolean[] taps, int[] codes) {
        int old = Parallelism.threads();
        try {
            Parallelism.setThreads(threads);
            Tensor table = Gen.var(1, -1, 1, numCodes, c), wt = Gen.var(2, -1, 1, o, c, 7, 7), b = Gen.var(3, -1, 1, o);
            Tensor y = Convolution.embeddedConv2d(table, codes, n, side, side, wt, b, 1, 3, taps);
            y.mul(Tensor.randn(new Rng(4), y.shape)).sum().backward();
            return new double[][] {y.data(), table.grad(), wt.grad(), b.grad()};
        } finally {
            Parallelism.setThreads(old);
        }
    }

    @Test
    void aCodeOutsideTheTableIsNamedWithItsPosition() {
        Tensor table = Tensor.zeros(4, 2), wt = Tensor.zeros(3, 2, 3, 3);
        assertThatThrownBy(() -> Convolution.embeddedConv2d(table, new int[] {0, 1, 4, 2}, 1, 2, 2, wt, null, 1, 1, null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("code 4 at position 2 outside [0, 4)").hasMessageContaining("[4, 2]");
    }

    @Test
    void aTableWhoseWidthIsNotTheInputChannelsIsRefusedWithBothShapes() {
        Tensor table = Tensor.zeros(4, 5), wt = Tensor.zeros(3, 2, 3, 3);
        assertThatThrownBy(() -> Convolution.embeddedConv2d(table, new int[4], 1, 2, 2, wt, null, 1, 1, null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("embedded_conv2d").hasMessageContaining("[4, 5]").hasMessageContaining("[3, 2, 3, 3]");
    }

    @Test
    void codesThatDoNotFillTheGridAreRefused() {
        Tensor table = Tensor.zeros(4, 2), wt = Tensor.zeros(3, 2, 3, 3);
        assertThatThrownBy(() -> Convolution.embeddedConv2d(table, new int[5], 1, 2, 2, wt, null, 1, 1, null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("5 codes for a grid 1 x 2 x 2");
    }
}

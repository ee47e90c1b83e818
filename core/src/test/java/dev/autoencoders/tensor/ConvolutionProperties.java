package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/** Gradient checks of conv2d and conv-transpose2d over random geometry, and the adjoint identity that links them. */
class ConvolutionProperties {

    @Property(tries = 50)
    @Tag("lab-conv")
    void conv2dGradients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                         @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean withBias) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3);
        int h = k + rng.nextInt(5), w = k + rng.nextInt(5);
        Tensor x = Gen.var(seed, -1, 1, n, c, h, w), wt = Gen.var(seed + 1, -1, 1, o, c, k, k), b = Gen.var(seed + 2, -1, 1, o);
        GradCheck.Result r = GradCheck.check(t -> Convolution.conv2d(t[0], t[1], withBias ? t[2] : null, stride, pad), x, wt, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Property(tries = 50)
    @Tag("lab-conv")
    void convTranspose2dGradients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                  @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @IntRange(min = 0, max = 2) int opPick) {
        Rng rng = new Rng(seed);
        int outputPadding = opPick % stride;
        int n = 1 + rng.nextInt(2), cin = 1 + rng.nextInt(3), cout = 1 + rng.nextInt(3);
        int h = 1 + rng.nextInt(4), w = 1 + rng.nextInt(4);
        Assume.that(Convolution.convTransposeOutSize(Math.min(h, w), k, stride, pad, outputPadding) >= 1);
        Tensor x = Gen.var(seed, -1, 1, n, cin, h, w), wt = Gen.var(seed + 1, -1, 1, cin, cout, k, k), b = Gen.var(seed + 2, -1, 1, cout);
        GradCheck.Result r = GradCheck.check(t -> Convolution.convTranspose2d(t[0], t[1], t[2], stride, pad, outputPadding), x, wt, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    /**
     * Conv-transpose is the adjoint of conv: {@code <conv(x; W), y> = <x, convT(y; W)>} for the same weight,
     * stride and padding (no bias), with the output padding that restores x's size.
     */
    @Property(tries = 100)
    @Tag("lab-conv")
    void convTransposeIsTheAdjointOfConv(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int k,
                                         @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3);
        int h = k + rng.nextInt(6), w = k + rng.nextInt(6);
        Assume.that(Convolution.convOutSize(Math.min(h, w), k, stride, pad) >= 1);
        Tensor x = Tensor.uniform(rng, -1, 1, n, c, h, w);
        Tensor wt = Tensor.uniform(rng, -1, 1, o, c, k, k);
        Tensor cx = Convolution.conv2d(x, wt, null, stride, pad);
        Tensor y = Tensor.uniform(rng, -1, 1, cx.shape());
        int oh = cx.dim(2), ow = cx.dim(3);
        int opH = h - Convolution.convTransposeOutSize(oh, k, stride, pad, 0);
        int opW = w - Convolution.convTransposeOutSize(ow, k, stride, pad, 0);
        Assume.that(opH == opW);
        Tensor ty = Convolution.convTranspose2d(y, wt, null, stride, pad, opH);
        assertThat(ty.shape()).containsExactly(x.shape());
        double lhs = cx.mul(y).sum().item(), rhs = x.mul(ty).sum().item();
        assertThat(lhs).isCloseTo(rhs, within(1e-12 * (1 + Math.abs(lhs))));
    }

    /** conv2d equals the definition summed term by term (second oracle for im2col + GEMM). */
    @Property(tries = 50)
    @Tag("lab-conv")
    void conv2dMatchesTheDefinition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int k,
                                    @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad) {
        Rng rng = new Rng(seed);
        int c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3), h = k + rng.nextInt(5), w = k + rng.nextInt(5);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, c, h, w), wt = Tensor.uniform(rng, -1, 1, o, c, k, k), b = Tensor.uniform(rng, -1, 1, o);
        Tensor y = Convolution.conv2d(x, wt, b, stride, pad);
        for (int s = 0; s < 2; s++) {
            for (int oc = 0; oc < o; oc++) {
                for (int oy = 0; oy < y.dim(2); oy++) {
                    for (int ox = 0; ox < y.dim(3); ox++) {
                        double acc = b.get(oc);
                        for (int ic = 0; ic < c; ic++) {
                            for (int i = 0; i < k; i++) {
                                for (int j = 0; j < k; j++) {
                                    int yy = oy * stride - pad + i, xx = ox * stride - pad + j;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) acc += wt.get(oc, ic, i, j) * x.get(s, ic, yy, xx);
                                }
                            }
                        }
                        assertThat(y.get(s, oc, oy, ox)).isCloseTo(acc, within(1e-12));
                    }
                }
            }
        }
    }

    /** The masked convolution: gradients check, and it equals conv2d with the weight multiplied by the mask. */
    @Property(tries = 40)
    void maskedConvolution(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int k) {
        Rng rng = new Rng(seed);
        int c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3);
        boolean[] taps = new boolean[k * k];
        double[] m = new double[o * c * k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = rng.bernoulli(0.5);
        for (int i = 0; i < m.length; i++) m[i] = taps[i % (k * k)] ? 1 : 0;
        Tensor mask = Tensor.of(m, o, c, k, k);
        Tensor x = Gen.var(seed, -1, 1, 2, c, k + 2, k + 1), wt = Gen.var(seed + 1, -1, 1, o, c, k, k), b = Gen.var(seed + 2, -1, 1, o);
        GradCheck.Result r = GradCheck.check(t -> Convolution.maskedConv2d(t[0], t[1], t[2], 1, k / 2, taps), x, wt, b);
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        double[] direct = Convolution.maskedConv2d(x, wt, b, 1, k / 2, taps).data();
        double[] composed = Convolution.conv2d(x, wt.mul(mask), b, 1, k / 2).data();
        assertThat(direct).containsExactly(composed, within(1e-12));
    }
}

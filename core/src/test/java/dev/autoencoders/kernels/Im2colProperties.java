package dev.autoencoders.kernels;

import static dev.autoencoders.kernels.KernelArrays.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Im2col}, the reference unfolding, against its definition: {@code im2col} is the formula of its Javadoc
 * element by element (0 outside the image), bit for bit, and {@code col2im} is its adjoint,
 * {@code <im2col(x), c> = <x, col2im(c)>}, for every kernel size, stride and padding (wider than the kernel too,
 * where whole rows and columns of an output fall outside the image).
 */
class Im2colProperties {

    @Property(tries = 300)
    void im2colIsTheDefinitionAndCol2imItsAdjoint(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
                                                  @ForAll @IntRange(min = 1, max = 4) int stride, @ForAll @IntRange(min = 0, max = 6) int pad) {
        Rng rng = new Rng(seed);
        int channels = 1 + rng.nextInt(3), height = 1 + rng.nextInt(9), width = 1 + rng.nextInt(9), xOff = rng.nextInt(5);
        int outH = (height + 2 * pad - kh) / stride + 1, outW = (width + 2 * pad - kw) / stride + 1;
        Assume.that(height + 2 * pad >= kh && width + 2 * pad >= kw);
        double[] x = rand(rng, xOff + channels * height * width);
        double[] col = rand(rng, channels * kh * kw * outH * outW);
        Im2col.im2col(x, xOff, channels, height, width, kh, kw, stride, pad, outH, outW, col);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            int y = oy * stride - pad + i, xx = ox * stride - pad + j;
                            double expected = y >= 0 && y < height && xx >= 0 && xx < width ? x[xOff + (c * height + y) * width + xx] : 0.0;
                            assertThat(col[((c * kh + i) * kw + j) * outH * outW + oy * outW + ox]).isEqualTo(expected);
                        }
                    }
                }
            }
        }
        // <im2col(x), d> = <x, col2im(d)>, with col2im adding onto a z that starts as zero (and leaving xOff's prefix alone)
        double[] d = rand(rng, col.length), z = new double[x.length];
        Im2col.col2im(d, channels, height, width, kh, kw, stride, pad, outH, outW, z, xOff);
        double left = 0, right = 0, scale = 0;
        for (int q = 0; q < col.length; q++) {
            left += col[q] * d[q];
            scale += Math.abs(col[q] * d[q]);
        }
        for (int q = xOff; q < x.length; q++) right += x[q] * z[q];
        for (int q = 0; q < xOff; q++) assertThat(z[q]).isZero();
        assertThat(right).isCloseTo(left, within(1e-12 * (1 + scale)));
    }
}

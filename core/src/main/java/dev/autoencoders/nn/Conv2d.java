package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Convolution;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation) {@code y = W * x + b}: {@code x: (N, in, H, W) -> y: (N, out, OH, OW)},
 * {@code OH = floor((H + 2 padding - k) / stride) + 1}; {@code weight: (out, in, k, k)}, {@code bias: (out)}.
 */
public class Conv2d extends Layer {
    public final Tensor weight;
    public final Tensor bias;
    public final int in, out, k, stride, padding;

    public Conv2d(int in, int out, int k, int stride, int padding, Rng rng) {
        if (in < 1 || out < 1 || k < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(describe(in, out, k, stride, padding) + ": need in, out, k, stride >= 1 and padding >= 0");
        }
        this.in = in;
        this.out = out;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        this.weight = parameter("weight", Init.pytorchDefaultWeight(rng, out, in, k, k));
        this.bias = parameter("bias", Init.pytorchDefaultBias(rng, in * k * k, out));
    }

    private static String describe(int in, int out, int k, int stride, int padding) {
        return "Conv2d(" + in + ", " + out + ", k=" + k + ", stride=" + stride + ", padding=" + padding + ")";
    }

    /** The layer as named in error messages. */
    protected String describe() {
        return describe(in, out, k, stride, padding);
    }

    /**
     * This layer applied to an embedded code map, {@code forward(emb.forward(codes, n, h, w).permute(0, 3, 1, 2))}:
     * {@code codes: n h w} (row-major) {@code -> (n, out, OH, OW)}, without building the {@code (n, in, h, w)}
     * images. Each tap's product with the table is computed once per code value and looked up
     * ({@link Convolution#embeddedConv2d}); equal to the composition up to rounding, gradients included.
     */
    public Tensor forwardEmbedded(Embedding emb, int[] codes, int n, int h, int w) {
        try {
            return Convolution.embeddedConv2d(emb.weight, codes, n, h, w, weight, bias, stride, padding, kernelTaps());
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " " + describe() + " on embedding " + emb.path() + ": " + e.getMessage());
        }
    }

    /** The kernel taps that take part ({@code taps[i*k + j]}), null for all: a masked convolution keeps fewer. */
    protected boolean[] kernelTaps() {
        return null;
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return Convolution.conv2d(x, weight, bias, stride, padding);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " " + describe() + ": " + e.getMessage());
        }
    }
}

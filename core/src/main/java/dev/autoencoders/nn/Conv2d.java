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

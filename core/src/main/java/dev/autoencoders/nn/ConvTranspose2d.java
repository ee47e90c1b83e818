package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Convolution;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Transposed convolution ("deconvolution"), the adjoint of {@link Conv2d}:
 * {@code x: (N, in, H, W) -> y: (N, out, OH, OW)}, {@code OH = (H - 1) stride - 2 padding + k + outputPadding};
 * {@code weight: (in, out, k, k)}, {@code bias: (out)}. PyTorch computes the default initialisation's fan_in
 * from {@code weight.shape[1] * k * k = out * k * k}; so do we.
 */
public final class ConvTranspose2d extends Layer {
    public final Tensor weight;
    public final Tensor bias;
    public final int in, out, k, stride, padding, outputPadding;

    public ConvTranspose2d(int in, int out, int k, int stride, int padding, int outputPadding, Rng rng) {
        if (in < 1 || out < 1 || k < 1 || stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException(describe(in, out, k, stride, padding, outputPadding)
                    + ": need in, out, k, stride >= 1, padding >= 0 and 0 <= outputPadding < stride");
        }
        this.in = in;
        this.out = out;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.weight = parameter("weight", Init.pytorchDefaultWeight(rng, in, out, k, k));
        this.bias = parameter("bias", Init.pytorchDefaultBias(rng, out * k * k, out));
    }

    private static String describe(int in, int out, int k, int stride, int padding, int outputPadding) {
        return "ConvTranspose2d(" + in + ", " + out + ", k=" + k + ", stride=" + stride + ", padding=" + padding + ", output_padding=" + outputPadding + ")";
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " " + describe(in, out, k, stride, padding, outputPadding) + ": " + e.getMessage());
        }
    }
}

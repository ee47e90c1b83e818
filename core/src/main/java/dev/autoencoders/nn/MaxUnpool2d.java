package dev.autoencoders.nn;

import dev.autoencoders.tensor.Pooling;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Max unpooling: puts each value back where {@link MaxPool2d} found its maximum, zeros elsewhere
 * ("反池化很简单，非最大的部分全置零即可" - post 003). {@code x: (N, C, h, w) -> (N, C, H, W)} with the
 * pooled layer's input size, by default {@code H = (h - 1) stride - 2 padding + k}.
 */
public final class MaxUnpool2d extends Module {
    public final int k, stride, padding;

    public MaxUnpool2d(int k, int stride, int padding) {
        if (k < 1 || stride < 1 || padding < 0) throw new IllegalArgumentException("MaxUnpool2d(k=" + k + ", stride=" + stride + ", padding=" + padding + "): need k, stride >= 1 and padding >= 0");
        this.k = k;
        this.stride = stride;
        this.padding = padding;
    }

    /** Unpools to the default output size {@code (h - 1) stride - 2 padding + k}. */
    public Tensor forward(Tensor x, int[] indices) {
        return forward(x, indices, (x.dim(2) - 1) * stride - 2 * padding + k, (x.dim(3) - 1) * stride - 2 * padding + k);
    }

    /** Unpools to an explicit output size (the size of the pooled layer's input). */
    public Tensor forward(Tensor x, int[] indices, int outH, int outW) {
        try {
            return Pooling.maxUnpool2d(x, indices, outH, outW);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + ": " + e.getMessage());
        }
    }
}

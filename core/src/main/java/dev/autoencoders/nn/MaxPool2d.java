package dev.autoencoders.nn;

import dev.autoencoders.tensor.Pooling;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Max pooling over k x k windows: {@code x: (N, C, H, W) -> (N, C, OH, OW)}, {@code OH = floor((H + 2p - k)/s) + 1}.
 * {@link #forwardWithIndices} also returns where each maximum was, for {@link MaxUnpool2d}.
 */
public final class MaxPool2d extends Layer {
    public final int k, stride, padding;

    public MaxPool2d(int k, int stride) {
        this(k, stride, 0);
    }

    public MaxPool2d(int k, int stride, int padding) {
        if (k < 1 || stride < 1 || padding < 0 || padding > k / 2) {
            throw new IllegalArgumentException(describe(k, stride, padding) + ": need k, stride >= 1 and 0 <= padding <= k/2");
        }
        this.k = k;
        this.stride = stride;
        this.padding = padding;
    }

    private static String describe(int k, int stride, int padding) {
        return "MaxPool2d(k=" + k + ", stride=" + stride + ", padding=" + padding + ")";
    }

    @Override
    public Tensor forward(Tensor x) {
        return forwardWithIndices(x).output();
    }

    /** The pooled tensor and the argmax indices (flat within each input plane). */
    public Pooling.Pooled forwardWithIndices(Tensor x) {
        try {
            return Pooling.maxPool2d(x, k, stride, padding);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " " + describe(k, stride, padding) + ": " + e.getMessage());
        }
    }
}

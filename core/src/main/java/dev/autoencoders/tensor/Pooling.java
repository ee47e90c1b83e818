package dev.autoencoders.tensor;

import dev.autoencoders.kernels.MaxPoolKernels;
import java.util.Arrays;

/** Max pooling, which remembers where each maximum came from, and max unpooling, which puts values back there. */
public final class Pooling {
    private Pooling() {}

    /**
     * The result of {@link #maxPool2d}: the pooled tensor and, for each of its elements, the flat index
     * {@code y * W + x} of the maximum within its input plane (PyTorch's {@code return_indices=True} layout).
     */
    public record Pooled(Tensor output, int[] indices) {}

    /**
     * {@code y[n, c, oy, ox] = max over the k x k window at (oy*s - p, ox*s - p) of x[n, c]} (padding counts as
     * {@code -inf}); {@code x: (N, C, H, W) -> y: (N, C, OH, OW)}, {@code OH = floor((H + 2p - k)/s) + 1}.
     * The first maximum in scan order wins ties; a NaN is never replaced, so it propagates (as in PyTorch, where the
     * last NaN of the window gives the index). Backward: {@code dL/dx[argmax] += dL/dy}.
     */
    public static Pooled maxPool2d(Tensor x, int k, int stride, int pad) {
        if (x.shape.length != 4) throw new ShapeException("max_pool2d", "needs x (N, C, H, W)", x.shape);
        if (k < 1 || stride < 1 || pad < 0 || pad > k / 2) {
            throw new ShapeException("max_pool2d: kernel " + k + ", stride " + stride + ", padding " + pad + " invalid (need k, stride >= 1 and 0 <= padding <= k/2) for input " + Arrays.toString(x.shape));
        }
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        int oh = Convolution.convOutSize(h, k, stride, pad), ow = Convolution.convOutSize(w, k, stride, pad);
        if (oh < 1 || ow < 1) {
            throw new ShapeException("max_pool2d: output would be " + oh + "x" + ow + " (kernel " + k + ", stride " + stride + ", padding " + pad + ") for input " + Arrays.toString(x.shape));
        }
        int planes = n * c;
        double[] y = new double[planes * oh * ow];
        int[] idx = new int[y.length];
        // the scan of MaxPoolKernels.reference (with a branch-free path for 2 x 2 windows, equal to it)
        MaxPoolKernels.forward(x.data, planes, h, w, k, stride, pad, oh, ow, y, idx);
        Tensor out = Tensor.result("max_pool2d", y, new int[] {n, c, oh, ow}, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            int per = oh * ow;
            for (int o = 0; o < g.length; o++) gx[(o / per) * h * w + idx[o]] += g[o];
        });
        return new Pooled(out, idx);
    }

    /**
     * The partial inverse of max pooling: {@code y[n, c, indices[j]] = x[n, c, j]}, zeros elsewhere;
     * {@code x: (N, C, h, w) -> y: (N, C, outH, outW)}. Backward: {@code dL/dx[j] = dL/dy[indices[j]]}.
     *
     * <p>Overlapping pooling windows (stride below the kernel, e.g. {@code MaxPool2d(2, stride=1)}) can give several j
     * the same index in a plane. The writes go in order of j, so the last such j's value is the one in y, and only that
     * j receives {@code dL/dy} there (the others do not affect y: their gradient is 0). PyTorch's backward instead gives
     * {@code dL/dy[indices[j]]} to every such j, which is not the derivative of its forward.
     */
    public static Tensor maxUnpool2d(Tensor x, int[] indices, int outH, int outW) {
        if (x.shape.length != 4) throw new ShapeException("max_unpool2d", "needs x (N, C, h, w)", x.shape);
        if (indices.length != x.data.length) {
            throw new ShapeException("max_unpool2d: " + indices.length + " indices for input " + Arrays.toString(x.shape));
        }
        if (outH < 1 || outW < 1) throw new ShapeException("max_unpool2d: output size " + outH + "x" + outW + " must be positive for input " + Arrays.toString(x.shape));
        int n = x.shape[0], c = x.shape[1], per = x.shape[2] * x.shape[3], plane = outH * outW;
        double[] y = new double[n * c * plane];
        // writer[o]: the input element whose value output element o holds (the last j written there), -1 for none
        int[] writer = new int[y.length];
        Arrays.fill(writer, -1);
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] < 0 || indices[j] >= plane) {
                throw new ShapeException("max_unpool2d: index " + indices[j] + " outside the " + outH + "x" + outW + " output plane for input " + Arrays.toString(x.shape));
            }
            int o = (j / per) * plane + indices[j];
            y[o] = x.data[j];
            writer[o] = j;
        }
        return Tensor.result("max_unpool2d", y, new int[] {n, c, outH, outW}, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int o = 0; o < g.length; o++) if (writer[o] >= 0) gx[writer[o]] += g[o];
        });
    }
}

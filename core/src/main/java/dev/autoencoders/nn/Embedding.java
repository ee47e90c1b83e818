package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Shape;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * A table of {@code num} vectors of size {@code dim}, looked up by index: {@code idx: (*) -> (*, dim)}.
 * {@code weight: (num, dim)}, initialised N(0, 1) as PyTorch's nn.Embedding. Gradient: each looked-up row
 * receives the sum of the gradients at the positions that used it.
 */
public final class Embedding extends Module {
    public final Tensor weight;
    public final int num, dim;

    public Embedding(int num, int dim, Rng rng) {
        if (num < 1 || dim < 1) throw new IllegalArgumentException("Embedding(num=" + num + ", dim=" + dim + "): sizes must be >= 1");
        this.num = num;
        this.dim = dim;
        this.weight = parameter("weight", Tensor.randn(rng, num, dim));
    }

    /** {@code y[i..., :] = weight[idx[i...], :]}; {@code idxShape} is the shape of the index array (default: flat). */
    public Tensor forward(int[] idx, int... idxShape) {
        int[] shape = idxShape.length == 0 ? new int[] {idx.length} : idxShape;
        if (Shape.numel(shape) != idx.length) throw new ShapeException("layer " + path() + ": " + idx.length + " indices do not fill shape " + Arrays.toString(shape));
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = dim;
        try {
            return Reshaping.indexSelect(weight, idx).reshape(out);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " Embedding(" + num + ", " + dim + "): " + e.getMessage());
        }
    }

    /**
     * A code map embedded as an image with {@code dim} channels, {@code codes: (N, H, W)} (row-major) {@code -> (N, dim, H, W)}:
     * {@code forward(codes, n, h, w).permute(0, 3, 1, 2)}, PyTorch's {@code emb(codes).permute(0, 3, 1, 2)}. A convolution
     * of the result works from the table ({@link Reshaping#embedCodeMap}).
     */
    public Tensor forwardImage(int[] codes, int n, int h, int w) {
        try {
            return Reshaping.embedCodeMap(weight, codes, n, h, w);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " Embedding(" + num + ", " + dim + "): " + e.getMessage());
        }
    }
}

package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The transpose of another {@link Linear} layer's map, sharing its weight: {@code y = x W + b'} for the
 * partner's {@code W: (out, in)}, so {@code x: (N, out) -> y: (N, in)}. This is the tied decoder of post 000's
 * notation {@code z = s(W'y + b')} with {@code W' = W^T}: one weight parameter used twice, whose gradient is the
 * sum of the gradients of both uses (the autodiff adds them). Only the bias {@code b'} is this layer's own.
 */
public final class TiedLinear extends Layer {
    /** The layer whose weight is shared (registered there, not here). */
    public final Linear partner;
    public final Tensor bias;

    public TiedLinear(Linear partner, Rng rng) {
        this.partner = partner;
        this.bias = parameter("bias", Init.pytorchDefaultBias(rng, partner.out, partner.in));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != partner.out) {
            throw new ShapeException("layer " + path() + " TiedLinear(" + partner.out + ", " + partner.in + ") expects input (N, " + partner.out + "), got " + java.util.Arrays.toString(x.shape()));
        }
        // y = x W + b'   (W^T used as the decoder weight)
        return x.matmul(partner.weight).add(bias);
    }
}

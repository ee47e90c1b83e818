package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Matmul;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Fully connected layer {@code y = x W^T + b}: {@code x: (N, in) -> y: (N, out)}, {@code weight: (out, in)},
 * {@code bias: (out)} (PyTorch's layout and default initialisation).
 */
public final class Linear extends Layer {
    public final Tensor weight;
    /** {@code null} when built without bias. */
    public final Tensor bias;
    public final int in;
    public final int out;

    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    public Linear(int in, int out, boolean withBias, Rng rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear(in=" + in + ", out=" + out + "): dimensions must be >= 1");
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", Init.pytorchDefaultWeight(rng, out, in));
        this.bias = withBias ? parameter("bias", Init.pytorchDefaultBias(rng, in, out)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new ShapeException("layer " + path() + " Linear(" + in + ", " + out + ") expects input (N, " + in + "), got " + java.util.Arrays.toString(x.shape()));
        }
        // y = x W^T + b
        return Matmul.linear(x, weight, bias);
    }
}

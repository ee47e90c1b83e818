package dev.autoencoders.nn;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * Weight initialisations, distributed as PyTorch's. Fans as {@code torch.nn.init}: for a weight of shape
 * {@code (d0, d1, k...)}, {@code fan_in = d1 * prod(k)} and {@code fan_out = d0 * prod(k)}.
 */
public final class Init {
    private Init() {}

    /** {@code fan_in = shape[1] * receptive field}. */
    public static int fanIn(int... shape) {
        return shape[1] * receptive(shape);
    }

    /** {@code fan_out = shape[0] * receptive field}. */
    public static int fanOut(int... shape) {
        return shape[0] * receptive(shape);
    }

    private static int receptive(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    /** {@code U(-bound, bound)} of the given shape. */
    public static Tensor uniform(Rng rng, double bound, int... shape) {
        return Tensor.uniform(rng, -bound, bound, shape);
    }

    /**
     * PyTorch's default for Linear and Conv weights, {@code kaiming_uniform_(a = sqrt(5))}:
     * {@code bound = gain * sqrt(3 / fan_in)} with {@code gain = sqrt(2 / (1 + a^2))}, which is {@code 1 / sqrt(fan_in)}.
     */
    public static Tensor pytorchDefaultWeight(Rng rng, int... shape) {
        double a = Math.sqrt(5);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return uniform(rng, gain * Math.sqrt(3.0 / fanIn(shape)), shape);
    }

    /** PyTorch's default bias: {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with the weight's fan_in. */
    public static Tensor pytorchDefaultBias(Rng rng, int fanIn, int size) {
        return uniform(rng, fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0, size);
    }

    /** Xavier/Glorot uniform: {@code bound = gain * sqrt(6 / (fan_in + fan_out))} (Glorot and Bengio 2010). */
    public static Tensor xavierUniform(Rng rng, double gain, int... shape) {
        return uniform(rng, gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    /** He/Kaiming normal for ReLU: {@code N(0, 2 / fan_in)} (He et al. 2015). */
    public static Tensor heNormal(Rng rng, int... shape) {
        return Tensor.randn(rng, shape).mul(Math.sqrt(2.0 / fanIn(shape)));
    }
}

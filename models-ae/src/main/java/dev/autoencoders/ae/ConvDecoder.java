package dev.autoencoders.ae;

import dev.autoencoders.nn.Module;
import dev.autoencoders.tensor.Tensor;

/**
 * A decoder of the {@link ConvAutoEncoder}: from the encoder's {@link ConvEncoder.Code} back to an image,
 * {@code z: (N, 8, 2, 2) -> x': (N, 1, 28, 28)} with values in (-1, 1) (a tanh output).
 * Two kinds: {@link TransposedConvDecoder} (post 003's) and {@link UnpoolDecoder} (max-unpooling).
 */
public abstract class ConvDecoder extends Module {
    /** {@code code.z: (N, 8, 2, 2) -> (N, 1, 28, 28)}. */
    public abstract Tensor decode(ConvEncoder.Code code);
}

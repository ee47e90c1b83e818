package dev.autoencoders.nn;

import dev.autoencoders.tensor.Tensor;

/** A module with one input and one output, the kind {@link Sequential} chains. */
public abstract class Layer extends Module {
    /** Applies the layer. */
    public abstract Tensor forward(Tensor x);
}

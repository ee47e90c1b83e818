package dev.autoencoders.nn;

import dev.autoencoders.tensor.Tensor;

/** An elementwise nonlinearity as a layer (no parameters), like PyTorch's nn.ReLU, nn.Sigmoid, nn.Tanh. */
public final class Activation extends Layer {

    /** The available functions; each names its formula. */
    public enum Kind {
        /** {@code f(x) = x}. */
        IDENTITY,
        /** {@code f(x) = max(x, 0)}. */
        RELU,
        /** {@code f(x) = 1 / (1 + e^-x)}. */
        SIGMOID,
        /** {@code f(x) = tanh x}. */
        TANH,
        /** {@code f(x) = x} for x > 0, else {@code 0.01 x}. */
        LEAKY_RELU,
        /** {@code f(x) = ln(1 + e^x)}. */
        SOFTPLUS
    }

    private final Kind kind;

    public Activation(Kind kind) {
        this.kind = kind;
    }

    public static Activation relu() { return new Activation(Kind.RELU); }
    public static Activation sigmoid() { return new Activation(Kind.SIGMOID); }
    public static Activation tanh() { return new Activation(Kind.TANH); }
    public static Activation identity() { return new Activation(Kind.IDENTITY); }

    public Kind kind() {
        return kind;
    }

    /** Applies the function of {@code kind} to a tensor. */
    public static Tensor apply(Kind kind, Tensor x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case LEAKY_RELU -> x.leakyRelu(0.01);
            case SOFTPLUS -> x.softplus();
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        return apply(kind, x);
    }
}

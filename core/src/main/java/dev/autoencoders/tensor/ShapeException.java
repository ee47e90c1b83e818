package dev.autoencoders.tensor;

/**
 * Thrown when the shapes given to an operation do not fit together.
 * The message always names the operation and prints every shape involved,
 * e.g. {@code matmul: inner dimensions differ: [2, 3] x [4, 5]}.
 */
public final class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String op, String what, int[]... shapes) {
        super(op + ": " + what + ": " + Shape.format(shapes));
    }

    public ShapeException(String message) {
        super(message);
    }
}

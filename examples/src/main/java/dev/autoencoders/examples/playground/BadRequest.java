package dev.autoencoders.examples.playground;

/** A request the playground cannot answer as asked (a value out of range, a model not there): HTTP 400 with the message. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
        super(message);
    }
}

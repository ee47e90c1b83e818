package dev.autoencoders.examples;

/** A request the command cannot carry out as given (e.g. {@code --resume} without a checkpoint); exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

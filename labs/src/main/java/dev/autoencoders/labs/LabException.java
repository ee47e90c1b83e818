package dev.autoencoders.labs;

/**
 * A lab request that cannot be carried out as given: an unknown lab id, a malformed marker (with its file and line),
 * an output folder that is not empty, a submission without its regions. The command line reports it on one line and
 * exits with code 2.
 */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    /** {@code <file>:<line>: <what>}, the form of a compiler's message. */
    static LabException at(String file, int line, String what) {
        return new LabException(file + ":" + line + ": " + what);
    }
}

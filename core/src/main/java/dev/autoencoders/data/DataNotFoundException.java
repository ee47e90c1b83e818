package dev.autoencoders.data;

/**
 * A data set name or folder that does not lead to data: an unknown name, a missing folder, or a folder without
 * the four IDX files. The message says what was looked for and lists the expected file names; the command line
 * reports it and exits with code 2.
 */
public final class DataNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }
}

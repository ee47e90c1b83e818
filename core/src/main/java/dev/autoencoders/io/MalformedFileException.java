package dev.autoencoders.io;

import java.nio.file.Path;

/**
 * The project's one exception for a file that cannot be read as what it claims to be (an IDX image file,
 * a safetensors checkpoint, ...). The message names the file and the fault, e.g.
 * {@code train-images-idx3-ubyte.gz: bad magic number 0x00000000, expected 0x00000803}.
 * Parsers throw only this type for bad bytes, never an index or number-format exception.
 */
public final class MalformedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String fault;

    public MalformedFileException(Path file, String fault) {
        this(file == null ? "<bytes>" : file.toString(), fault, null);
    }

    public MalformedFileException(String file, String fault) {
        this(file, fault, null);
    }

    public MalformedFileException(String file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
        this.file = file;
        this.fault = fault;
    }

    /** The file (or source name) that is malformed. */
    public String file() {
        return file;
    }

    /** What is wrong with it. */
    public String fault() {
        return fault;
    }
}

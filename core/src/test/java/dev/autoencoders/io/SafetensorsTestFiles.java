package dev.autoencoders.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Safetensors files as other writers make them, for the tests of the readers (here and in other modules). */
public final class SafetensorsTestFiles {
    private SafetensorsTestFiles() {}

    /**
     * A copy of the F64 file {@code in} whose tensors all claim {@code dtype} instead, an 8-byte type such as
     * {@code I64} or {@code U64} (the bytes stay; only the header's dtype names change): what a file of integer
     * tensors from PyTorch looks like to a reader.
     */
    public static Path withDtype(Path in, Path out, String dtype) {
        if (dtype.length() != 3) throw new IllegalArgumentException("a 3-letter dtype of 8 bytes, e.g. I64, got " + dtype);
        try {
            byte[] b = Files.readAllBytes(in);
            int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            String header = new String(b, 8, n, StandardCharsets.UTF_8).replace("\"dtype\":\"F64\"", "\"dtype\":\"" + dtype + "\"");
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            if (h.length != n) throw new IllegalStateException("the header changed its length");
            System.arraycopy(h, 0, b, 8, n);
            Files.write(out, b);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.autoencoders.data;

import dev.autoencoders.io.MalformedFileException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX files of MNIST and Fashion-MNIST (LeCun's format), raw or gzip-compressed.
 *
 * <p>Layout (all integers big-endian, 4 bytes):
 * <pre>
 *   images: magic 0x00000803 | N | rows | cols | N*rows*cols unsigned bytes, image after image, row-major
 *   labels: magic 0x00000801 | N |               N unsigned bytes
 * </pre>
 * The magic is {@code 0x0000} then the element type ({@code 0x08} = unsigned byte) then the number of
 * dimensions. A file is gzip-compressed when it starts with the gzip magic {@code 0x1f 0x8b}.
 *
 * <p>Every malformed input throws {@link MalformedFileException} naming the file and the fault: bad magic,
 * truncated header or data, bad dimensions, bytes after the declared data, corrupt gzip. Safety against hostile
 * headers: the declared size is checked against the 2 GiB array limit, against the file size for raw files, and
 * the payload buffer grows only as bytes actually arrive, so a header that declares 2 GB on top of a 100-byte
 * file allocates a few kilobytes before it is rejected. {@link #imagesHeader(Path)} and {@link #labelsHeader(Path)}
 * read a header alone, so that a caller can compare files (image count against label count) before reading any
 * payload.
 */
public final class Idx {
    private Idx() {}

    /** Magic number of an unsigned-byte IDX file with 3 dimensions (images N x rows x cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX file with 1 dimension (labels N). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** The largest payload accepted: it must fit one Java byte array. */
    public static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    /**
     * The largest expansion of DEFLATE, gzip's compression: one bit can stand for at most 258 repeated bytes of a
     * match, so n compressed bytes hold at most about 1032 n uncompressed ones.
     */
    public static final int MAX_GZIP_RATIO = 1032;

    /** Bytes read at a time from the payload; the buffer grows as data arrives, never ahead of it. */
    private static final int CHUNK = 1 << 16;

    /**
     * A decoded image file: {@code count} images of {@code rows x cols} unsigned bytes, image after image,
     * row-major; pixel {@code (n, r, c)} is {@code pixels[(n * rows + r) * cols + c] & 0xff}.
     *
     * @param count  number of images N (>= 0)
     * @param rows   image height (>= 1)
     * @param cols   image width (>= 1)
     * @param pixels N * rows * cols bytes, read as unsigned
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /**
     * The dimensions an image file declares, read from its header alone (raw or gzip) and checked against the file's
     * size: {@code {N, rows, cols}}.
     *
     * @throws MalformedFileException for a bad header, or a size the file cannot hold
     */
    public static int[] imagesHeader(Path file) {
        return read(file, (name, in, size) -> {
            try (InputStream d = decompressed(name, in)) {
                int[] h = header(name, d, IMAGES_MAGIC, 3);
                long declared = imagePayload(name, h[0], h[1], h[2]);
                checkAgainstSize(name, declared, 16, size, d instanceof GZIPInputStream);
                return h;
            } catch (IOException e) {
                throw ioFault(name, e);
            }
        });
    }

    /**
     * The label count a label file declares, read from its header alone (raw or gzip) and checked against the file's
     * size.
     *
     * @throws MalformedFileException for a bad header, or a size the file cannot hold
     */
    public static int labelsHeader(Path file) {
        return read(file, (name, in, size) -> {
            try (InputStream d = decompressed(name, in)) {
                int n = labelCount(name, header(name, d, LABELS_MAGIC, 1)[0]);
                checkAgainstSize(name, n, 8, size, d instanceof GZIPInputStream);
                return n;
            } catch (IOException e) {
                throw ioFault(name, e);
            }
        });
    }

    /** Reads an image file (raw or gzip). */
    public static Images readImages(Path file) {
        return read(file, (name, in, size) -> readImages(name, in, size));
    }

    /** Reads a label file (raw or gzip): one label 0..255 per item. */
    public static int[] readLabels(Path file) {
        return read(file, (name, in, size) -> readLabels(name, in, size));
    }

    /** Reads an image file from bytes (raw or gzip); {@code name} appears in error messages. */
    public static Images readImages(String name, byte[] bytes) {
        return readImages(name, new ByteArrayInputStream(bytes), bytes.length);
    }

    /** Reads a label file from bytes (raw or gzip); {@code name} appears in error messages. */
    public static int[] readLabels(String name, byte[] bytes) {
        return readLabels(name, new ByteArrayInputStream(bytes), bytes.length);
    }

    /**
     * Reads an image file from a stream (raw or gzip), e.g. a classpath resource.
     *
     * @param size the number of bytes in the stream if known (for an early size check), else -1
     */
    public static Images readImages(String name, InputStream stream, long size) {
        try (InputStream in = decompressed(name, stream)) {
            boolean gzip = in instanceof GZIPInputStream;
            int[] header = header(name, in, IMAGES_MAGIC, 3);
            int n = header[0], rows = header[1], cols = header[2];
            long declared = imagePayload(name, n, rows, cols);
            checkAgainstSize(name, declared, 16, size, gzip);
            byte[] pixels = payload(name, in, (int) declared, "images " + n + " x " + rows + " x " + cols);
            return new Images(n, rows, cols, pixels);
        } catch (IOException e) {
            throw ioFault(name, e);
        }
    }

    /** Reads a label file from a stream (raw or gzip); {@code size} as in {@link #readImages(String, InputStream, long)}. */
    public static int[] readLabels(String name, InputStream stream, long size) {
        try (InputStream in = decompressed(name, stream)) {
            boolean gzip = in instanceof GZIPInputStream;
            int n = labelCount(name, header(name, in, LABELS_MAGIC, 1)[0]);
            checkAgainstSize(name, n, 8, size, gzip);
            byte[] bytes = payload(name, in, n, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = bytes[i] & 0xff;
            return labels;
        } catch (IOException e) {
            throw ioFault(name, e);
        }
    }

    // ---------------------------------------------------------------- parts

    @FunctionalInterface
    private interface StreamReader<T> {
        T read(String name, InputStream in, long size);
    }

    private static <T> T read(Path file, StreamReader<T> reader) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(file.toString(), in, size);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The stream itself, or a gzip decoder over it when it starts with the gzip magic 0x1f 0x8b. */
    private static InputStream decompressed(String name, InputStream stream) {
        BufferedInputStream in = new BufferedInputStream(stream, CHUNK);
        try {
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) return new GZIPInputStream(in, CHUNK);
            return in;
        } catch (IOException e) {
            throw ioFault(name, e);
        }
    }

    /** Reads the magic and {@code dims} dimension sizes; checks the magic. */
    private static int[] header(String name, InputStream in, int magic, int dims) throws IOException {
        int headerBytes = 4 + 4 * dims;
        byte[] h = new byte[headerBytes];
        int got = readFully(in, h, 0, headerBytes);
        if (got < 4) throw new MalformedFileException(name, "truncated header: " + got + " bytes, expected " + headerBytes);
        int actual = bigEndian(h, 0);
        if (actual != magic) {
            String hint = actual == IMAGES_MAGIC ? " (this is an image file)" : actual == LABELS_MAGIC ? " (this is a label file)" : "";
            throw new MalformedFileException(name, String.format("bad magic number 0x%08x, expected 0x%08x%s", actual, magic, hint));
        }
        if (got < headerBytes) throw new MalformedFileException(name, "truncated header: " + got + " bytes, expected " + headerBytes);
        int[] d = new int[dims];
        for (int i = 0; i < dims; i++) d[i] = bigEndian(h, 4 + 4 * i);
        return d;
    }

    /** N * rows * cols, the payload bytes of an image file, checked to be dimensions of one Java byte array. */
    private static long imagePayload(String name, int n, int rows, int cols) {
        if (n < 0 || rows < 1 || cols < 1) {
            throw new MalformedFileException(name, "bad dimensions " + n + " x " + rows + " x " + cols + " (need N >= 0, rows >= 1, cols >= 1)");
        }
        // N * rows * cols in two steps: each product of two ints < 2^31 fits a long, three might not
        long perRows = (long) n * rows;
        long declared = perRows > MAX_PAYLOAD ? Long.MAX_VALUE : perRows * cols;
        if (declared > MAX_PAYLOAD) {
            throw new MalformedFileException(name, "bad dimensions " + n + " x " + rows + " x " + cols + ": "
                    + (declared == Long.MAX_VALUE ? "more than 2^62" : String.valueOf(declared)) + " bytes exceed the limit of " + MAX_PAYLOAD);
        }
        return declared;
    }

    private static int labelCount(String name, int n) {
        if (n < 0) throw new MalformedFileException(name, "bad dimensions: negative label count " + n);
        return n;
    }

    /**
     * Against the file's size, when known ({@code size >= 0}): a raw file's declared payload must be exactly what
     * follows the header; a gzip file cannot expand to more than {@link #MAX_GZIP_RATIO} times its size.
     */
    private static void checkAgainstSize(String name, long declared, int headerBytes, long size, boolean gzip) {
        if (size < 0) return;
        if (gzip) {
            if (declared + headerBytes > (long) MAX_GZIP_RATIO * size) {
                throw new MalformedFileException(name, "truncated data: the header declares " + declared + " data bytes, more than a gzip file of "
                        + size + " bytes can hold (at most " + MAX_GZIP_RATIO + " times its size)");
            }
            return;
        }
        long available = size - headerBytes;
        if (declared > available) {
            throw new MalformedFileException(name, "truncated data: the header declares " + declared + " data bytes, the file holds " + available);
        }
        if (declared < available) {
            throw new MalformedFileException(name, (available - declared) + " bytes after the " + declared + " declared data bytes");
        }
    }

    /**
     * Reads exactly {@code declared} bytes and checks that nothing follows. The buffer starts at one chunk and
     * doubles only when full, so memory stays within twice the bytes actually present.
     */
    private static byte[] payload(String name, InputStream in, int declared, String what) throws IOException {
        byte[] buf = new byte[Math.min(declared, CHUNK)];
        int filled = 0;
        while (filled < declared) {
            if (filled == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(declared, 2L * buf.length));
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                throw new MalformedFileException(name, "truncated data: the header declares " + what + " = " + declared + " bytes, only " + filled + " present");
            }
            filled += r;
        }
        if (in.read() >= 0) throw new MalformedFileException(name, "bytes after the " + declared + " declared data bytes");
        return buf;
    }

    /** Reads up to {@code len} bytes; returns how many were read before the end of the stream. */
    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) break;
            n += r;
        }
        return n;
    }

    private static int bigEndian(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    /** A decoding failure of the gzip layer is a malformed file; anything else is a real I/O error. */
    private static RuntimeException ioFault(String name, IOException e) {
        if (e instanceof EOFException) return new MalformedFileException(name, "truncated gzip stream", e);
        if (e instanceof ZipException) return new MalformedFileException(name, "corrupt gzip data: " + e.getMessage(), e);
        return new UncheckedIOException("could not read " + name + ": " + e.getMessage(), e);
    }
}

package dev.autoencoders.io;

import dev.autoencoders.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file: {@code [u64 N, little-endian][N bytes of UTF-8 JSON header][data section]}.
 *
 * <p>Order of the checks, so that no declared size is trusted before it is compared with the real one:
 * (1) the file has the 8 length bytes; (2) N is at most {@link Safetensors#MAX_HEADER_BYTES} and at most the
 * bytes that follow; only then the header is allocated and read; (3) it is UTF-8 and strict JSON with valid
 * entries ({@link SafetensorsHeader}), every byte range inside the data section and of size
 * {@code prod(shape) * sizeof(dtype)}; only then the tensors are allocated, each at most 8x its bytes.
 */
final class SafetensorsReader {
    private SafetensorsReader() {}

    /** Random access to the bytes of a file or an array. */
    interface Source {
        /** Total number of bytes. */
        long size() throws IOException;

        /** Fills {@code dst} (to its limit) with the bytes starting at {@code position}; false if the end comes first. */
        boolean readFully(long position, ByteBuffer dst) throws IOException;
    }

    static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public boolean readFully(long position, ByteBuffer dst) {
                int n = dst.remaining();
                if (position + n > bytes.length) return false;
                dst.put(bytes, (int) position, n);
                return true;
            }
        };
    }

    static Source of(SeekableByteChannel channel) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public boolean readFully(long position, ByteBuffer dst) throws IOException {
                channel.position(position);
                while (dst.hasRemaining()) {
                    if (channel.read(dst) < 0) return false;
                }
                return true;
            }
        };
    }

    /** Largest chunk read at once while decoding a tensor. */
    private static final int CHUNK_BYTES = 1 << 20;

    static SafetensorsContent read(Source src, String file) {
        try {
            return readChecked(src, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsContent readChecked(Source src, String file) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw new MalformedFileException(file, "file has " + size + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readOrFail(src, 0, lengthField, file);
        // N: unsigned 64-bit little-endian; as a signed long, values >= 2^63 are negative
        long n = lengthField.getLong(0);
        if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
            throw new MalformedFileException(file, "header length " + Long.toUnsignedString(n)
                    + " bytes exceeds the cap of " + Safetensors.MAX_HEADER_BYTES + " bytes");
        }
        if (n > size - 8) {
            throw new MalformedFileException(file, "header length " + n + " bytes goes beyond the end of the file ("
                    + (size - 8) + " bytes follow the length field)");
        }
        byte[] headerBytes = new byte[(int) n];
        readOrFail(src, 8, ByteBuffer.wrap(headerBytes), file);
        String json = decodeUtf8(headerBytes, file);

        long dataStart = 8 + n;
        SafetensorsHeader.Parsed header = SafetensorsHeader.parse(json, size - dataStart, file);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, SafetensorsDtype> dtypes = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            tensors.put(e.name(), Tensor.of(readValues(src, dataStart + e.begin(), e, file), e.shape()));
            dtypes.put(e.name(), e.dtype());
        }
        return new SafetensorsContent(tensors, dtypes, header.metadata());
    }

    /** The entry's elements, decoded chunk by chunk (a chunk holds whole elements). */
    private static double[] readValues(Source src, long position, SafetensorsHeader.Entry e, String file)
            throws IOException {
        double[] values = new double[e.numel()];
        int size = e.dtype().size();
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(e.end() - e.begin(), (long) perChunk * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            buf.clear().limit(count * size);
            readOrFail(src, position + (long) done * size, buf, file);
            buf.flip();
            e.dtype().decode(buf, values, done, count);
            done += count;
        }
        return values;
    }

    private static void readOrFail(Source src, long position, ByteBuffer dst, String file) throws IOException {
        int want = dst.remaining();
        if (!src.readFully(position, dst)) {
            throw new MalformedFileException(file, "file ends before byte " + (position + want)
                    + " (it shrank while being read?)");
        }
    }

    /** Strict UTF-8: malformed or overlong sequences and encoded surrogates are errors, as in Rust's from_utf8. */
    private static String decodeUtf8(byte[] bytes, String file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // a UTF-8 text of n bytes has at most n UTF-16 chars
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw new MalformedFileException(file, "header is not valid UTF-8 (bad byte sequence at header byte "
                    + in.position() + ")");
        }
        return out.flip().toString();
    }
}

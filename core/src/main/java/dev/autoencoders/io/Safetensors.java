package dev.autoencoders.io;

import dev.autoencoders.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors), PyTorch's safe weight format: read and write.
 *
 * <pre>
 *   bytes [0, 8)        N, unsigned 64-bit little-endian
 *   bytes [8, 8+N)      UTF-8 JSON object: {"__metadata__": {str: str}, name: {"dtype": "F32",
 *                       "shape": [d0, d1, ..], "data_offsets": [begin, end]}, ..}
 *   bytes [8+N, end)    data section: tensor {@code name} is bytes [begin, end) of it, row-major, little-endian,
 *                       end - begin = d0 * d1 * .. * sizeof(dtype)
 * </pre>
 *
 * <p>Reading checks every rule of the official reader and throws {@link MalformedFileException} naming the file
 * and the fault; it never allocates more than the file's size (times 8 for the widening to double) and never
 * trusts a declared size before comparing it with the file. No code is ever run from a file.
 *
 * <p>Writing is deterministic (same tensors, same bytes) and atomic ({@link AtomicFiles}).
 */
public final class Safetensors {
    private Safetensors() {}

    /** Largest header accepted, in bytes (the official reader's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    // ---------------------------------------------------------------- reading

    /**
     * Reads a safetensors file. Tensors come in the order of their bytes in the file, values widened to double
     * (see {@link SafetensorsDtype} for each type).
     *
     * @throws MalformedFileException if the bytes are not a valid safetensors file (message: file and fault)
     * @throws UncheckedIOException   if the file cannot be opened or read
     */
    public static SafetensorsContent read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafetensorsReader.read(SafetensorsReader.of(ch), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads safetensors bytes held in memory.
     *
     * @param source the name used in error messages (e.g. the file or URL the bytes came from)
     * @throws MalformedFileException if the bytes are not a valid safetensors file
     */
    public static SafetensorsContent read(byte[] bytes, String source) {
        return SafetensorsReader.read(SafetensorsReader.of(bytes), source);
    }

    /**
     * Reads a safetensors file from a channel: its bytes from position 0 to {@code channel.size()}.
     * The channel is not closed.
     *
     * @param source the name used in error messages
     * @throws MalformedFileException if the bytes are not a valid safetensors file
     * @throws UncheckedIOException   if the channel cannot be read
     */
    public static SafetensorsContent read(SeekableByteChannel channel, String source) {
        return SafetensorsReader.read(SafetensorsReader.of(channel), source);
    }

    // ---------------------------------------------------------------- writing

    /** {@link #write(Path, Map, SafetensorsDtype, Map)} as F64 (exact) without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        write(file, tensors, SafetensorsDtype.F64, Map.of());
    }

    /**
     * Writes {@code tensors} to {@code file} atomically (temporary file, fsync, rename).
     *
     * <p>Layout: the tensors in the iteration order of {@code tensors} (header and data alike, data offsets
     * contiguous from 0), metadata keys sorted, header padded with spaces to a multiple of 8 bytes as the official
     * writer does; no metadata object when {@code metadata} is empty. Same arguments, byte-identical file.
     *
     * @param tensors  name -> tensor (only values and shape are written; gradients are not)
     * @param dtype    {@link SafetensorsDtype#F64} (exact) or {@link SafetensorsDtype#F32} (values rounded to
     *                 the nearest float)
     * @param metadata strings stored under {@code "__metadata__"}, may be empty
     * @throws IllegalArgumentException for another dtype, a null, or the reserved name {@code "__metadata__"}
     * @throws UncheckedIOException     if the file cannot be written (the previous file, if any, is intact)
     */
    public static void write(Path file, Map<String, Tensor> tensors, SafetensorsDtype dtype, Map<String, String> metadata) {
        checkWritable(tensors, dtype, metadata);
        AtomicFiles.write(file, out -> SafetensorsWriter.write(out, tensors, dtype, metadata));
    }

    /** The bytes {@link #write(Path, Map, SafetensorsDtype, Map)} would write (for tensors under 2 GB in all). */
    public static byte[] toBytes(Map<String, Tensor> tensors, SafetensorsDtype dtype, Map<String, String> metadata) {
        checkWritable(tensors, dtype, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SafetensorsWriter.write(out, tensors, dtype, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void checkWritable(Map<String, Tensor> tensors, SafetensorsDtype dtype, Map<String, String> metadata) {
        if (dtype != SafetensorsDtype.F64 && dtype != SafetensorsDtype.F32) {
            throw new IllegalArgumentException("safetensors: writes F64 or F32, not " + dtype);
        }
        if (tensors == null || metadata == null) throw new IllegalArgumentException("safetensors: null map");
        for (Map.Entry<String, Tensor> kv : tensors.entrySet()) {
            if (kv.getKey() == null || kv.getValue() == null) {
                throw new IllegalArgumentException("safetensors: null tensor name or tensor (" + kv.getKey() + ")");
            }
            if (kv.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: \"__metadata__\" is reserved, not a tensor name");
            }
        }
        for (Map.Entry<String, String> kv : metadata.entrySet()) {
            if (kv.getKey() == null || kv.getValue() == null) {
                throw new IllegalArgumentException("safetensors: null metadata key or value (" + kv.getKey() + ")");
            }
        }
    }

    // ---------------------------------------------------------------- checking values

    /**
     * Refuses a file that holds anything but floating-point tensors (F64, F32, F16, BF16): every tensor a model or a
     * checkpoint of this library holds is real-valued, so an integer or boolean tensor means another kind of file,
     * e.g. {@code model.safetensors: tensor 'enc.0.weight' has dtype I64; model weights must be F64 or F32 (F16, BF16)}.
     *
     * @throws MalformedFileException naming the file, the first such tensor and its dtype
     */
    public static void checkFloatingPoint(SafetensorsContent content, String file) {
        for (Map.Entry<String, SafetensorsDtype> e : content.dtypes().entrySet()) {
            SafetensorsDtype d = e.getValue();
            if (d != SafetensorsDtype.F64 && d != SafetensorsDtype.F32 && d != SafetensorsDtype.F16 && d != SafetensorsDtype.BF16) {
                throw new MalformedFileException(file, "tensor '" + e.getKey() + "' has dtype " + d
                        + "; model weights must be F64 or F32 (F16, BF16)");
            }
        }
    }

    /**
     * The first NaN or infinite value among {@code tensors}, described as {@code tensor 'enc.weight' holds NaN
     * (element 12)}, or {@code null} when every value is finite.
     */
    public static String firstNonFinite(Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            double[] v = e.getValue().data();
            for (int i = 0, n = e.getValue().numel(); i < n; i++) {
                if (!Double.isFinite(v[i])) return "tensor '" + e.getKey() + "' holds " + v[i] + " (element " + i + ")";
            }
        }
        return null;
    }

    /**
     * Refuses tensors read from {@code file} that hold a NaN or an infinity: no model trains on from one.
     *
     * @throws MalformedFileException naming the file and the tensor
     */
    public static void checkFinite(Map<String, Tensor> tensors, String file) {
        String bad = firstNonFinite(tensors);
        if (bad != null) throw new MalformedFileException(file, bad + "; a model or checkpoint must hold finite numbers");
    }

    // ---------------------------------------------------------------- checking against a model

    /**
     * Checks that the tensors read from {@code file} are exactly those a model expects: no name missing, none
     * unexpected, every shape equal. Lists every fault found, e.g.
     * {@code model.safetensors: missing tensor 'dec.bias'; tensor 'enc.weight' has shape [3, 4] in the file but
     * the model expects [4, 3]}.
     *
     * @param loaded   name -> tensor, as read
     * @param expected name -> shape, as the model declares its parameters
     * @param file     the file name for the message
     * @throws MalformedFileException if anything does not fit
     */
    public static void checkAgainst(Map<String, Tensor> loaded, Map<String, int[]> expected, String file) {
        List<String> faults = new ArrayList<>();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = loaded.get(e.getKey());
            if (t == null) {
                faults.add("missing tensor '" + e.getKey() + "' (shape " + Arrays.toString(e.getValue()) + ")");
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                faults.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + " in the file but the model expects " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : loaded.keySet()) {
            if (!expected.containsKey(name)) faults.add("unexpected tensor '" + name + "' (not in the model)");
        }
        if (!faults.isEmpty()) throw new MalformedFileException(file, String.join("; ", faults));
    }
}

package dev.autoencoders.io;

import dev.autoencoders.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes tensors as a safetensors file, byte for byte as the official writer lays them out:
 * <pre>
 *   [u64 N, little-endian]
 *   [header: {"__metadata__":{"k":"v",..},"name":{"dtype":"F32","shape":[3,4],"data_offsets":[0,48]},..}
 *            compact JSON, UTF-8, padded with spaces to N = a multiple of 8]
 *   [data: each tensor's values, row-major, little-endian, one after the other from offset 0]
 * </pre>
 * Deterministic: the tensors appear (in the header and in the data) in the iteration order of the map given;
 * the metadata keys in sorted order; there is no timestamp or any other varying byte. The official writer sorts
 * tensors by (dtype, name): give a name-sorted map (e.g. a {@code TreeMap}) to get its exact bytes.
 */
final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Bytes per buffered write of tensor data. */
    private static final int CHUNK_BYTES = 1 << 16;

    static void write(OutputStream out, Map<String, Tensor> tensors, SafetensorsDtype dtype,
                      Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, dtype, metadata);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        flush(out, buf);
        out.write(header);
        for (Tensor t : tensors.values()) {
            double[] data = t.data();
            for (int i = 0, n = t.numel(); i < n; i++) {
                if (buf.remaining() < dtype.size()) flush(out, buf);
                // F32: round to nearest float (ties to even), as torch's .float()
                if (dtype == SafetensorsDtype.F64) buf.putDouble(data[i]);
                else buf.putFloat((float) data[i]);
            }
        }
        flush(out, buf);
    }

    private static void flush(OutputStream out, ByteBuffer buf) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    /** The header JSON (UTF-8), padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Map<String, Tensor> tensors, SafetensorsDtype dtype, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(quote(SafetensorsHeader.METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> kv : new TreeMap<>(metadata).entrySet()) {
                json.append(sep).append(quote(kv.getKey())).append(':').append(quote(kv.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> kv : tensors.entrySet()) {
            int[] shape = kv.getValue().shape();
            // end - begin = numel * sizeof(dtype)
            long end = offset + (long) kv.getValue().numel() * dtype.size();
            if (json.length() > 1) json.append(',');
            json.append(quote(kv.getKey())).append(":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":[");
            for (int i = 0; i < shape.length; i++) json.append(i == 0 ? "" : ",").append(shape[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        if (padded > Safetensors.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors header of " + padded + " bytes exceeds the cap of "
                    + Safetensors.MAX_HEADER_BYTES + " bytes");
        }
        byte[] out = new byte[padded];
        System.arraycopy(utf8, 0, out, 0, utf8.length);
        for (int i = utf8.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    /** A JSON string literal, escaped as serde_json does: \" \\ \b \f \n \r \t, other controls as \\u00xx. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}

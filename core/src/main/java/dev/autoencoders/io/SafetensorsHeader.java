package dev.autoencoders.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

/**
 * The JSON header of a safetensors file, parsed strictly and checked against the size of the data section.
 *
 * <p>Header: {@code {"__metadata__": {"k": "v", ...}, "<name>": {"dtype": "F32", "shape": [3, 4],
 * "data_offsets": [begin, end]}, ...}}, offsets relative to the start of the data section. The rules are those
 * of the official reader (huggingface/safetensors, {@code tensor.rs}): for every tensor
 * {@code end - begin = prod(shape) * sizeof(dtype)}, and the byte ranges, sorted, tile the data section
 * {@code [0, dataLength)} exactly: no overlap, no gap, no trailing bytes. Stricter than the official reader:
 * duplicate keys (tensor names or fields), unknown fields in an entry, and trailing content after the JSON
 * object are rejected.
 */
final class SafetensorsHeader {

    /** The key of the optional string-to-string metadata object. */
    static final String METADATA_KEY = "__metadata__";

    /**
     * One tensor of the header.
     *
     * @param name  the tensor's name (the key in the header)
     * @param dtype the element type in the file
     * @param shape the dimensions, each in [0, 2^31 - 1]
     * @param numel prod(shape), at most 2^31 - 1 (one Java array)
     * @param begin first byte of the tensor in the data section
     * @param end   one past its last byte
     */
    record Entry(String name, SafetensorsDtype dtype, int[] shape, int numel, long begin, long end) {}

    /**
     * A parsed and checked header.
     *
     * @param entries  the tensors, sorted by their data offsets (the order of their bytes in the file)
     * @param metadata the {@code __metadata__} object, in file order; empty when absent
     */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    /**
     * Strict JSON (RFC 8259): comments, NaN/Infinity, single quotes, unquoted names, leading zeros and control
     * characters in strings are errors (Jackson's defaults); duplicate keys inside a value are errors
     * (FAIL_ON_READING_DUP_TREE_KEY); duplicate top-level keys and trailing tokens are checked in
     * {@link #parse(String, long)} so that their message names the tensor.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final String file;

    private SafetensorsHeader(String file) {
        this.file = file;
    }

    /**
     * Parses {@code json} (the decoded header) and checks every entry against a data section of
     * {@code dataLength} bytes.
     *
     * @throws MalformedFileException naming {@code file} and the first fault found
     */
    static Parsed parse(String json, long dataLength, String file) {
        return new SafetensorsHeader(file).parse(json, dataLength);
    }

    private Parsed parse(String json, long dataLength) {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fault("header is not a JSON object (it must start with '{')");
            }
            Set<String> names = new HashSet<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) throw fault("header is not valid JSON: unexpected " + t);
                String name = p.currentName();
                if (!names.add(name)) throw fault("duplicate key '" + name + "' in the header (tensor names must be unique)");
                checkWellFormed(name, "tensor name");
                p.nextToken();
                JsonNode value = JSON.readTree(p);
                if (value == null) value = NullNode.getInstance();
                if (name.equals(METADATA_KEY)) {
                    readMetadata(value, metadata);
                } else {
                    entries.add(entry(name, value, dataLength));
                }
            }
            if (p.nextToken() != null) throw fault("trailing content after the header's JSON object");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new MalformedFileException(file, "header is not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new MalformedFileException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        checkCoverage(entries, dataLength);
        entries.sort(BY_OFFSETS);
        return new Parsed(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata));
    }

    private static final Comparator<Entry> BY_OFFSETS =
            Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end);

    /** {@code "__metadata__"}: an object of strings (or null, as the official reader accepts). */
    private void readMetadata(JsonNode value, Map<String, String> out) {
        if (value.isNull()) return;
        if (!value.isObject()) throw fault("\"__metadata__\" is not an object of strings but " + kind(value));
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = it.next();
            if (!kv.getValue().isTextual()) {
                throw fault("\"__metadata__\" value of '" + kv.getKey() + "' is not a string but " + kind(kv.getValue()));
            }
            checkWellFormed(kv.getKey(), "metadata key");
            checkWellFormed(kv.getValue().textValue(), "metadata value");
            out.put(kv.getKey(), kv.getValue().textValue());
        }
    }

    /** One tensor entry: {@code {"dtype": .., "shape": [..], "data_offsets": [begin, end]}}. */
    private Entry entry(String name, JsonNode value, long dataLength) {
        String what = "tensor '" + name + "'";
        if (!value.isObject()) throw fault(what + " is not an object but " + kind(value));
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("dtype") && !field.equals("shape") && !field.equals("data_offsets")) {
                throw fault(what + " has an unknown field '" + field + "' (expected dtype, shape, data_offsets)");
            }
        }
        SafetensorsDtype dtype = dtype(what, required(value, "dtype", what));
        long[] dims = nonNegativeIntegers(what, "shape", required(value, "shape", what));
        long[] offsets = nonNegativeIntegers(what, "data_offsets", required(value, "data_offsets", what));
        if (offsets.length != 2) {
            throw fault(what + ": data_offsets must be [begin, end], got " + offsets.length + " numbers");
        }
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) throw fault(what + ": " + range + " have begin > end");
        if (end > dataLength) {
            throw fault(what + ": " + range + " go beyond the data section (" + dataLength + " bytes)");
        }
        // numel = prod(shape); nbytes = numel * sizeof(dtype), both checked for overflow
        long numel = 1;
        long nbytes;
        try {
            for (long d : dims) numel = Math.multiplyExact(numel, d);
            nbytes = Math.multiplyExact(numel, (long) dtype.size());
        } catch (ArithmeticException overflow) {
            throw fault(what + ": shape " + Arrays.toString(dims) + " overflows 64-bit element/byte counts");
        }
        if (nbytes != end - begin) {
            throw fault(what + ": shape " + Arrays.toString(dims) + " of " + dtype + " needs " + nbytes
                    + " bytes but " + range + " cover " + (end - begin));
        }
        // Only reachable for data sections over 2 GB: one tensor must fit one Java array.
        if (numel > Integer.MAX_VALUE) {
            throw fault(what + ": " + numel + " elements do not fit one Java array (max 2^31 - 1)");
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw fault(what + ": dimension " + dims[i] + " of shape " + Arrays.toString(dims) + " exceeds 2^31 - 1");
            }
            shape[i] = (int) dims[i];
        }
        return new Entry(name, dtype, shape, (int) numel, begin, end);
    }

    private JsonNode required(JsonNode entry, String field, String what) {
        JsonNode v = entry.get(field);
        if (v == null) throw fault(what + " has no \"" + field + "\"");
        return v;
    }

    private SafetensorsDtype dtype(String what, JsonNode v) {
        if (!v.isTextual()) throw fault(what + ": dtype is not a string but " + kind(v));
        String name = v.textValue();
        SafetensorsDtype d = SafetensorsDtype.byName(name);
        if (d != null) return d;
        if (SafetensorsDtype.isKnownButUnsupported(name)) {
            throw fault(what + ": unsupported dtype " + name + " (readable: " + Arrays.toString(SafetensorsDtype.values()) + ")");
        }
        throw fault(what + ": unknown dtype '" + name + "'");
    }

    /** A JSON array of integers in [0, 2^63 - 1]. */
    private long[] nonNegativeIntegers(String what, String field, JsonNode v) {
        if (!v.isArray()) throw fault(what + ": " + field + " is not an array but " + kind(v));
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = v.get(i);
            if (!x.isIntegralNumber()) {
                throw fault(what + ": " + field + "[" + i + "] is not an integer but " + kind(x));
            }
            if (!x.canConvertToLong()) {
                throw fault(what + ": " + field + "[" + i + "] = " + x.bigIntegerValue() + " overflows 64 bits");
            }
            if (x.longValue() < 0) {
                throw fault(what + ": " + field + "[" + i + "] = " + x.longValue() + " is negative");
            }
            out[i] = x.longValue();
        }
        return out;
    }

    /**
     * The byte ranges, sorted by (begin, end), must tile [0, dataLength): each begins where the previous one
     * ended (no overlap, no gap) and the last ends at dataLength (no trailing bytes).
     */
    private void checkCoverage(List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(BY_OFFSETS);
        long cursor = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < cursor) {
                throw fault("tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > cursor) {
                throw fault("bytes [" + cursor + ", " + e.begin() + ") of the data section belong to no tensor"
                        + " (gap before tensor '" + e.name() + "')");
            }
            cursor = e.end();
            previous = e;
        }
        if (cursor != dataLength) {
            throw fault("the data section has " + dataLength + " bytes but the tensors cover only " + cursor
                    + " (trailing bytes [" + cursor + ", " + dataLength + ") belong to no tensor)");
        }
    }

    /** Rejects strings with an unpaired UTF-16 surrogate (a JSON escape like "\ud800" alone): not Unicode text. */
    private void checkWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw fault(what + " contains an unpaired surrogate \\u" + Integer.toHexString(c) + " at index " + i);
            }
        }
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private MalformedFileException fault(String what) {
        return new MalformedFileException(file, what);
    }
}

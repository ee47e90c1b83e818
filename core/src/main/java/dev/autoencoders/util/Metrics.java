package dev.autoencoders.util;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoencoders.io.AtomicFiles;
import dev.autoencoders.io.MalformedFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of a run as one flat JSON object, {@code metrics.json}: string keys to numbers, strings or booleans,
 * in insertion order (putting a key again replaces its value in place), pretty-printed with Jackson and written
 * atomically.
 *
 * <p>JSON has no NaN or infinity: a non-finite double is written as {@code null} (so the file stays valid JSON for
 * every reader); read back, it is a null value ({@link #has} is true, {@link #get} is null, {@link #getDouble} is NaN).
 *
 * <pre>{@code
 * new Metrics().put("test_mse", 0.0331).put("epochs", 2).put("data", "mnist-10k").write(out.resolve("metrics.json"));
 * }</pre>
 */
public final class Metrics {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    /** A number; NaN and infinities are written as null. */
    public Metrics put(String key, double value) {
        return set(key, value);
    }

    /** An integer. */
    public Metrics put(String key, long value) {
        return set(key, value);
    }

    public Metrics put(String key, String value) {
        if (value == null) throw new IllegalArgumentException("Metrics: null string for key '" + key + "'");
        return set(key, value);
    }

    public Metrics put(String key, boolean value) {
        return set(key, value);
    }

    private Metrics set(String key, Object value) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("Metrics: key must be a non-empty string");
        values.put(key, value);
        return this;
    }

    /** True if the key was put (or read), also when its value is null. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value: a Double, Long, String or Boolean, or null (a non-finite number, read back). */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * A number as double; NaN for a null value (a non-finite number written earlier).
     *
     * @throws IllegalArgumentException if the key is absent or not a number
     */
    public double getDouble(String key) {
        if (!values.containsKey(key)) throw new IllegalArgumentException("Metrics: no key '" + key + "' in " + values.keySet());
        Object v = values.get(key);
        if (v == null) return Double.NaN;
        if (!(v instanceof Number)) throw new IllegalArgumentException("Metrics: '" + key + "' is " + v + ", not a number");
        return ((Number) v).doubleValue();
    }

    /** All entries in order (read-only). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The JSON text as UTF-8 bytes, ending with a newline. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v == null) g.writeNull();
                else if (v instanceof Double) {
                    double d = (Double) v;
                    // JSON has no NaN or infinity: written as null
                    if (Double.isFinite(d)) g.writeNumber(d);
                    else g.writeNull();
                } else if (v instanceof Long) g.writeNumber((Long) v);
                else if (v instanceof Boolean) g.writeBoolean((Boolean) v);
                else g.writeString((String) v);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Writes {@code metrics.json} (or any file) atomically. */
    public void write(Path file) {
        AtomicFiles.write(file, toJson());
    }

    /**
     * Reads a file written by {@link #write} (or any flat JSON object).
     *
     * @throws MalformedFileException if it is not JSON, not an object, or holds a nested array or object
     */
    public static Metrics read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new MalformedFileException(file, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new MalformedFileException(file, "not a JSON object");
        Metrics m = new Metrics();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) m.values.put(e.getKey(), null);
            else if (v.isIntegralNumber() && v.canConvertToLong()) m.values.put(e.getKey(), v.longValue());
            else if (v.isNumber()) m.values.put(e.getKey(), v.doubleValue());
            else if (v.isBoolean()) m.values.put(e.getKey(), v.booleanValue());
            else if (v.isTextual()) m.values.put(e.getKey(), v.textValue());
            else throw new MalformedFileException(file, "key '" + e.getKey() + "' holds a nested " + v.getNodeType() + "; metrics are flat");
        }
        return m;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

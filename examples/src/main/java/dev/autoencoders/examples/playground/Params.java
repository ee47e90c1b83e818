package dev.autoencoders.examples.playground;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query parameters of a request, read with their ranges checked: a missing, malformed or out-of-range value is a
 * {@link BadRequest} naming the parameter, the value and the range.
 */
final class Params {
    private final Map<String, String> values = new LinkedHashMap<>();

    Params(URI uri) {
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) return;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.put(k, v) != null) throw new BadRequest("parameter '" + k + "' is given twice");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed query string: " + e.getMessage());
        }
    }

    /** The raw value, or null when absent. */
    String raw(String name) {
        return values.get(name);
    }

    /** A number in {@code [lo, hi]}. */
    double number(String name, double lo, double hi) {
        String v = required(name);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' = '" + v + "' is not a number");
        }
        if (!(d >= lo && d <= hi)) throw new BadRequest("parameter '" + name + "' = " + v + " is outside [" + lo + ", " + hi + "]");
        return d;
    }

    /** A number in {@code [lo, hi]}, or {@code fallback} when absent. */
    double number(String name, double lo, double hi, double fallback) {
        return values.containsKey(name) ? number(name, lo, hi) : fallback;
    }

    /** An integer in {@code [lo, hi]}. */
    long integer(String name, long lo, long hi) {
        String v = required(name);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' = '" + v + "' is not an integer");
        }
        if (n < lo || n > hi) throw new BadRequest("parameter '" + name + "' = " + v + " is outside [" + lo + ", " + hi + "]");
        return n;
    }

    /** An integer in {@code [lo, hi]}, or {@code fallback} when absent. */
    long integer(String name, long lo, long hi, long fallback) {
        return values.containsKey(name) ? integer(name, lo, hi) : fallback;
    }

    /** An index in {@code [0, size)}. */
    int index(String name, int size) {
        if (size < 1) throw new BadRequest("parameter '" + name + "': there is nothing to index");
        return (int) integer(name, 0, size - 1L);
    }

    /** One of {@code choices}. */
    String choice(String name, String... choices) {
        String v = required(name);
        for (String c : choices) if (c.equals(v)) return v;
        throw new BadRequest("parameter '" + name + "' = '" + v + "' must be one of " + String.join(", ", choices));
    }

    /** {@code count} integers separated by commas, each in {@code [0, bound)}. */
    int[] indices(String name, int count, int bound) {
        String v = required(name);
        String[] parts = v.split(",", -1);
        if (parts.length != count) throw new BadRequest("parameter '" + name + "' must hold " + count + " comma-separated integers, got " + parts.length);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new BadRequest("parameter '" + name + "': item " + i + " = '" + parts[i] + "' is not an integer");
            }
            if (out[i] < 0 || out[i] >= bound) {
                throw new BadRequest("parameter '" + name + "': item " + i + " = " + out[i] + " is not a valid index, which must be in [0, " + bound + ")");
            }
        }
        return out;
    }

    private String required(String name) {
        String v = values.get(name);
        if (v == null) throw new BadRequest("parameter '" + name + "' is missing");
        return v;
    }
}

package dev.autoencoders.io;

import static dev.autoencoders.io.SafetensorsBytes.concat;
import static dev.autoencoders.io.SafetensorsBytes.entry;
import static dev.autoencoders.io.SafetensorsBytes.f32;
import static dev.autoencoders.io.SafetensorsBytes.file;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Inputs for {@link SafetensorsFuzzProperties}: small valid files (the seeds) and mutations of them (bit flips,
 * byte changes, truncations, extensions, header-length edits, edits of the JSON header's numbers, strings and
 * tokens), plus random bytes. Every mutation has a readable description, shown when the property fails.
 */
final class SafetensorsFuzzInputs {
    private SafetensorsFuzzInputs() {}

    /** One fuzz input and how it was made. */
    record Input(String how, byte[] bytes) {
        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 160); i++) hex.append(String.format("%02x", bytes[i]));
            return how + " -> " + bytes.length + " bytes: " + hex + (bytes.length > 160 ? "..." : "");
        }
    }

    /** A change to a file's bytes, with a description. */
    record Mutation(String how, UnaryOperator<byte[]> change) {
        byte[] apply(byte[] in) {
            return change.apply(in);
        }

        @Override
        public String toString() {
            return how;
        }
    }

    // ---------------------------------------------------------------- seeds: small valid files

    /** Nine valid files: F64/F32 from the writer (with metadata, scalars, empty tensors), a hand-made mixed-dtype one, the PyTorch fixtures. */
    static List<byte[]> seeds() {
        List<byte[]> s = new ArrayList<>();
        Rng rng = new Rng(11);
        Map<String, Tensor> linear = new LinkedHashMap<>();
        linear.put("weight", Tensor.randn(rng, 3, 4));
        linear.put("bias", Tensor.randn(rng, 3));
        s.add(Safetensors.toBytes(linear, SafetensorsDtype.F64, Map.of()));
        s.add(Safetensors.toBytes(linear, SafetensorsDtype.F32, Map.of("format", "pt", "epoch", "3")));
        Map<String, Tensor> odd = new LinkedHashMap<>();
        odd.put("scalar", Tensor.scalar(2.5));
        odd.put("empty", Tensor.zeros(0, 4));
        odd.put("codes", Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
        s.add(Safetensors.toBytes(odd, SafetensorsDtype.F64, Map.of()));
        s.add(Safetensors.toBytes(Map.of(), SafetensorsDtype.F64, Map.of()));
        // unsorted header, whitespace, null metadata, several dtypes
        s.add(file(" {\"__metadata__\":null, " + entry("b", "F32", "[2]", 8, 16) + ", " + entry("a", "I64", "[1]", 0, 8)
                + ", " + entry("h", "F16", "[2]", 16, 20) + ", " + entry("g", "BF16", "[1,1]", 20, 22) + ", "
                + entry("u", "U8", "[2]", 22, 24) + "} ", concat(le64(5), f32(1.5f, -2f), new byte[] {0, 60, 0, -64, 0, 64, 7, 9})));
        for (String name : new String[] {"linear_f32", "linear_f64", "batchnorm_f32_i64", "halfs_f16_bf16"}) {
            try (InputStream in = SafetensorsFuzzInputs.class.getResourceAsStream("/safetensors/" + name + ".safetensors")) {
                s.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- the mix

    /** Mostly mutated seeds (one or two mutations), some seeds as they are, some random bytes. */
    static Arbitrary<Input> inputs(List<byte[]> seeds) {
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, seeds.size() - 1);
        Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
                Tuple.of(3, bitFlips()), Tuple.of(3, byteSets()), Tuple.of(2, truncation()), Tuple.of(2, extension()),
                Tuple.of(2, headerLength()), Tuple.of(4, numberEdit()), Tuple.of(3, stringEdit()), Tuple.of(4, tokenEdit()));
        Arbitrary<Input> mutated = Combinators.combine(seed, mutation, mutation.injectNull(0.6)).as((s, m1, m2) -> {
            byte[] b = m1.apply(seeds.get(s));
            String how = "seed " + s + ", " + m1;
            if (m2 != null) {
                b = m2.apply(b);
                how += ", " + m2;
            }
            return new Input(how, b);
        });
        Arbitrary<Input> valid = seed.map(s -> new Input("seed " + s, seeds.get(s)));
        Arbitrary<Input> random = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), headerLengthValues())
                .as((body, n) -> new Input("random bytes after length " + Long.toUnsignedString(n), concat(le64(n), body)));
        Arbitrary<Input> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> new Input("random bytes", b));
        return Arbitraries.frequencyOf(Tuple.of(40, mutated), Tuple.of(1, valid), Tuple.of(3, random), Tuple.of(1, noise));
    }

    // ---------------------------------------------------------------- byte-level mutations

    private static Arbitrary<Mutation> bitFlips() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8)
                .map(ps -> new Mutation("flip bits " + ps + " (bit p % 8 of byte p / 8 % length)", in -> {
                    byte[] b = in.clone();
                    for (int p : ps) if (b.length > 0) b[(p >>> 3) % b.length] ^= (byte) (1 << (p & 7));
                    return b;
                }));
    }

    private static Arbitrary<Mutation> byteSets() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as((p, v) -> new Mutation("set byte " + p + " % length to " + v, in -> {
                    byte[] b = in.clone();
                    if (b.length > 0) b[p % b.length] = v;
                    return b;
                }))
                .list().ofMinSize(1).ofMaxSize(4)
                .map(ms -> new Mutation(ms.toString(), in -> {
                    for (Mutation m : ms) in = m.apply(in);
                    return in;
                }));
    }

    private static Arbitrary<Mutation> truncation() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .map(cut -> new Mutation("truncate to " + cut + " % (length + 1)", in -> Arrays.copyOf(in, cut % (in.length + 1))));
    }

    private static Arbitrary<Mutation> extension() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)
                .map(extra -> new Mutation("append " + extra.length + " bytes", in -> concat(in, extra)));
    }

    /** Header lengths: edge values around the cap and the 2^31, 2^32, 2^63 boundaries, any long, small ones. */
    private static Arbitrary<Long> headerLengthValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 2L, 7L, 8L, 16L, 100_000_000L, 100_000_001L, 99_999_999L, 1L << 31, 1L << 32,
                        1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -8L),
                Arbitraries.longs(),
                Arbitraries.longs().between(0, 512));
    }

    private static Arbitrary<Mutation> headerLength() {
        Arbitrary<Mutation> absolute = headerLengthValues().map(n -> new Mutation("header length := " + Long.toUnsignedString(n), in -> {
            byte[] b = in.length >= 8 ? in.clone() : Arrays.copyOf(in, 8);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            return b;
        }));
        Arbitrary<Mutation> relative = Arbitraries.longs().between(-16, 16).map(d -> new Mutation("header length += " + d, in -> {
            if (in.length < 8) return in;
            byte[] b = in.clone();
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(0, buf.getLong(0) + d);
            return b;
        }));
        return Arbitraries.oneOf(absolute, relative);
    }

    // ---------------------------------------------------------------- JSON-level mutations

    /** Replaces the k-th run of digits (and '-') in the header by another number: shapes, offsets. */
    private static Arbitrary<Mutation> numberEdit() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "3", "4", "7", "8", "12", "16", "24", "-1", "-8", "1000000000000",
                        "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
                        "18446744073709551615", "18446744073709551616", "2.0", "1e2", "01", "-0", "1" + "0".repeat(400)),
                Arbitraries.integers().between(0, 100).map(String::valueOf));
        return Combinators.combine(Arbitraries.integers().between(0, 1000), numbers, fixLength())
                .as((k, number, fix) -> headerEdit("number #" + k + " := " + number, fix, h -> replaceRun(h, k, number, true)));
    }

    /** Replaces the content of the k-th JSON string of the header: a name, a field name, a dtype. */
    private static Arbitrary<Mutation> stringEdit() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.of("F64", "F32", "F16", "BF16", "I64", "U64", "I32", "U8", "BOOL", "F8_E4M3", "F4", "X",
                        "a", "b", "bias", "weight", "__metadata__", "dtype", "shape", "data_offsets", "", "\\ud800",
                        "\\u0000", "x\\\"y", "\\", "\u00e9", "format"),
                Arbitraries.strings().ofMaxLength(6));
        return Combinators.combine(Arbitraries.integers().between(0, 1000), strings, fixLength())
                .as((k, s, fix) -> headerEdit("string #" + k + " := " + s, fix, h -> replaceRun(h, k, s, false)));
    }

    /** Deletes up to 3 characters of the header at a position and inserts a JSON token there. */
    private static Arbitrary<Mutation> tokenEdit() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("", "{", "}", "[", "]", ",", ":", "\"", "null", "true", "[]", "{}", "[0,0]", "\"F32\"",
                        "NaN", "-", ".", "e", " ", "\n", "/*", "\\", "\u00e9", "\"__metadata__\":{}", "\"a\":"),
                Arbitraries.strings().ofMaxLength(4));
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 3),
                        tokens, fixLength())
                .as((p, del, tok, fix) -> headerEdit("at " + p + " % length delete " + del + " insert '" + tok + "'", fix, h -> {
                    int at = p % (h.length() + 1);
                    return h.substring(0, at) + tok + h.substring(Math.min(h.length(), at + del));
                }));
    }

    /** Most JSON edits then set the length field to the new header length, so that the JSON parser sees them. */
    private static Arbitrary<Boolean> fixLength() {
        return Arbitraries.of(true, true, true, false);
    }

    /**
     * An edit of the header text (the bytes after the length field, up to the declared length when that fits),
     * with the length field then set to the edited header's byte length ({@code fixLength}) or left as it was.
     */
    private static Mutation headerEdit(String what, boolean fixLength, UnaryOperator<String> edit) {
        return new Mutation(what + (fixLength ? " (length fixed)" : ""), in -> {
            if (in.length < 8) return in;
            long n = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int headerEnd = n >= 0 && n <= in.length - 8 ? 8 + (int) n : in.length;
            // edited as Latin-1 so that every byte survives; inserted text goes back as UTF-8
            String header = new String(in, 8, headerEnd - 8, StandardCharsets.ISO_8859_1);
            byte[] h = latin1ThenUtf8(edit.apply(header));
            return concat(le64(fixLength ? h.length : n), h, Arrays.copyOfRange(in, headerEnd, in.length));
        });
    }

    /** Chars below 256 back to their byte; others (inserted) as UTF-8. */
    private static byte[] latin1ThenUtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 256) out.write(c);
            else out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Replaces the k-th (mod count) run of digits ({@code digits}) or quoted string content with {@code by}. */
    private static String replaceRun(String h, int k, String by, boolean digits) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < h.length(); i++) {
            if (digits && (Character.isDigit(h.charAt(i)) || h.charAt(i) == '-')) {
                int j = i;
                while (j < h.length() && (Character.isDigit(h.charAt(j)) || h.charAt(j) == '-')) j++;
                runs.add(new int[] {i, j});
                i = j;
            } else if (!digits && h.charAt(i) == '"') {
                int j = h.indexOf('"', i + 1);
                if (j < 0) break;
                runs.add(new int[] {i + 1, j});
                i = j;
            }
        }
        if (runs.isEmpty()) return h;
        int[] r = runs.get(k % runs.size());
        return h.substring(0, r[0]) + by + h.substring(r[1]);
    }

    static byte[] le64(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }
}

package dev.autoencoders.io;

import static dev.autoencoders.io.SafetensorsBytes.concat;
import static dev.autoencoders.io.SafetensorsBytes.entry;
import static dev.autoencoders.io.SafetensorsBytes.f32;
import static dev.autoencoders.io.SafetensorsBytes.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the safetensors reader: 10,000 random and mutated inputs (bit flips, byte changes, truncations,
 * extensions, header-length edits, JSON edits of small valid files, random bytes). Each input either reads or is
 * rejected with {@link MalformedFileException}; nothing else is thrown (no other RuntimeException, no Error such as
 * OutOfMemoryError or StackOverflowError), no input takes more than {@link #TIME_CAP_MS} ms (enforced on a worker
 * thread, so that a hang fails instead of blocking), and none allocates more than {@link #allocationCap(int)}
 * bytes: a declared gigabyte header or tensor is rejected before anything that size is allocated.
 */
class SafetensorsFuzzProperties {

    /** Per-input wall-clock cap. */
    private static final long TIME_CAP_MS = 1000;

    /**
     * Allowed allocation for reading an input of {@code n} bytes: a fixed allowance (JSON parser state, an
     * exception and its message) plus a multiple of n (header text and tree, tensors widened to double).
     * Observed maximum over 4 x 10,000 inputs: 34 KB; a 1 KB input may allocate at most 160 KB.
     */
    static long allocationCap(int n) {
        return 128 * 1024 + 32L * n;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The parse runs here, so that a hang can be detected and its allocations measured alone. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "safetensors-fuzz");
        t.setDaemon(true);
        return t;
    });

    private static final List<byte[]> SEEDS = seeds();
    private static long maxAllocated;
    private static int maxAllocatedInputLength;

    static {
        // warm-up: run every fault path once (class loading and the first run of each string concatenation
        // allocate a few hundred KB, once per JVM), so that the cap below measures the reading itself
        SafetensorsRejectionTest.malformed().forEach(a -> run((byte[]) a.get()[1]));
        for (byte[] s : SEEDS) {
            run(s);
            run(java.util.Arrays.copyOf(s, s.length - 1));
            run(java.util.Arrays.copyOf(s, 12));
        }
    }

    /** What reading one input did. */
    private record Outcome(String kind, Throwable unexpected, long allocated, long nanos) {}

    /** One fuzz input and how it was made (shown when the property fails). */
    record Input(String how, byte[] bytes) {
        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 160); i++) hex.append(String.format("%02x", bytes[i]));
            return how + " -> " + bytes.length + " bytes: " + hex + (bytes.length > 160 ? "..." : "");
        }
    }

    @Property(tries = 10_000, seed = "20240611")
    void everyInputReadsOrIsRejectedCleanly(@ForAll("inputs") Input input) throws InterruptedException {
        Future<Outcome> future = WORKER.submit(() -> run(input.bytes()));
        Outcome outcome;
        try {
            outcome = future.get(TIME_CAP_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("reading took more than " + TIME_CAP_MS + " ms: " + input);
        } catch (ExecutionException e) {
            throw new AssertionError("worker failed: " + input, e.getCause());
        }
        Statistics.collect(outcome.kind());
        // the mix must exercise both sides: valid files that read, and rejections
        Statistics.coverage(c -> {
            c.check("read").percentage(p -> p >= 2.0);
            c.check("rejected").percentage(p -> p >= 50.0);
        });
        if (outcome.unexpected() != null) {
            throw new AssertionError("threw " + outcome.unexpected() + " for " + input, outcome.unexpected());
        }
        assertThat(outcome.nanos()).as("nanoseconds for %s", input).isLessThan(TIME_CAP_MS * 1_000_000L);
        assertThat(outcome.allocated()).as("bytes allocated for %s", input).isLessThan(allocationCap(input.bytes().length));
        synchronized (SafetensorsFuzzProperties.class) {
            if (outcome.allocated() > maxAllocated) {
                maxAllocated = outcome.allocated();
                maxAllocatedInputLength = input.bytes().length;
            }
        }
    }

    @AfterContainer
    static void report() {
        System.out.println("safetensors fuzz: most bytes allocated for one input: " + maxAllocated
                + " (input of " + maxAllocatedInputLength + " bytes)");
    }

    /** Reads {@code bytes}, classifying the result; on the calling (worker) thread. */
    private static Outcome run(byte[] bytes) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        String kind;
        Throwable unexpected = null;
        try {
            SafetensorsContent c = Safetensors.read(bytes, "fuzz.safetensors");
            for (Tensor t : c.tensors().values()) {
                if (t.data().length != t.numel()) throw new IllegalStateException("tensor data does not fill its shape");
            }
            kind = "read";
        } catch (MalformedFileException e) {
            kind = e.file().equals("fuzz.safetensors") ? "rejected" : "rejected with the wrong file name";
            if (!kind.equals("rejected")) unexpected = e;
        } catch (Throwable e) { // the point of the property: anything else, even an Error, is a failure
            kind = "unexpected " + e.getClass().getSimpleName();
            unexpected = e;
        }
        long nanos = System.nanoTime() - start;
        return new Outcome(kind, unexpected, THREADS.getCurrentThreadAllocatedBytes() - before, nanos);
    }

    // ---------------------------------------------------------------- inputs

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Integer> seed = Arbitraries.integers().between(0, SEEDS.size() - 1);
        Arbitrary<Mutation> mutation = Arbitraries.frequencyOf(
                Tuple.of(3, bitFlips()), Tuple.of(3, byteSets()), Tuple.of(2, truncation()), Tuple.of(2, extension()),
                Tuple.of(2, headerLength()), Tuple.of(4, numberEdit()), Tuple.of(3, stringEdit()), Tuple.of(4, tokenEdit()));
        Arbitrary<Input> mutated = Combinators.combine(seed, mutation, mutation.injectNull(0.6)).as((s, m1, m2) -> {
            byte[] b = m1.apply(SEEDS.get(s));
            String how = "seed " + s + ", " + m1;
            if (m2 != null) {
                b = m2.apply(b);
                how += ", " + m2;
            }
            return new Input(how, b);
        });
        Arbitrary<Input> valid = seed.map(s -> new Input("seed " + s, SEEDS.get(s)));
        Arbitrary<Input> random = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), headerLengthValues())
                .as((body, n) -> new Input("random bytes after length " + n, concat(le64(n), body)));
        Arbitrary<Input> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> new Input("random bytes", b));
        return Arbitraries.frequencyOf(Tuple.of(40, mutated), Tuple.of(1, valid), Tuple.of(3, random), Tuple.of(1, noise));
    }

    /** A change to a file's bytes. */
    interface Mutation {
        byte[] apply(byte[] in);
    }

    private static Arbitrary<Mutation> bitFlips() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8).map(ps -> new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                byte[] b = in.clone();
                for (int p : ps) if (b.length > 0) b[(p >>> 3) % b.length] ^= (byte) (1 << (p & 7));
                return b;
            }

            @Override
            public String toString() {
                return "flip bits " + ps;
            }
        });
    }

    private static Arbitrary<Mutation> byteSets() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as((p, v) -> (Mutation) new Mutation() {
                    @Override
                    public byte[] apply(byte[] in) {
                        byte[] b = in.clone();
                        if (b.length > 0) b[p % b.length] = v;
                        return b;
                    }

                    @Override
                    public String toString() {
                        return "set byte " + p + " % length to " + v;
                    }
                }).list().ofMinSize(1).ofMaxSize(4).map(SafetensorsFuzzProperties::chain);
    }

    private static Arbitrary<Mutation> truncation() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).map(cut -> new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                return java.util.Arrays.copyOf(in, cut % (in.length + 1));
            }

            @Override
            public String toString() {
                return "truncate to " + cut + " % (length + 1)";
            }
        });
    }

    private static Arbitrary<Mutation> extension() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(extra -> new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                return concat(in, extra);
            }

            @Override
            public String toString() {
                return "append " + extra.length + " bytes";
            }
        });
    }

    private static Arbitrary<Long> headerLengthValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 2L, 7L, 8L, 16L, 100_000_000L, 100_000_001L, 99_999_999L, 1L << 31, 1L << 32,
                        1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -8L),
                Arbitraries.longs(),
                Arbitraries.longs().between(0, 512));
    }

    private static Arbitrary<Mutation> headerLength() {
        Arbitrary<Mutation> absolute = headerLengthValues().map(n -> new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                byte[] b = in.length >= 8 ? in.clone() : java.util.Arrays.copyOf(in, 8);
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
                return b;
            }

            @Override
            public String toString() {
                return "header length := " + Long.toUnsignedString(n);
            }
        });
        Arbitrary<Mutation> relative = Arbitraries.longs().between(-16, 16).map(d -> new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                if (in.length < 8) return in;
                byte[] b = in.clone();
                ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(0, buf.getLong(0) + d);
                return b;
            }

            @Override
            public String toString() {
                return "header length += " + d;
            }
        });
        return Arbitraries.oneOf(absolute, relative);
    }

    /** Replaces the k-th run of digits (or '-' and digits) in the header by another number, keeping N consistent. */
    private static Arbitrary<Mutation> numberEdit() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "3", "4", "7", "8", "12", "16", "24", "-1", "-8", "1000000000000",
                        "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
                        "18446744073709551615", "18446744073709551616", "2.0", "1e2", "01", "-0", "1" + "0".repeat(400)),
                Arbitraries.integers().between(0, 100).map(String::valueOf));
        return Combinators.combine(Arbitraries.integers().between(0, 1000), numbers, Arbitraries.of(true, true, true, false))
                .as((k, number, fix) -> headerEdit("number #" + k + " := " + number, fix, h -> replaceRun(h, k, number, true)));
    }

    /** Replaces the content of the k-th JSON string in the header (a name, a field, a dtype). */
    private static Arbitrary<Mutation> stringEdit() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.of("F64", "F32", "F16", "BF16", "I64", "U64", "I32", "U8", "BOOL", "F8_E4M3", "F4", "X",
                        "a", "b", "bias", "weight", "__metadata__", "dtype", "shape", "data_offsets", "", "\\ud800",
                        "\\u0000", "x\\\"y", "\\", "\u00e9", "format"),
                Arbitraries.strings().ofMaxLength(6));
        return Combinators.combine(Arbitraries.integers().between(0, 1000), strings, Arbitraries.of(true, true, true, false))
                .as((k, s, fix) -> headerEdit("string #" + k + " := " + s, fix, h -> replaceRun(h, k, s, false)));
    }

    /** Deletes up to 3 characters of the header at a position and inserts a JSON token there. */
    private static Arbitrary<Mutation> tokenEdit() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("", "{", "}", "[", "]", ",", ":", "\"", "null", "true", "[]", "{}", "[0,0]", "\"F32\"",
                        "NaN", "-", ".", "e", " ", "\n", "/*", "\\", "\u00e9", "\"__metadata__\":{}", "\"a\":"),
                Arbitraries.strings().ofMaxLength(4));
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 3),
                        tokens, Arbitraries.of(true, true, true, false))
                .as((p, del, tok, fix) -> headerEdit("at " + p + " % length delete " + del + " insert '" + tok + "'", fix, h -> {
                    int at = p % (h.length() + 1);
                    return h.substring(0, at) + tok + h.substring(Math.min(h.length(), at + del));
                }));
    }

    /**
     * An edit of the header text (the bytes after the length field, up to the declared length when that fits),
     * with the length field then set to the edited header's byte length ({@code fixLength}) or left as it was.
     */
    private static Mutation headerEdit(String what, boolean fixLength, java.util.function.UnaryOperator<String> edit) {
        return new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                if (in.length < 8) return in;
                long n = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                int headerEnd = n >= 0 && n <= in.length - 8 ? 8 + (int) n : in.length;
                String header = new String(in, 8, headerEnd - 8, java.nio.charset.StandardCharsets.ISO_8859_1);
                // edit as Latin-1 so that every byte survives; inserted text is encoded as UTF-8
                String edited = edit.apply(header);
                byte[] h = latin1ThenUtf8(edited);
                byte[] rest = java.util.Arrays.copyOfRange(in, headerEnd, in.length);
                return concat(le64(fixLength ? h.length : n), h, rest);
            }

            @Override
            public String toString() {
                return what + (fixLength ? " (length fixed)" : "");
            }
        };
    }

    /** Chars below 256 back to their byte; others (inserted) as UTF-8. */
    private static byte[] latin1ThenUtf8(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 256) out.write(c);
            else out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    private static Mutation chain(List<Mutation> ms) {
        return new Mutation() {
            @Override
            public byte[] apply(byte[] in) {
                for (Mutation m : ms) in = m.apply(in);
                return in;
            }

            @Override
            public String toString() {
                return ms.toString();
            }
        };
    }

    private static byte[] le64(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    // ---------------------------------------------------------------- seeds: small valid files

    private static List<byte[]> seeds() {
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
            try (InputStream in = SafetensorsFuzzProperties.class.getResourceAsStream("/safetensors/" + name + ".safetensors")) {
                s.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (byte[] b : s) Safetensors.read(b, "seed"); // every seed is valid
        return s;
    }

    @Property(tries = 1)
    void seedsAreValid() {
        assertThat(SEEDS).hasSize(9);
        for (byte[] b : SEEDS) {
            if (Safetensors.read(b, "seed") == null) fail("no content");
        }
    }
}

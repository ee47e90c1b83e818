package dev.autoencoders.io;

import static dev.autoencoders.io.SafetensorsBytes.concat;
import static dev.autoencoders.io.SafetensorsBytes.entry;
import static dev.autoencoders.io.SafetensorsBytes.f32;
import static dev.autoencoders.io.SafetensorsBytes.f64;
import static dev.autoencoders.io.SafetensorsBytes.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing then reading gives the tensors back; the bytes are deterministic and laid out as the official writer's. */
class SafetensorsRoundTripTest {

    /** Values that stress the encoding: signed zero, extremes, subnormals, infinities, NaN, non-dyadic fractions. */
    private static final double[] SPECIAL = {
        0.0, -0.0, 1.0, -1.0, 1.0 / 3.0, -2.0 / 7.0, Math.PI, 1e-300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.MIN_NORMAL, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 123456789.123456789,
    };

    private static Map<String, Tensor> model() {
        Rng rng = new Rng(7);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("encoder.0.weight", Tensor.randn(rng, 3, 4));
        m.put("encoder.0.bias", Tensor.randn(rng, 3));
        m.put("special", Tensor.of(SPECIAL.clone(), 4, 4));
        m.put("scalar", Tensor.scalar(-1.5));
        m.put("empty", Tensor.zeros(0, 3));
        m.put("codebook", Tensor.uniform(rng, -1, 1, 2, 3, 5));
        return m;
    }

    @Test
    void f64RoundTripIsBitExactAndKeepsOrder(@TempDir Path dir) {
        Map<String, Tensor> m = model();
        Path p = dir.resolve("model.safetensors");
        Safetensors.write(p, m);
        SafetensorsContent read = Safetensors.read(p);
        assertThat(read.tensors().keySet()).containsExactlyElementsOf(m.keySet());
        assertThat(read.metadata()).isEmpty();
        for (String name : m.keySet()) {
            Tensor want = m.get(name);
            Tensor got = read.tensors().get(name);
            assertThat(got.shape()).as(name).containsExactly(want.shape());
            assertThat(read.dtypes().get(name)).isEqualTo(SafetensorsDtype.F64);
            for (int i = 0; i < want.numel(); i++) {
                assertThat(Double.doubleToRawLongBits(got.data()[i])).as(name + "[" + i + "]")
                        .isEqualTo(Double.doubleToRawLongBits(want.data()[i]));
            }
        }
    }

    @Test
    void f32RoundTripRoundsToNearestFloat() {
        Map<String, Tensor> m = model();
        SafetensorsContent read = Safetensors.read(Safetensors.toBytes(m, SafetensorsDtype.F32, Map.of()), "f32");
        for (String name : m.keySet()) {
            double[] want = m.get(name).data();
            double[] got = read.tensors().get(name).data();
            assertThat(read.dtypes().get(name)).isEqualTo(SafetensorsDtype.F32);
            for (int i = 0; i < want.length; i++) {
                // oracle 1: Java's narrowing (round to nearest, ties to even)
                assertThat(Double.doubleToLongBits(got[i])).as(name + "[" + i + "]")
                        .isEqualTo(Double.doubleToLongBits((float) want[i]));
                // oracle 2: within half a float ulp of the original (for finite values in float range)
                if (Double.isFinite(want[i]) && Math.abs(want[i]) < Float.MAX_VALUE) {
                    assertThat(Math.abs(got[i] - want[i])).isLessThanOrEqualTo(Math.ulp((float) want[i]) / 2.0);
                }
            }
        }
        // the F32 file is half the data bytes of the F64 one: 57 elements, 4 bytes less each
        int numel = m.values().stream().mapToInt(Tensor::numel).sum();
        assertThat(Safetensors.toBytes(m, SafetensorsDtype.F64, Map.of()).length
                - Safetensors.toBytes(m, SafetensorsDtype.F32, Map.of()).length).isEqualTo(4 * numel);
    }

    @Test
    void metadataRoundTripsIncludingEscapes() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("options", "{\"epochs\": 3, \"lr\": 1e-3}");
        meta.put("quotes \" back\\slash", "tab\tnew\nline\u0001 ctrl \u00e9t\u00e9 \ud83d\ude00 /");
        meta.put("", "");
        byte[] bytes = Safetensors.toBytes(model(), SafetensorsDtype.F64, meta);
        SafetensorsContent read = Safetensors.read(bytes, "meta");
        assertThat(read.metadata()).isEqualTo(meta);
        // stored sorted by key, so the order of the map given does not change the bytes
        assertThat(read.metadata().keySet()).containsExactlyElementsOf(new TreeMap<>(meta).keySet());
        assertThat(Safetensors.toBytes(model(), SafetensorsDtype.F64, new TreeMap<>(meta))).isEqualTo(bytes);
    }

    @Test
    void rewriteIsByteIdentical(@TempDir Path dir) throws Exception {
        Map<String, String> meta = Map.of("format", "pt", "epoch", "2");
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Safetensors.write(a, model(), SafetensorsDtype.F32, meta);
        Safetensors.write(b, model(), SafetensorsDtype.F32, meta);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        // read and write again: same bytes (F32 values survive widening and narrowing unchanged)
        SafetensorsContent read = Safetensors.read(a);
        Safetensors.write(b, read.tensors(), SafetensorsDtype.F32, read.metadata());
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        // the atomic write leaves no temporary file behind
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("a.safetensors", "b.safetensors");
        }
    }

    @Test
    void layoutFollowsTheFormat() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("b", Tensor.of(new double[] {-1, 0.5}, 2));
        byte[] bytes = Safetensors.toBytes(m, SafetensorsDtype.F64, Map.of("k", "v"));
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).as("header padded to a multiple of 8").isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo(padded("{\"__metadata__\":{\"k\":\"v\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[48,64]}}"));
        assertThat(bytes).hasSize(8 + (int) n + 64);
        buf.position(8 + (int) n);
        for (double v : new double[] {1, 2, 3, 4, 5, 6, -1, 0.5}) assertThat(buf.getDouble()).isEqualTo(v);
    }

    private static String padded(String json) {
        return json + " ".repeat((8 - json.length() % 8) % 8);
    }

    /**
     * The official writer's own test vectors (huggingface/safetensors, tensor.rs: test_serialization,
     * test_serialization_forced_alignement, test_empty), rebuilt here from their JSON text: the same tensors
     * give the same bytes.
     */
    @Test
    void matchesTheOfficialWritersBytes() {
        byte[] values = f32(0, 1, 2, 3, 4, 5);
        String h1 = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertThat(h1.length()).isEqualTo(64);
        assertThat(Safetensors.toBytes(Map.of("attn.0", Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)),
                SafetensorsDtype.F32, Map.of())).isEqualTo(file(h1, values));

        String h2 = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ";
        assertThat(h2.length()).isEqualTo(72);
        assertThat(Safetensors.toBytes(Map.of("attn0", Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3)),
                SafetensorsDtype.F32, Map.of())).isEqualTo(file(h2, values));

        assertThat(Safetensors.toBytes(Map.of(), SafetensorsDtype.F64, Map.of())).isEqualTo(file("{}      ", 0));
        assertThat(Safetensors.toBytes(Map.of(), SafetensorsDtype.F64, Map.of("framework", "pt")))
                .isEqualTo(file("{\"__metadata__\":{\"framework\":\"pt\"}}     ", 0));
    }

    @Test
    void readsWhatTheFormatAllows() {
        // header keys in any order (data order is by offsets), whitespace, no padding, zero-size tensors,
        // a null metadata object; tensors come back in the order of their bytes
        String header = " {\n \"__metadata__\" : null, " + entry("second", "F32", "[2]", 8, 16) + " ,"
                + entry("first", "F64", "[1]", 0, 8) + "," + entry("none", "F32", "[0,5]", 16, 16) + "}\t";
        SafetensorsContent c = Safetensors.read(file(header, concat(f64(2.5), f32(-1f, 0.25f))), "any");
        assertThat(c.tensors().keySet()).containsExactly("first", "second", "none");
        assertThat(c.tensors().get("first").data()).containsExactly(2.5);
        assertThat(c.tensors().get("second").data()).containsExactly(-1.0, 0.25);
        assertThat(c.tensors().get("none").shape()).containsExactly(0, 5);
        assertThat(c.metadata()).isEmpty();
        // names are any JSON string
        String odd = "{" + entry("a \\\"b\\\" \\u00e9", "F32", "[]", 0, 4) + "}";
        assertThat(Safetensors.read(file(odd, f32(7f)), "odd").tensors()).containsOnlyKeys("a \"b\" \u00e9");
    }

    @Test
    void readsEveryIntegerAndHalfType() {
        ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        d.put((byte) 1).put((byte) 0);            // BOOL [2]          0..2
        d.put((byte) 0xFF);                       // U8 [1]            2..3
        d.put((byte) 0x80);                       // I8 [1]            3..4
        d.putShort((short) -2);                   // I16 [1]           4..6
        d.putShort((short) 0xFFFE);               // U16 [1]           6..8
        d.putInt(-3);                             // I32 [1]           8..12
        d.putInt(0xFFFFFFFD);                     // U32 [1]           12..16
        d.putLong(-4);                            // I64 [1]           16..24
        d.putLong(-1L);                           // U64 [1]           24..32
        d.putShort((short) 0x3C00);               // F16 [1] = 1.0     32..34
        d.putShort((short) 0xC020);               // BF16 [1] = -2.5   34..36
        d.putFloat(0.1f);                         // F32 [1]           36..40
        String[][] spec = {{"bool", "BOOL", "[2]", "0", "2"}, {"u8", "U8", "[1]", "2", "3"}, {"i8", "I8", "[1]", "3", "4"},
            {"i16", "I16", "[1]", "4", "6"}, {"u16", "U16", "[1]", "6", "8"}, {"i32", "I32", "[1]", "8", "12"},
            {"u32", "U32", "[1]", "12", "16"}, {"i64", "I64", "[1]", "16", "24"}, {"u64", "U64", "[1]", "24", "32"},
            {"f16", "F16", "[1]", "32", "34"}, {"bf16", "BF16", "[1]", "34", "36"}, {"f32", "F32", "[1]", "36", "40"}};
        StringBuilder h = new StringBuilder("{");
        for (String[] s : spec) {
            h.append(h.length() > 1 ? "," : "").append(entry(s[0], s[1], s[2], Long.parseLong(s[3]), Long.parseLong(s[4])));
        }
        SafetensorsContent c = Safetensors.read(file(h.append('}').toString(), Arrays.copyOf(d.array(), 40)), "ints");
        Map<String, Tensor> t = c.tensors();
        assertThat(t.get("bool").data()).containsExactly(1.0, 0.0);
        assertThat(t.get("u8").item()).isEqualTo(255.0);
        assertThat(t.get("i8").item()).isEqualTo(-128.0);
        assertThat(t.get("i16").item()).isEqualTo(-2.0);
        assertThat(t.get("u16").item()).isEqualTo(65534.0);
        assertThat(t.get("i32").item()).isEqualTo(-3.0);
        assertThat(t.get("u32").item()).isEqualTo(4294967293.0);
        assertThat(t.get("i64").item()).isEqualTo(-4.0);
        assertThat(t.get("u64").item()).isEqualTo(18446744073709551615.0);
        assertThat(t.get("f16").item()).isEqualTo(1.0);
        assertThat(t.get("bf16").item()).isEqualTo(-2.5);
        assertThat(t.get("f32").item()).isEqualTo((double) 0.1f);
        assertThat(c.dtypes().values()).containsExactly(SafetensorsDtype.BOOL, SafetensorsDtype.U8, SafetensorsDtype.I8,
                SafetensorsDtype.I16, SafetensorsDtype.U16, SafetensorsDtype.I32, SafetensorsDtype.U32, SafetensorsDtype.I64,
                SafetensorsDtype.U64, SafetensorsDtype.F16, SafetensorsDtype.BF16, SafetensorsDtype.F32);
    }

    @Test
    void readsFromAChannelAndLargeTensorsInChunks(@TempDir Path dir) throws Exception {
        // 300,000 doubles = 2.4 MB: more than one 1 MB read chunk
        Tensor big = Tensor.randn(new Rng(3), 600, 500);
        Path p = dir.resolve("big.safetensors");
        Safetensors.write(p, Map.of("big", big));
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            assertThat(Safetensors.read(ch, "channel").tensors().get("big").data()).isEqualTo(big.data());
        }
        assertThat(Safetensors.read(Files.readAllBytes(p), "bytes").tensors().get("big").data()).isEqualTo(big.data());
    }

    @Test
    void writerRejectsBadArguments() {
        Map<String, Tensor> ok = Map.of("w", Tensor.zeros(2));
        assertThatThrownBy(() -> Safetensors.toBytes(ok, SafetensorsDtype.F16, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writes F64 or F32, not F16");
        assertThatThrownBy(() -> Safetensors.toBytes(Map.of("__metadata__", Tensor.zeros(1)), SafetensorsDtype.F64, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"__metadata__\" is reserved");
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        assertThatThrownBy(() -> Safetensors.toBytes(withNull, SafetensorsDtype.F64, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null tensor name or tensor (w)");
    }

    @Test
    void failedWriteKeepsThePreviousFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("keep.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(p);
        assertThatThrownBy(() -> Safetensors.write(p, Map.of("w", Tensor.ones(3)), SafetensorsDtype.I64, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        assertThat(Safetensors.read(p).tensors().get("w").data()).containsExactly(1.0, 1.0, 1.0);
    }
}

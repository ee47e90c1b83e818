package dev.autoencoders.io;

import static dev.autoencoders.io.SafetensorsBytes.concat;
import static dev.autoencoders.io.SafetensorsBytes.entry;
import static dev.autoencoders.io.SafetensorsBytes.f32;
import static dev.autoencoders.io.SafetensorsBytes.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed input the reader rejects, each with a message naming the source and the fault. */
class SafetensorsRejectionTest {

    private static final String SOURCE = "bad.safetensors";
    /** A valid F32 [2] tensor "a" over 8 data bytes. */
    private static final String A = entry("a", "F32", "[2]", 0, 8);

    static Stream<Arguments> malformed() {
        byte[] utf8Bad = concat("{\"a\u00e9".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28}, "\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] overlong = concat("{\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF}, "\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] surrogateUtf8 = concat("{\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\":1}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                // ---- length field
                arguments("empty file", new byte[0], "file has 0 bytes, fewer than the 8-byte header length"),
                arguments("7 bytes", new byte[7], "file has 7 bytes, fewer than the 8-byte header length"),
                arguments("header length above the 100 MB cap", file(100_000_001L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]),
                        "header length 100000001 bytes exceeds the cap of 100000000 bytes"),
                arguments("header length 2^64 - 1", file(-1L, new byte[0], new byte[0]),
                        "header length 18446744073709551615 bytes exceeds the cap"),
                arguments("header length 2^63", file(Long.MIN_VALUE, new byte[0], new byte[0]),
                        "header length 9223372036854775808 bytes exceeds the cap"),
                arguments("header length beyond the file", file(99_999_999L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]),
                        "header length 99999999 bytes goes beyond the end of the file (2 bytes follow the length field)"),
                arguments("header length one past the file", file(3, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]),
                        "goes beyond the end of the file"),
                // ---- UTF-8 and JSON syntax
                arguments("invalid UTF-8", file(utf8Bad.length, utf8Bad, new byte[0]), "header is not valid UTF-8 (bad byte sequence at header byte 5)"),
                arguments("overlong UTF-8", file(overlong.length, overlong, new byte[0]), "header is not valid UTF-8"),
                arguments("UTF-8-encoded surrogate", file(surrogateUtf8.length, surrogateUtf8, new byte[0]), "header is not valid UTF-8"),
                arguments("empty header", file("", 0), "header is not a JSON object"),
                arguments("header is an array", file("[]", 0), "header is not a JSON object"),
                arguments("header is a string", file("\"{}\"", 0), "header is not a JSON object"),
                arguments("truncated JSON", file("{\"a\":{\"dtype\":\"F32\"", 0), "header is not valid JSON"),
                arguments("comment", file("{/* hi */}", 0), "header is not valid JSON"),
                arguments("NaN", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,0]}}", 0), "header is not valid JSON"),
                arguments("single quotes", file("{'a':1}", 0), "header is not valid JSON"),
                arguments("trailing comma", file("{" + A + ",}", 8), "header is not valid JSON"),
                arguments("leading zero", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[02],\"data_offsets\":[0,8]}}", 8), "header is not valid JSON"),
                arguments("byte order mark", file("\uFEFF{}", 0), "header is not valid JSON: Unexpected character"),
                arguments("NUL padding", file("{}\0\0\0\0\0\0", 0), "header is not valid JSON"),
                arguments("trailing object", file("{}{}", 0), "trailing content after the header's JSON object"),
                arguments("duplicate tensor name", file("{" + A + "," + A + "}", 8), "duplicate key 'a' in the header (tensor names must be unique)"),
                arguments("duplicate field", file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                        "header is not valid JSON: Duplicate field 'dtype'"),
                arguments("lone surrogate escape in a name", file("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0),
                        "tensor name contains an unpaired surrogate"),
                // ---- entry types
                arguments("entry is a number", file("{\"a\":3}", 0), "tensor 'a' is not an object but number"),
                arguments("entry is null", file("{\"a\":null}", 0), "tensor 'a' is not an object but null"),
                arguments("missing dtype", file("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a' has no \"dtype\""),
                arguments("missing shape", file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8), "tensor 'a' has no \"shape\""),
                arguments("missing data_offsets", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "tensor 'a' has no \"data_offsets\""),
                arguments("unknown field", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"strides\":[1]}}", 8),
                        "tensor 'a' has an unknown field 'strides' (expected dtype, shape, data_offsets)"),
                arguments("dtype not a string", file("{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a': dtype is not a string but number"),
                arguments("unknown dtype", file("{" + entry("a", "F33", "[2]", 0, 8) + "}", 8), "tensor 'a': unknown dtype 'F33'"),
                arguments("lower-case dtype", file("{" + entry("a", "f32", "[2]", 0, 8) + "}", 8), "tensor 'a': unknown dtype 'f32'"),
                arguments("unsupported dtype", file("{" + entry("a", "F8_E4M3", "[8]", 0, 8) + "}", 8), "tensor 'a': unsupported dtype F8_E4M3"),
                arguments("metadata not an object", file("{\"__metadata__\":[\"x\"]}", 0), "\"__metadata__\" is not an object of strings but array"),
                arguments("metadata value not a string", file("{\"__metadata__\":{\"epoch\":3}}", 0), "\"__metadata__\" value of 'epoch' is not a string but number"),
                // ---- shape
                arguments("shape not an array", file("{" + entry("a", "F32", "2", 0, 8) + "}", 8), "tensor 'a': shape is not an array but number"),
                arguments("fractional dimension", file("{" + entry("a", "F32", "[2.0]", 0, 8) + "}", 8), "tensor 'a': shape[0] is not an integer but number"),
                arguments("string dimension", file("{" + entry("a", "F32", "[\"2\"]", 0, 8) + "}", 8), "tensor 'a': shape[0] is not an integer but string"),
                arguments("negative dimension", file("{" + entry("a", "F32", "[2,-1]", 0, 8) + "}", 8), "tensor 'a': shape[1] = -1 is negative"),
                arguments("dimension beyond 64 bits", file("{" + entry("a", "F32", "[18446744073709551616]", 0, 8) + "}", 8),
                        "tensor 'a': shape[0] = 18446744073709551616 overflows 64 bits"),
                arguments("shape product overflows", file("{" + entry("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8),
                        "tensor 'a': shape [4294967296, 4294967296] overflows 64-bit element/byte counts"),
                arguments("byte count overflows", file("{" + entry("a", "F64", "[2305843009213693952]", 0, 8) + "}", 8),
                        "tensor 'a': shape [2305843009213693952] overflows 64-bit element/byte counts"),
                // ---- data_offsets
                arguments("offsets not an array", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":8}}", 8), "tensor 'a': data_offsets is not an array but number"),
                arguments("three offsets", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8), "tensor 'a': data_offsets must be [begin, end], got 3 numbers"),
                arguments("one offset", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", 8), "tensor 'a': data_offsets must be [begin, end], got 1 numbers"),
                arguments("negative offset", file("{" + entry("a", "F32", "[2]", -8, 0) + "}", 8), "tensor 'a': data_offsets[0] = -8 is negative"),
                arguments("fractional offset", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]}}", 8), "tensor 'a': data_offsets[1] is not an integer"),
                arguments("begin > end", file("{" + entry("a", "F32", "[0]", 8, 0) + "}", 8), "tensor 'a': data_offsets [8, 0] have begin > end"),
                arguments("end beyond the data", file("{" + entry("a", "F32", "[2]", 0, 8) + "}", 4), "tensor 'a': data_offsets [0, 8] go beyond the data section (4 bytes)"),
                arguments("gigabyte tensor in a small file", file("{" + entry("a", "F64", "[1000000000,1000]", 0, 8_000_000_000_000L) + "}", 8),
                        "tensor 'a': data_offsets [0, 8000000000000] go beyond the data section (8 bytes)"),
                // ---- shape x dtype vs byte range
                arguments("range too short for the shape", file("{" + entry("a", "F32", "[3]", 0, 8) + "}", 8),
                        "tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] cover 8"),
                arguments("range too long for the shape", file("{" + entry("a", "F64", "[2]", 0, 8) + "}", 8),
                        "tensor 'a': shape [2] of F64 needs 16 bytes but data_offsets [0, 8] cover 8"),
                // ---- coverage of the data section
                arguments("overlapping tensors", file("{" + A + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
                        "tensor 'b' data_offsets [4, 12] overlap tensor 'a' [0, 8]"),
                arguments("same range twice", file("{" + A + "," + entry("b", "F32", "[2]", 0, 8) + "}", 8),
                        "tensor 'b' data_offsets [0, 8] overlap tensor 'a' [0, 8]"),
                arguments("gap between tensors", file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
                        "bytes [4, 8) of the data section belong to no tensor (gap before tensor 'b')"),
                arguments("data not starting at 0", file("{" + entry("a", "F32", "[1]", 4, 8) + "}", 8),
                        "bytes [0, 4) of the data section belong to no tensor (gap before tensor 'a')"),
                arguments("trailing data bytes", file("{" + A + "}", 12),
                        "the data section has 12 bytes but the tensors cover only 8 (trailing bytes [8, 12) belong to no tensor)"),
                arguments("data but no tensors", file("{}", 4), "the data section has 4 bytes but the tensors cover only 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithFileAndFault(String description, byte[] bytes, String fault) {
        assertThatThrownBy(() -> Safetensors.read(bytes, SOURCE))
                .as(description)
                .isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(SOURCE + ": ")
                .hasMessageContaining(fault)
                .satisfies(e -> assertThat(((MalformedFileException) e).file()).isEqualTo(SOURCE));
    }

    @Test
    void hugeDeclaredSizesAreRejectedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] hugeHeader = file(99_999_999L, new byte[16], new byte[0]);
        byte[] hugeTensor = file("{" + entry("a", "F64", "[1000000000,1000]", 0, 8_000_000_000_000L) + "}", 8);
        byte[] fullArray = file("{" + entry("a", "F64", "[268435455]", 0, 2_147_483_640L) + "}", 8);
        for (byte[] bytes : new byte[][] {hugeHeader, hugeTensor, fullArray}) {
            Safetensors.read(SafetensorsBytes.file("{}", 0), "warm-up");
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThatThrownBy(() -> Safetensors.read(bytes, SOURCE)).isInstanceOf(MalformedFileException.class);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated rejecting a file of %d bytes", bytes.length).isLessThan(1_000_000L);
        }
    }

    @Test
    void pathInTheMessage(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("model.safetensors");
        Files.write(p, file("{" + A + "}", 4));
        assertThatThrownBy(() -> Safetensors.read(p))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage(p + ": tensor 'a': data_offsets [0, 8] go beyond the data section (4 bytes)");
    }

    @Test
    void truncatedFileOnDisk(@TempDir Path dir) throws Exception {
        byte[] good = file("{" + A + "}", f32(1f, 2f));
        Path p = dir.resolve("cut.safetensors");
        for (int cut = 0; cut < good.length; cut++) {
            Files.write(p, java.util.Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> Safetensors.read(p))
                    .isInstanceOf(MalformedFileException.class)
                    .hasMessageStartingWith(p + ": ");
        }
        Files.write(p, good);
        assertThat(Safetensors.read(p).tensors().get("a").data()).containsExactly(1.0, 2.0);
    }
}

package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.io.MalformedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @Test
    void readsRawImagesByteForByte() {
        byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 255, 7, 8, 9, 10};
        Idx.Images im = Idx.readImages("x", IdxBytes.images(2, 2, 3, pixels));
        assertThat(im.count()).isEqualTo(2);
        assertThat(im.rows()).isEqualTo(2);
        assertThat(im.cols()).isEqualTo(3);
        assertThat(im.pixels()).containsExactly(pixels);
        // unsigned reading: byte 0xfa is pixel 250 of image 1, row 0, column 0; 0xff of image 1, row 0, column 1
        assertThat(im.pixels()[(1 * 2 + 0) * 3 + 0] & 0xff).isEqualTo(250);
        assertThat(im.pixels()[(1 * 2 + 0) * 3 + 1] & 0xff).isEqualTo(255);
    }

    @Test
    void gzipAndRawGiveTheSameResult() {
        byte[] raw = IdxBytes.images(5, 4, 3);
        Idx.Images a = Idx.readImages("raw", raw);
        Idx.Images b = Idx.readImages("gz", IdxBytes.gzip(raw));
        assertThat(b.pixels()).containsExactly(a.pixels());
        assertThat(Idx.readLabels("gz", IdxBytes.gzip(IdxBytes.labels(3, 1, 255)))).containsExactly(3, 1, 255);
        assertThat(Idx.readLabels("raw", IdxBytes.labels(3, 1, 255))).containsExactly(3, 1, 255);
    }

    @Test
    void readsFilesRawAndGzip(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("im");
        Path gz = dir.resolve("im.gz");
        Files.write(raw, IdxBytes.images(3, 2, 2));
        Files.write(gz, IdxBytes.gzip(IdxBytes.images(3, 2, 2)));
        assertThat(Idx.readImages(gz).pixels()).containsExactly(Idx.readImages(raw).pixels());
        assertThat(Idx.readImages(raw).count()).isEqualTo(3);
    }

    @Test
    void emptyFileIsATruncatedHeader() {
        assertThatThrownBy(() -> Idx.readImages("empty.idx", new byte[0]))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("empty.idx: truncated header: 0 bytes, expected 16");
    }

    @Test
    void badMagicIsNamedWithTheFile() {
        byte[] b = IdxBytes.images(1, 2, 2);
        b[3] = 0x04;
        assertThatThrownBy(() -> Idx.readImages("train-images-idx3-ubyte", b))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("train-images-idx3-ubyte: bad magic number 0x00000804, expected 0x00000803");
    }

    @Test
    void labelFileGivenAsImagesSaysSo() {
        assertThatThrownBy(() -> Idx.readImages("l", IdxBytes.labels(1, 2)))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("bad magic number 0x00000801, expected 0x00000803 (this is a label file)");
        assertThatThrownBy(() -> Idx.readLabels("i", IdxBytes.images(1, 1, 1)))
                .hasMessageContaining("(this is an image file)");
    }

    @Test
    void truncatedHeaderAfterTheMagic() {
        byte[] b = Arrays.copyOf(IdxBytes.images(1, 2, 2), 10);
        assertThatThrownBy(() -> Idx.readImages("t", b)).isInstanceOf(MalformedFileException.class)
                .hasMessage("t: truncated header: 10 bytes, expected 16");
    }

    @Test
    void truncatedDataRawAndGzip() {
        byte[] full = IdxBytes.images(2, 3, 3);
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        assertThatThrownBy(() -> Idx.readImages("raw", cut)).isInstanceOf(MalformedFileException.class)
                .hasMessage("raw: truncated data: the header declares 18 data bytes, the file holds 13");
        assertThatThrownBy(() -> Idx.readImages("gz", IdxBytes.gzip(cut))).isInstanceOf(MalformedFileException.class)
                .hasMessage("gz: truncated data: the header declares images 2 x 3 x 3 = 18 bytes, only 13 present");
        assertThatThrownBy(() -> Idx.readLabels("lab", IdxBytes.gzip(Arrays.copyOf(IdxBytes.labels(1, 2, 3), 10))))
                .hasMessage("lab: truncated data: the header declares 3 labels = 3 bytes, only 2 present");
    }

    @Test
    void bytesAfterTheDataAreAnError() {
        byte[] full = IdxBytes.images(1, 2, 2);
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        assertThatThrownBy(() -> Idx.readImages("raw", longer)).isInstanceOf(MalformedFileException.class)
                .hasMessage("raw: 3 bytes after the 4 declared data bytes");
        assertThatThrownBy(() -> Idx.readImages("gz", IdxBytes.gzip(longer))).isInstanceOf(MalformedFileException.class)
                .hasMessage("gz: bytes after the 4 declared data bytes");
    }

    @Test
    void badDimensions() {
        assertThatThrownBy(() -> Idx.readImages("neg", IdxBytes.images(-1, 2, 2, new byte[0])))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("neg: bad dimensions -1 x 2 x 2");
        assertThatThrownBy(() -> Idx.readImages("zero", IdxBytes.images(1, 0, 2, new byte[0])))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("bad dimensions 1 x 0 x 2");
        assertThatThrownBy(() -> Idx.readImages("huge", IdxBytes.images(100_000, 1000, 1000, new byte[0])))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("bad dimensions 100000 x 1000 x 1000: 100000000000 bytes exceed the limit");
        // N * rows * cols overflows a long (found by the fuzzer): still a clean error
        int big = Integer.MAX_VALUE;
        assertThatThrownBy(() -> Idx.readImages("ovf", IdxBytes.images(big, big, big, new byte[0])))
                .isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("ovf: bad dimensions 2147483647 x 2147483647 x 2147483647: more than 2^62 bytes exceed the limit");
        assertThatThrownBy(() -> Idx.readImages("ovf2", IdxBytes.images(1 << 20, 1 << 20, 1 << 23, new byte[0])))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("bad dimensions");
        byte[] negLabels = ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(-7).array();
        assertThatThrownBy(() -> Idx.readLabels("nl", negLabels)).hasMessage("nl: bad dimensions: negative label count -7");
    }

    @Test
    void zeroImagesIsAValidEmptyFile() {
        Idx.Images im = Idx.readImages("none", IdxBytes.images(0, 28, 28, new byte[0]));
        assertThat(im.count()).isZero();
        assertThat(im.pixels()).isEmpty();
    }

    @Test
    void corruptAndTruncatedGzip() {
        byte[] gz = IdxBytes.gzip(IdxBytes.images(4, 5, 5));
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
        assertThatThrownBy(() -> Idx.readImages("crc.gz", crc)).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith("crc.gz: corrupt gzip data");
        byte[] cut = Arrays.copyOf(gz, gz.length - 4);
        assertThatThrownBy(() -> Idx.readImages("cut.gz", cut)).isInstanceOf(MalformedFileException.class)
                .hasMessage("cut.gz: truncated gzip stream");
        byte[] method = gz.clone();
        method[2] = 7; // compression method other than deflate
        assertThatThrownBy(() -> Idx.readImages("m.gz", method)).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith("m.gz: corrupt gzip data");
    }

    @Test
    void hugeDeclaredSizeIsRejectedWithoutAllocatingIt() {
        // 2,000,000 images of 32 x 32 = 2.05e9 bytes declared, 10 bytes present
        byte[] raw = IdxBytes.images(2_000_000, 32, 32, new byte[10]);
        byte[] gz = IdxBytes.gzip(raw);
        for (byte[] input : new byte[][] {raw, gz}) {
            long before = IdxBytes.allocatedBytes();
            assertThatThrownBy(() -> Idx.readImages("bomb", input)).isInstanceOf(MalformedFileException.class)
                    .hasMessageContaining("truncated data");
            assertThat(IdxBytes.allocatedBytes() - before).isLessThan(1 << 20);
        }
    }

    @Test
    void hugeDeclaredSizeInAFileIsCheckedAgainstTheFileSize(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big-idx3");
        Files.write(f, IdxBytes.images(60_000, 28, 28, new byte[100]));
        long before = IdxBytes.allocatedBytes();
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(MalformedFileException.class)
                .hasMessage(f + ": truncated data: the header declares 47040000 data bytes, the file holds 100");
        assertThat(IdxBytes.allocatedBytes() - before).isLessThan(1 << 20);
    }
}

package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.MalformedFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No pair of data files makes {@link Datasets#pair} allocate more than a small multiple of what their data needs.
 * Crafted headers claim up to 3,000,000 images of up to 64 x 64 and up to 3,000,000 labels, over payloads that hold
 * all, part or none of what they claim (up to 4 MB), raw or gzip, the gzip files padded with ignored bytes up to
 * 3 MB so that their size does not give the claim away. The bytes the call allocates (HotSpot's per-thread counter)
 * must stay within {@code 2 MiB + 12 x usable}, where usable is the data present that a consistent pair of headers
 * describes: nothing when image and label counts differ, else the pixels and labels present, up to the claim. A
 * data set read in full takes about 10 bytes per pixel (the bytes while they arrive, doubles) and 6 per label.
 */
class DataMemoryBoundProperties {
    private static final long SLACK = 2L << 20;
    private static Path dir;

    @BeforeContainer
    static void folderAndWarmUp() throws IOException {
        dir = Files.createTempDirectory("data-memory-bound");
        // class loading on the first reads allocates megabytes that are not the reader's doing
        for (long seed = 0; seed < 30; seed++) {
            try {
                load(Pair.draw(new Random(seed)));
            } catch (Refused expected) {
                // the outcome is checked in the property
            }
        }
    }

    @AfterContainer
    static void removeFolder() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void allocationStaysWithinASmallMultipleOfTheUsableData(@ForAll long seed) {
        Pair p = Pair.draw(new Random(seed));
        long[] allocated = new long[1];
        boolean loaded;
        try {
            allocated[0] = load(p);
            loaded = true;
        } catch (Refused r) {
            allocated[0] = r.allocated;
            loaded = false;
        }
        assertThat(allocated[0]).as("%s (%s) allocated", p, loaded ? "loaded" : "refused").isLessThanOrEqualTo(SLACK + 12 * p.usable());
    }

    /** A 50,000,000-label gzip of 50 kB beside a file of 4 images is refused from the headers, its payload never read. */
    @Example
    void aHugeLabelFileBesideAFewImagesIsRefusedBeforeItsPayloadIsRead() {
        Pair p = new Pair(4, 28, 28, 4L * 784, 50_000_000, 50_000_000, true, true, 0);
        Refused r = refused(p);
        assertThat(r.getCause()).hasMessageContaining("holds 50000000 labels but").hasMessageContaining("holds 4 images");
        assertThat(r.allocated).isLessThan(SLACK);
    }

    /** 2,700,000 images of 28 x 28 claimed by 2 MB files: refused (the heap, or the missing data) without allocating the claim. */
    @Example
    void millionsOfImagesClaimedBySmallFilesAreRefusedWithoutAllocatingThem() {
        Pair p = new Pair(2_700_000, 28, 28, 1000, 2_700_000, 1000, true, true, 2_100_000);
        assertThat(refused(p).allocated).isLessThan(SLACK);
    }

    // ---------------------------------------------------------------- the crafted files

    /**
     * An image file claiming {@code images x rows x cols} with {@code pixels} payload bytes present, and a label
     * file claiming {@code labels} with {@code labelBytes} present; {@code padding} ignored bytes after a gzip member.
     */
    record Pair(int images, int rows, int cols, long pixels, int labels, long labelBytes, boolean gzipImages, boolean gzipLabels, int padding) {
        static Pair draw(Random r) {
            int rows = 1 + r.nextInt(r.nextBoolean() ? 64 : 28), cols = 1 + r.nextInt(r.nextBoolean() ? 64 : 28);
            int images = r.nextInt(4) == 0 ? r.nextInt(3_000_000) : r.nextInt(2000);
            int labels = r.nextInt(3) == 0 ? (r.nextBoolean() ? r.nextInt(3_000_000) : r.nextInt(2000)) : images;
            long claimed = (long) images * rows * cols;
            long pixels = Math.min(4_000_000, r.nextInt(3) == 0 ? (long) (r.nextDouble() * claimed) : claimed);
            long labelBytes = Math.min(4_000_000, r.nextInt(4) == 0 ? r.nextInt(labels + 1) : labels);
            return new Pair(images, rows, cols, pixels, labels, labelBytes, r.nextBoolean(), r.nextBoolean(), r.nextInt(3) == 0 ? r.nextInt(3_000_000) : 0);
        }

        /** The data present that consistent headers describe, in bytes: 0 when the counts differ. */
        long usable() {
            if (images != labels) return 0;
            return Math.min(pixels, (long) images * rows * cols) + Math.min(labelBytes, labels);
        }
    }

    /** A refused pair and what the refusal cost. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long allocated;

        Refused(MalformedFileException cause, long allocated) {
            super(cause);
            this.allocated = allocated;
        }
    }

    private static Refused refused(Pair p) {
        try {
            load(p);
        } catch (Refused r) {
            return r;
        }
        throw new AssertionError(p + " was loaded");
    }

    /** Writes the pair, loads it; returns the bytes the load allocated, or throws {@link Refused} with them. */
    private static long load(Pair p) {
        Path images = dir.resolve("images" + (p.gzipImages() ? ".gz" : "")), labels = dir.resolve("labels" + (p.gzipLabels() ? ".gz" : ""));
        try {
            Files.write(images, file(ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(p.images()).putInt(p.rows()).putInt(p.cols()).array(),
                    p.pixels(), p.gzipImages(), p.padding()));
            Files.write(labels, file(ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(p.labels()).array(), p.labelBytes(), p.gzipLabels(), p.padding()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long before = IdxBytes.allocatedBytes();
        try {
            Datasets.pair("crafted", images, labels);
        } catch (MalformedFileException e) {
            throw new Refused(e, IdxBytes.allocatedBytes() - before);
        }
        return IdxBytes.allocatedBytes() - before;
    }

    /** A header and {@code payload} zero bytes (pixel or label 0), raw, or gzip followed by {@code padding} bytes. */
    private static byte[] file(byte[] header, long payload, boolean gzip, int padding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 16];
        if (!gzip) {
            out.write(header);
            for (long left = payload; left > 0; left -= zeros.length) out.write(zeros, 0, (int) Math.min(zeros.length, left));
            return out.toByteArray();
        }
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
            for (long left = payload; left > 0; left -= zeros.length) gz.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
        out.write(new byte[padding]);
        return out.toByteArray();
    }
}

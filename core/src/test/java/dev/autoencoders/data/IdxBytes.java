package dev.autoencoders.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files in memory for the tests. */
final class IdxBytes {
    private IdxBytes() {}

    /** An image file: magic 0x803, n, rows, cols, then the pixels. */
    static byte[] images(int n, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(Idx.IMAGES_MAGIC).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    /** An image file whose pixel k is {@code (k * 37 + 11) mod 256}. */
    static byte[] images(int n, int rows, int cols) {
        byte[] p = new byte[n * rows * cols];
        for (int k = 0; k < p.length; k++) p[k] = (byte) (k * 37 + 11);
        return images(n, rows, cols, p);
    }

    /** A label file: magic 0x801, n, then the labels. */
    static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(Idx.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bytes allocated by the current thread so far (HotSpot's per-thread counter). */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}

package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.random.Rng;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the IDX reader: 10,000 inputs made from small valid files (raw and gzip) by bit flips, truncations,
 * extensions, overwritten header fields, random bytes, and mutated files re-compressed. Each input is read as
 * images and as labels; each read either succeeds or throws {@link MalformedFileException}, within a time cap
 * and an allocation bound (a huge declared size must not be allocated).
 */
class IdxFuzzProperties {
    private static final byte[] IMAGES = IdxBytes.images(3, 4, 5);
    private static final byte[] LABELS = IdxBytes.labels(7, 0, 255, 3);
    private static final byte[][] SEEDS = {IMAGES, LABELS, IdxBytes.gzip(IMAGES), IdxBytes.gzip(LABELS)};
    /** No input here may cost more than this many allocated bytes (inputs are < 200 bytes; 1032x is deflate's limit). */
    private static final long ALLOCATION_BOUND = 4L << 20;

    static {
        // warm-up: class loading on the first reads allocates megabytes that are not the reader's doing
        Rng rng = new Rng(-1);
        for (int i = 0; i < 400; i++) {
            byte[] input = mutate(mutationKind(i % 8), rng);
            for (int part = 0; part < 2; part++) {
                try {
                    if (part == 0) Idx.readImages("warm-up", input);
                    else Idx.readLabels("warm-up", input);
                } catch (MalformedFileException expected) {
                    // the outcome is checked in the property
                }
            }
        }
    }

    @Property(tries = 10_000, shrinking = ShrinkingMode.OFF)
    void everyInputParsesOrIsReportedAsMalformed(@ForAll long seed) throws Exception {
        Rng rng = new Rng(seed);
        String kind = mutationKind(rng.nextInt(8));
        byte[] input = mutate(kind, rng);
        String hex = HexFormat.of().formatHex(input);
        String images = readSafely(() -> Idx.readImages("fuzz", input), hex);
        String labels = readSafely(() -> Idx.readLabels("fuzz", input), hex);
        Statistics.label("mutation").collect(kind);
        Statistics.label("images").collect(images);
        Statistics.label("labels").collect(labels);
        Statistics.label("images").coverage(c -> {
            c.check("parsed").percentage(p -> p > 3);
            c.check("malformed").percentage(p -> p > 50);
        });
    }

    /** One worker thread for all reads, so that a read that hangs can be abandoned after its time cap. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "idx-fuzz");
        t.setDaemon(true);
        return t;
    });

    /** Runs one read under a 2 s cap and the allocation bound; "parsed" or "malformed"; anything else fails. */
    private static String readSafely(Runnable read, String hex) throws Exception {
        Future<Object[]> result = WORKER.submit(() -> {
            long before = IdxBytes.allocatedBytes();
            Throwable thrown = null;
            try {
                read.run();
            } catch (Throwable t) {
                thrown = t;
            }
            return new Object[] {IdxBytes.allocatedBytes() - before, thrown};
        });
        Object[] r;
        try {
            r = result.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("reading took more than 2 s: input " + hex);
        }
        assertThat((Long) r[0]).as("bytes allocated for input %s", hex).isLessThan(ALLOCATION_BOUND);
        Throwable thrown = (Throwable) r[1];
        if (thrown == null) return "parsed";
        if (!(thrown instanceof MalformedFileException)) throw new AssertionError("input " + hex + " threw " + thrown, thrown);
        assertThat(thrown.getMessage()).as("input %s", hex).startsWith("fuzz: ");
        return "malformed";
    }

    private static String mutationKind(int k) {
        return new String[] {"valid", "bit flips", "truncation", "extension", "header field", "random bytes", "mutated then gzip", "gzip bit flips"}[k];
    }

    private static byte[] mutate(String kind, Rng rng) {
        byte[] seed = SEEDS[rng.nextInt(SEEDS.length)];
        byte[] raw = rng.bernoulli(0.5) ? IMAGES : LABELS;
        switch (kind) {
            case "valid":
                return seed.clone();
            case "bit flips":
                return flips(seed, rng);
            case "truncation":
                return Arrays.copyOf(seed, rng.nextInt(seed.length));
            case "extension":
                return extend(seed, rng);
            case "header field":
                return headerField(raw, rng);
            case "random bytes": {
                byte[] b = new byte[rng.nextInt(129)];
                for (int i = 0; i < b.length; i++) b[i] = (byte) rng.nextInt(256);
                if (b.length >= 2 && rng.bernoulli(0.5)) {
                    b[0] = 0x1f;
                    b[1] = (byte) 0x8b;
                }
                return b;
            }
            case "mutated then gzip": {
                int how = rng.nextInt(4);
                byte[] m = how == 0 ? flips(raw, rng) : how == 1 ? Arrays.copyOf(raw, rng.nextInt(raw.length)) : how == 2 ? extend(raw, rng) : headerField(raw, rng);
                return IdxBytes.gzip(m);
            }
            default: // gzip bit flips
                return flips(SEEDS[2 + rng.nextInt(2)], rng);
        }
    }

    private static byte[] flips(byte[] b, Rng rng) {
        byte[] m = b.clone();
        int k = 1 + rng.nextInt(8);
        for (int i = 0; i < k; i++) {
            int bit = rng.nextInt(m.length * 8);
            m[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return m;
    }

    private static byte[] extend(byte[] b, Rng rng) {
        byte[] m = Arrays.copyOf(b, b.length + 1 + rng.nextInt(64));
        for (int i = b.length; i < m.length; i++) m[i] = (byte) rng.nextInt(256);
        return m;
    }

    /** One of the header's 4-byte fields set to a random, huge, negative or zero value. */
    private static byte[] headerField(byte[] raw, Rng rng) {
        byte[] m = raw.clone();
        int fields = raw == IMAGES ? 4 : 2;
        int[] values = {(int) rng.nextLong(), Integer.MAX_VALUE, -1, 0, 60_000, 1 << 20};
        ByteBuffer.wrap(m).putInt(4 * rng.nextInt(fields), values[rng.nextInt(values.length)]);
        return m;
    }
}

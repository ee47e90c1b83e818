package dev.autoencoders.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.SafetensorsFuzzInputs.Input;
import dev.autoencoders.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the safetensors reader: 10,000 random and mutated inputs ({@link SafetensorsFuzzInputs}: bit flips, byte
 * changes, truncations, extensions, header-length edits, JSON edits of small valid files, random bytes). Each input
 * either reads or is rejected with {@link MalformedFileException}; nothing else is thrown (no other
 * RuntimeException, no Error such as OutOfMemoryError or StackOverflowError); no input takes more than
 * {@link #TIME_CAP_MS} ms (the read runs on a worker thread, so that a hang fails the property instead of blocking
 * it); and none allocates more than {@link #allocationCap(int)} bytes, so a declared gigabyte header or tensor is
 * rejected before anything that size is allocated. Fixed seed: the same 10,000 inputs on every run (~1.5 s).
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

    /** The reads run here, so that a hang can be detected and each read's allocations measured alone. */
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "safetensors-fuzz");
        t.setDaemon(true);
        return t;
    });

    private static final List<byte[]> SEEDS = SafetensorsFuzzInputs.seeds();
    private static long maxAllocated;
    private static int maxAllocatedInputLength;

    /**
     * Warm-up on the worker: every fault path runs once (class loading and the first run of each string
     * concatenation allocate a few hundred KB, once per JVM), so that the cap measures the reading itself.
     * (Not in a static initializer: the worker would wait for this class's initialization, which waits for it.)
     */
    @BeforeContainer
    static void warmUp() throws InterruptedException, ExecutionException {
        WORKER.submit(() -> {
            SafetensorsRejectionTest.malformed().forEach(a -> read((byte[]) a.get()[1]));
            for (byte[] s : SEEDS) {
                read(s);
                read(Arrays.copyOf(s, s.length - 1));
                read(Arrays.copyOf(s, 12));
            }
        }).get();
    }

    /** What reading one input did. */
    private record Outcome(String kind, Throwable unexpected, long allocated, long nanos) {}

    @Provide
    Arbitrary<Input> inputs() {
        return SafetensorsFuzzInputs.inputs(SEEDS);
    }

    @Property(tries = 10_000, seed = "20240611")
    void everyInputReadsOrIsRejectedCleanly(@ForAll("inputs") Input input) throws InterruptedException {
        Future<Outcome> future = WORKER.submit(() -> read(input.bytes()));
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

    @Example
    void seedsAreValidFiles() {
        assertThat(SEEDS).hasSize(9);
        for (byte[] b : SEEDS) assertThat(read(b).kind()).isEqualTo("read");
    }

    @AfterContainer
    static void report() {
        System.out.println("safetensors fuzz: most bytes allocated for one input: " + maxAllocated
                + " (input of " + maxAllocatedInputLength + " bytes)");
    }

    /** Reads {@code bytes} on the calling thread, classifying the result and measuring time and allocation. */
    private static Outcome read(byte[] bytes) {
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
}

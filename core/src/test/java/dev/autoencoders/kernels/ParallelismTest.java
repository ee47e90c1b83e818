package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelismTest {
    private final int threadsBefore = Parallelism.threads();

    @AfterEach
    void restore() {
        Parallelism.setThreads(threadsBefore);
    }

    @Test
    void defaultIsTheProcessorCountCapped() {
        assertThat(Parallelism.defaultThreads())
                .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), Parallelism.DEFAULT_CAP));
    }

    @Test
    void threadCountOutsideItsRangeIsRejected() {
        assertThatThrownBy(() -> Parallelism.setThreads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> Parallelism.setThreads(Parallelism.MAX_THREADS + 1)).isInstanceOf(IllegalArgumentException.class);
        Parallelism.setThreads(3);
        assertThat(Parallelism.threads()).isEqualTo(3);
    }

    @Test
    void everyPartRunsExactlyOnceAndOthersOnPoolThreads() throws InterruptedException {
        Parallelism.setThreads(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(7);
        Thread[] where = new Thread[7];
        CountDownLatch onWorker = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Parallelism.run(7, t -> {
            runs.incrementAndGet(t);
            where[t] = Thread.currentThread();
            // part 0 (the caller's) holds on until a worker has run a part: the others cannot all end up on the caller
            if (t == 0) await(onWorker);
            else if (Thread.currentThread() != caller) onWorker.countDown();
        });
        for (int t = 0; t < 7; t++) assertThat(runs.get(t)).isEqualTo(1);
        assertThat(where[0]).isSameAs(Thread.currentThread());
        assertThat(onWorker.getCount()).as("a worker ran a part while the caller ran part 0").isZero();
        assertThat(Arrays.stream(where).filter(w -> w != Thread.currentThread())).allMatch(Thread::isDaemon);
    }

    /** Waits for the latch, at most 10 s (a missing worker then shows as a failed assertion, not a hung build). */
    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Part 0 holds on until part 1 has run on another thread; true when it did within 10 s. */
    private static boolean partOneRunsOnAWorker() {
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Parallelism.run(2, t -> {
            if (t == 0) await(done);
            else if (Thread.currentThread() != caller) done.countDown();
        });
        return done.getCount() == 0;
    }

    @Test
    void aParkedWorkerIsWokenByTheNextJob() throws InterruptedException {
        Parallelism.setThreads(2);
        assertThat(partOneRunsOnAWorker()).isTrue();
        // idle for far longer than a worker spins: it parks, and the next job must wake it
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Parallelism.SPIN_NANOS) + 50);
        for (int i = 0; i < 3; i++) {
            assertThat(partOneRunsOnAWorker()).as("job %d after the pause", i).isTrue();
            Thread.sleep(20);
        }
    }

    @Test
    void manySmallJobsInARowEachRunEveryPartOnce() {
        Parallelism.setThreads(3);
        long[] sums = new long[3];
        for (int job = 0; job < 20_000; job++) {
            int j = job;
            Parallelism.run(3, t -> sums[t] += j + t);
        }
        long n = 20_000, base = n * (n - 1) / 2;
        assertThat(sums).containsExactly(base, base + n, base + 2 * n);
    }

    @Test
    void twoCallersAtOnceBothGetEveryPartRunOnce() throws Exception {
        Parallelism.setThreads(2);
        int jobs = 2_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(2 * jobs * 4);
        Runnable caller0 = () -> { for (int j = 0; j < jobs; j++) { int base = j * 4; Parallelism.run(4, t -> runs.incrementAndGet(base + t)); } };
        Runnable caller1 = () -> { for (int j = 0; j < jobs; j++) { int base = (jobs + j) * 4; Parallelism.run(4, t -> runs.incrementAndGet(base + t)); } };
        Thread other = new Thread(caller1);
        other.start();
        caller0.run();
        other.join(30_000);
        assertThat(other.isAlive()).isFalse();
        for (int i = 0; i < runs.length(); i++) assertThat(runs.get(i)).as("part %d", i).isEqualTo(1);
    }

    @Test
    void anInterruptedCallerStillWaitsForThePartsAndKeepsItsInterrupt() {
        Parallelism.setThreads(2);
        AtomicIntegerArray finished = new AtomicIntegerArray(2);
        Thread caller = Thread.currentThread();
        Parallelism.run(2, t -> {
            if (t == 0) {
                Thread.currentThread().interrupt();
            } else if (Thread.currentThread() != caller) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                while (System.nanoTime() < end) Thread.onSpinWait(); // longer than the caller spins before it parks
            }
            finished.set(t, 1);
        });
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(finished.get(0) + finished.get(1)).isEqualTo(2);
    }

    @Test
    void aNewThreadCountReplacesTheWorkersAndTheOldOnesEnd() throws InterruptedException {
        Parallelism.setThreads(4);
        Parallelism.run(4, t -> { });
        Parallelism.setThreads(2);
        assertThat(partOneRunsOnAWorker()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (liveWorkers() > 1 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(liveWorkers()).as("the workers of 4 threads ended, one of 2 threads is left").isEqualTo(1);
    }

    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("kernel-worker-") && t.isAlive()).count();
    }

    @Test
    void oneThreadRunsEverythingOnTheCaller() {
        Parallelism.setThreads(1);
        Thread[] where = new Thread[3];
        Parallelism.run(3, t -> where[t] = Thread.currentThread());
        assertThat(where).containsOnly(Thread.currentThread());
    }

    @Test
    void aFailingPartIsRethrownAfterAllPartsFinished() {
        Parallelism.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        assertThatThrownBy(() -> Parallelism.run(4, t -> {
            runs.incrementAndGet(t);
            if (t == 2) throw new IllegalStateException("part 2 failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("part 2 failed");
        for (int t = 0; t < 4; t++) assertThat(runs.get(t)).isEqualTo(1);
        // the worker that ran it lives on
        assertThat(partOneRunsOnAWorker()).isTrue();
    }

    @Test
    void nestedRunsOnPoolThreadsRunSeriallyInsteadOfDeadlocking() {
        Parallelism.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Parallelism.run(2, outer -> Parallelism.run(2, inner -> runs.incrementAndGet(outer * 2 + inner)));
        for (int t = 0; t < 4; t++) assertThat(runs.get(t)).isEqualTo(1);
    }

    /**
     * A product above the work threshold, through the public entry point: 1, 2 and 3 threads give the same bits
     * (in both precisions).
     */
    @Test
    void largeProductsAreBitIdenticalForAnyThreadCount() {
        GemmCase wide = GemmCase.random(11, false, true, 128, 300, 200, true, 1, 2, 3);
        GemmCase tall = GemmCase.random(12, true, false, 301, 70, 250, false, 0, 0, 0);
        for (GemmCase g : new GemmCase[] {wide, tall}) {
            assertThat(2.0 * g.m() * g.n() * g.k()).isGreaterThanOrEqualTo(Loops.Cost.GEMM_FLOP.minToSplit());
            for (Precision p : Precision.values()) {
                double[] one = KernelSettings.with(GemmBackend.current(), p, 1, g::gemm);
                for (int threads = 2; threads <= 3; threads++) {
                    double[] many = KernelSettings.with(GemmBackend.current(), p, threads, g::gemm);
                    assertThat(Arrays.equals(one, many)).as("%s, %s, %d threads", g, p, threads).isTrue();
                }
            }
        }
    }
}

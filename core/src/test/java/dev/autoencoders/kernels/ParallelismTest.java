package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
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
    void everyPartRunsExactlyOnceAndOthersOnPoolThreads() {
        Parallelism.setThreads(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(7);
        Thread[] where = new Thread[7];
        Parallelism.run(7, t -> {
            runs.incrementAndGet(t);
            where[t] = Thread.currentThread();
        });
        for (int t = 0; t < 7; t++) assertThat(runs.get(t)).isEqualTo(1);
        assertThat(where[0]).isSameAs(Thread.currentThread());
        assertThat(where[1]).isNotSameAs(Thread.currentThread());
        assertThat(where[1].isDaemon()).isTrue();
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

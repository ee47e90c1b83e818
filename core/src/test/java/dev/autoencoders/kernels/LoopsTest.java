package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link Loops} splits a loop: every element (row) once, in contiguous ranges, one per thread from the cost's threshold on. */
class LoopsTest {
    private final int saved = Parallelism.threads();

    @AfterEach
    void restore() {
        Parallelism.setThreads(saved);
    }

    /** The ranges a loop was run as, sorted by start. */
    private static List<int[]> sorted(List<int[]> seen) {
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        return sorted;
    }

    private static void assertCovers(List<int[]> ranges, int n, int parts) {
        assertThat(ranges).hasSize(parts);
        int next = 0;
        for (int[] r : ranges) {
            assertThat(r[0]).as("ranges are contiguous").isEqualTo(next);
            next = r[1];
        }
        assertThat(next).isEqualTo(n);
    }

    @Test
    void elementwiseSplitsFromTheThresholdOfItsCostIntoOneRangePerThread() {
        Parallelism.setThreads(3);
        for (Loops.Cost cost : new Loops.Cost[] {Loops.Cost.CHEAP, Loops.Cost.MODERATE, Loops.Cost.TRANSCENDENTAL}) {
            int min = (int) cost.minToSplit();
            for (int n : new int[] {0, 1, min - 1, min, min + 5}) {
                List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Loops.elementwise(n, cost, (from, to) -> {
                    seen.add(new int[] {from, to});
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                assertCovers(sorted(seen), n, n >= min ? 3 : 1);
                for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("%s, n = %d: element %d", cost, n, i).isEqualTo(1);
            }
        }
    }

    @Test
    void rowsSplitWholeRowsByTheSizeOfTheLoopAndNeverMorePartsThanRows() {
        Parallelism.setThreads(3);
        int min = (int) Loops.Cost.CHEAP.minToSplit();
        record Case(int rows, long rowLength, int parts) {}
        for (Case c : new Case[] {new Case(10, min / 10 - 1, 1), new Case(10, min / 10 + 1, 3), new Case(2, min, 2), new Case(1, min, 1), new Case(0, min, 1)}) {
            List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
            Loops.rows(c.rows(), c.rowLength(), Loops.Cost.CHEAP, (from, to) -> seen.add(new int[] {from, to}));
            assertCovers(sorted(seen), c.rows(), c.parts());
        }
    }

    @Test
    void aKernelsLoopIsSplitByItsWorkIntoAtMostOnePartPerItem() {
        Parallelism.setThreads(3);
        for (Loops.Cost cost : Loops.Cost.values()) {
            for (int count : new int[] {1, 2, 10}) {
                for (long work : new long[] {cost.minToSplit() - 1, cost.minToSplit()}) {
                    List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
                    Loops.split(count, work, cost, (from, to) -> seen.add(new int[] {from, to}));
                    assertCovers(sorted(seen), count, work < cost.minToSplit() ? 1 : Math.min(count, 3));
                }
            }
        }
    }

    @Test
    void scatterAddRunsOnOneThreadInOrderWhenIterationsShareATargetAndSplitsOtherwise() {
        Parallelism.setThreads(3);
        int n = (int) Loops.Cost.CHEAP.minToSplit() + 1;
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        Loops.scatterAdd(n, null, Loops.Cost.CHEAP, (from, to) -> seen.add(new int[] {from, to}));
        assertCovers(sorted(seen), n, 3);
        seen.clear();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Loops.scatterAdd(n, new int[n], Loops.Cost.CHEAP, (from, to) -> {
            seen.add(new int[] {from, to});
            threads.add(Thread.currentThread());
        });
        assertCovers(sorted(seen), n, 1);
        assertThat(threads).containsExactly(Thread.currentThread());
    }
}

package dev.autoencoders.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The number of threads the kernels may use, a global setting, and the fixed pool of daemon threads that
 * runs their parts. How a loop is split between them, and from which size, is {@link Loops}'s (elementwise and
 * row-wise loops) or the kernel's own (GEMM and convolutions). The calling thread always runs one part itself, so {@code t} threads = caller +
 * {@code t - 1} pool workers. Code already running on a pool worker runs nested parts serially (no deadlock,
 * no oversubscription).
 */
public final class Parallelism {
    private Parallelism() {}

    /** Upper limit of {@link #setThreads}. */
    public static final int MAX_THREADS = 256;
    /** Upper limit of the default: the GEMMs of these models stop scaling well before. */
    public static final int DEFAULT_CAP = 8;

    private static volatile int threads = defaultThreads();
    private static ExecutorService pool;
    private static int poolWorkers;

    /** {@code min(available processors, }{@value #DEFAULT_CAP}{@code )}. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), DEFAULT_CAP));
    }

    /**
     * Sets the number of threads of every later kernel call. Results do not depend on it (see {@link SumOrder}).
     *
     * @throws IllegalArgumentException unless {@code 1 <= threads <= }{@value #MAX_THREADS}
     */
    public static void setThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        Parallelism.threads = threads;
    }

    /** The current number of threads ({@link #defaultThreads()} unless {@link #setThreads} changed it). */
    public static int threads() {
        return threads;
    }

    /**
     * Runs {@code part.accept(t)} for {@code t = 0 .. parts - 1}, part 0 on the calling thread and the others on
     * the pool, and returns when all have finished. The first exception of any part is rethrown.
     */
    public static void run(int parts, IntConsumer part) {
        int poolSize = threads - 1;
        if (parts <= 1 || poolSize == 0 || Thread.currentThread() instanceof Worker) {
            for (int t = 0; t < parts; t++) part.accept(t);
            return;
        }
        ExecutorService workers = pool(poolSize);
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int id = t;
            try {
                futures[t - 1] = workers.submit(() -> part.accept(id));
            } catch (RejectedExecutionException poolReplaced) {
                // setThreads replaced the pool meanwhile: run the part here
                part.accept(id);
            }
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            if (f == null) continue;
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts write into shared arrays: wait for them regardless
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause();
                    break;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** The pool with {@code workers} threads, made anew when the setting changed (the old one winds down). */
    private static synchronized ExecutorService pool(int workers) {
        if (pool == null || poolWorkers != workers) {
            if (pool != null) pool.shutdown();
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> new Worker(r, "kernel-worker-" + count.incrementAndGet()));
            poolWorkers = workers;
        }
        return pool;
    }

    /** A pool thread: a daemon, so an idle pool never keeps the JVM alive. */
    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }
}

package dev.autoencoders.kernels;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The number of threads the kernels may use, a global setting, and the fixed team of daemon threads that runs
 * their parts. How a loop is split between them, and from which size, is {@link Loops}'s (elementwise and row-wise
 * loops) or the kernel's own (GEMM and convolutions). The calling thread always runs part 0 itself, so {@code t}
 * threads = caller + {@code t - 1} workers. Code already running on a worker runs nested parts serially (no deadlock,
 * no oversubscription); a second thread calling while the team works for another runs its parts itself.
 *
 * <p>Which thread runs which part never changes a result: the parts write disjoint values, each computed in its own
 * fixed order ({@link SumOrder}). What this class decides is only how fast a part reaches a worker. A training step
 * hands out a few dozen loops, many under a millisecond, so the hand-over must cost microseconds, not the tens of
 * microseconds of waking a parked thread (a futex and, on a virtual machine, an interrupt to a halted CPU). As
 * OpenMP's runtimes do, a worker that finished a part spins for {@link #SPIN_NANOS} on the job counter before it
 * parks; the caller wakes only parked workers, and spins (then parks) while the last parts finish. Spinning pays
 * only while the team has the cores to itself: when two threads call at once (the tour's stages, the notebooks' test
 * classes side by side) every thread is busy anyway, and a spinning one would take a core from them. So for
 * {@link #CONTENDED_NANOS} after a second caller found the team busy, nobody spins: workers and callers park at once,
 * as in a plain thread pool.
 */
public final class Parallelism {
    private Parallelism() {}

    /** Upper limit of {@link #setThreads}. */
    public static final int MAX_THREADS = 256;
    /** Upper limit of the default: the GEMMs of these models stop scaling well before. */
    public static final int DEFAULT_CAP = 8;
    /**
     * How long an idle worker (and a waiting caller) spins before it parks: longer than the serial stretches between
     * two split loops of a training step, short enough that an idle team costs nothing measurable.
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How long after a contended call nobody spins. */
    static final long CONTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Until when ({@link System#nanoTime()}) nobody spins: a second caller found the team busy shortly before. */
    private static volatile long contendedUntil = System.nanoTime();

    private static volatile int threads = defaultThreads();
    private static Team team;

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
     * the team (or, where no worker took one yet, on the calling thread too), and returns when all have finished.
     * The first exception of any part is rethrown, after all parts have finished.
     */
    public static void run(int parts, IntConsumer part) {
        int workers = threads - 1;
        if (parts <= 1 || workers == 0 || Thread.currentThread() instanceof Worker) {
            for (int t = 0; t < parts; t++) part.accept(t);
            return;
        }
        Team team = team(workers);
        if (!team.lock.tryLock()) {
            // the team works for another thread (the tour runs stages side by side): this one runs its own parts
            contendedUntil = System.nanoTime() + CONTENDED_NANOS;
            for (int t = 0; t < parts; t++) part.accept(t);
            return;
        }
        try {
            team.runJob(new Job(parts, part));
        } finally {
            team.lock.unlock();
        }
    }

    /** The end of a spin that starts now: {@link #SPIN_NANOS} from now, or now while the team is contended. */
    private static long spinEnd() {
        long now = System.nanoTime();
        return now - contendedUntil < 0 ? now : now + SPIN_NANOS;
    }

    /** The team with {@code workers} threads, made anew when the setting changed (the old one's threads end). */
    private static synchronized Team team(int workers) {
        if (team == null || team.workers.length != workers) {
            if (team != null) team.shutdown();
            team = new Team(workers);
        }
        return team;
    }

    /** One call of {@link #run}: its parts, handed out one at a time to whichever thread asks next. */
    private static final class Job {
        final int parts;
        final IntConsumer part;
        /** The next part not yet taken; part 0 is the caller's. */
        final AtomicInteger next = new AtomicInteger(1);
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable failure;
        volatile Thread waiter;

        Job(int parts, IntConsumer part) {
            this.parts = parts;
            this.part = part;
        }

        /** Runs part {@code t}, records its failure, and wakes the caller if it was the last and the caller parked. */
        void runPart(int t) {
            try {
                part.accept(t);
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
            if (finished.incrementAndGet() == parts) {
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }

        /** Takes and runs parts until none is left. */
        void help() {
            for (int t = next.getAndIncrement(); t < parts; t = next.getAndIncrement()) runPart(t);
        }
    }

    /** The workers and the job they work on; one caller at a time (its {@link #lock}). */
    private static final class Team {
        final ReentrantLock lock = new ReentrantLock();
        final Worker[] workers;
        /** The job of the latest {@link #runJob}, published by incrementing {@link #epoch} after it is set. */
        volatile Job job;
        volatile long epoch;
        volatile boolean shutdown;

        Team(int n) {
            workers = new Worker[n];
            for (int i = 0; i < n; i++) {
                workers[i] = new Worker(this, "kernel-worker-" + (i + 1));
                workers[i].start();
            }
        }

        void runJob(Job j) {
            job = j;
            epoch++; // only the lock holder writes it
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
            j.runPart(0);
            j.help();
            // wait for the parts the workers took: spin a while, then park until the last one wakes this thread
            long spinEnd = spinEnd();
            boolean interrupted = false;
            while (j.finished.get() < j.parts) {
                if (System.nanoTime() < spinEnd) {
                    Thread.onSpinWait();
                    continue;
                }
                j.waiter = Thread.currentThread();
                if (j.finished.get() < j.parts) LockSupport.park(this);
                if (Thread.interrupted()) interrupted = true; // the parts write into shared arrays: wait regardless
            }
            job = null;
            if (interrupted) Thread.currentThread().interrupt();
            Throwable failure = j.failure;
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        }

        void shutdown() {
            shutdown = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    /** A worker of a team: a daemon, so an idle team never keeps the JVM alive. */
    private static final class Worker extends Thread {
        private final Team team;
        /** Set before the worker parks and checked again after (the caller reads it after publishing a job). */
        volatile boolean parked;

        Worker(Team team, String name) {
            super(name);
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!team.shutdown) {
                long spinEnd = spinEnd();
                long e;
                while ((e = team.epoch) == seen && !team.shutdown) {
                    if (System.nanoTime() < spinEnd) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    if (team.epoch == seen && !team.shutdown) LockSupport.park(this);
                    parked = false;
                    Thread.interrupted(); // a worker is never interrupted on purpose; a stray one must not make park spin
                    spinEnd = spinEnd();
                }
                seen = e;
                Job j = team.job;
                if (j != null) j.help();
            }
        }
    }
}

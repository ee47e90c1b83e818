package dev.autoencoders.examples.playground;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The panels' training jobs, at most one per panel: starting a panel's job cancels the one it replaces. Jobs run on
 * two daemon threads: one for the live latent-plane training (so that it starts at once), one that runs the other
 * panels' start-up training one after the other (so that they share the cores with the live training, not with each
 * other).
 */
final class Jobs implements AutoCloseable {

    /** The body of a job: trains, reports progress through the job, calls {@link Job#checkCancelled()} every step. */
    @FunctionalInterface
    interface Body {
        /** Returns the message shown when the job is done. */
        String run(Job job) throws Exception;
    }

    private final Map<String, Job> current = new LinkedHashMap<>();
    private final ExecutorService live = executor("playground-live");
    private final ExecutorService startup = executor("playground-startup");
    private final boolean debug;

    Jobs(boolean debug) {
        this.debug = debug;
    }

    private static ExecutorService executor(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code body} as the job of {@code panel} on the live thread, cancelling the panel's current job. */
    Job startLive(String panel, String task, Body body) {
        return start(panel, task, body, live);
    }

    /** Queues {@code body} as the job of {@code panel} behind the other start-up jobs, cancelling the panel's current job. */
    Job queue(String panel, String task, Body body) {
        return start(panel, task, body, startup);
    }

    private synchronized Job start(String panel, String task, Body body, ExecutorService on) {
        Job old = current.get(panel);
        if (old != null) old.cancel();
        Job job = new Job(panel, task);
        current.put(panel, job);
        on.execute(() -> run(job, body));
        return job;
    }

    private void run(Job job, Body body) {
        if (job.cancelRequested()) {
            job.setState(Job.State.CANCELLED, "cancelled before it started");
            return;
        }
        job.setState(Job.State.RUNNING, null);
        try {
            job.setState(Job.State.DONE, body.run(job));
        } catch (Job.Cancelled e) {
            job.setState(Job.State.CANCELLED, "cancelled at step " + job.json().get("step") + ": the model is kept as it stood");
        } catch (Exception | Error e) {
            String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage().strip();
            job.setState(Job.State.FAILED, "failed: " + m);
            System.err.println("playground: " + job.panel + ": " + job.task + " failed: " + m);
            if (debug) e.printStackTrace();
        }
    }

    /** Cancels the current job of {@code panel}; false when the panel has no job running or queued. */
    synchronized boolean cancel(String panel) {
        Job j = current.get(panel);
        if (j == null || j.finished()) return false;
        j.cancel();
        return true;
    }

    /** The current (or last) job of {@code panel}, or null. */
    synchronized Job get(String panel) {
        return current.get(panel);
    }

    /** Every panel's current or last job, for the page. */
    synchronized Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        current.forEach((k, v) -> m.put(k, v.json()));
        return m;
    }

    /** Cancels every job and waits up to 10 s for each of the two threads to stop. */
    @Override
    public void close() {
        synchronized (this) {
            current.values().forEach(Job::cancel);
        }
        live.shutdown();
        startup.shutdown();
        try {
            live.awaitTermination(10, TimeUnit.SECONDS);
            startup.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the current job of {@code panel} has finished (tests, and the start-up progress line). */
    boolean await(String panel, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            Job j = get(panel);
            if (j != null && j.finished()) return true;
            Thread.sleep(20);
        }
        return false;
    }
}

package dev.autoencoders.examples.playground;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A background task of one panel (training a model), with the progress the page shows. Cancellation is cooperative:
 * {@link #cancel()} sets a flag, and the task's training step calls {@link #checkCancelled()}, which throws
 * {@link Cancelled} at the next step; a cancelled training keeps the model as it stands.
 */
final class Job {
    /** Where a job stands. */
    enum State { QUEUED, RUNNING, DONE, CANCELLED, FAILED }

    /** Thrown by {@link #checkCancelled()} inside a cancelled job's step; the job ends as CANCELLED. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    final String panel;
    final String task;
    private volatile State state = State.QUEUED;
    private volatile long step;
    private volatile long total;
    private volatile String message = "";
    private volatile boolean cancelRequested;

    Job(String panel, String task) {
        this.panel = panel;
        this.task = task;
    }

    /** Asks the job to stop at its next step (or not to start, if still queued). */
    void cancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Throws {@link Cancelled} if {@link #cancel()} was called: the training step's first line. */
    void checkCancelled() {
        if (cancelRequested) throw new Cancelled();
    }

    /** Progress: {@code step} of {@code total} steps, with a short message ("training the DAE", ...). */
    void progress(long step, long total, String message) {
        this.step = step;
        this.total = total;
        this.message = message;
    }

    void progress(long step) {
        this.step = step;
    }

    State state() {
        return state;
    }

    void setState(State s, String message) {
        this.state = s;
        if (message != null) this.message = message;
    }

    boolean finished() {
        State s = state;
        return s == State.DONE || s == State.CANCELLED || s == State.FAILED;
    }

    /** The job as the page shows it. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("step", step);
        m.put("total", total);
        m.put("message", message);
        return m;
    }
}

package dev.autoencoders.util;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long loops (me.tongfei:progressbar), drawn on standard error, that stays completely quiet
 * when the program does not run in a terminal ({@code System.console() == null}: output piped or redirected, CI,
 * tests), so logs and captured output hold no bar characters.
 *
 * <pre>{@code
 * try (Progress bar = Progress.start("epoch 1/2", batches.count())) {
 *     for (Batch b : epoch) { ...; bar.step(); bar.setExtraMessage(String.format("loss %.4f", loss)); }
 * }
 * }</pre>
 * The count is kept also when quiet ({@link #current()}).
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private long current;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A bar for {@code total} steps (or an indefinite one for {@code total < 0}), shown only in a terminal.
     */
    public static Progress start(String task, long total) {
        return System.console() == null ? quiet() : shown(task, total, System.err);
    }

    /** A bar that prints nothing. */
    public static Progress quiet() {
        return new Progress(null);
    }

    /** A bar drawn on {@code out} whether or not it is a terminal (for tests and explicit requests). */
    public static Progress shown(String task, long total, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out, 100))
                .build();
        return new Progress(bar);
    }

    /** True if this bar draws anything. */
    public boolean isShown() {
        return bar != null;
    }

    /** One step done. */
    public Progress step() {
        return stepBy(1);
    }

    /** {@code n} steps done. */
    public Progress stepBy(long n) {
        current += n;
        if (bar != null) bar.stepBy(n);
        return this;
    }

    /** Text shown after the bar, e.g. the current loss. */
    public Progress setExtraMessage(String message) {
        if (bar != null) bar.setExtraMessage(message);
        return this;
    }

    /** Steps done so far. */
    public long current() {
        return current;
    }

    /** Draws the final state and ends the line (nothing when quiet). */
    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}

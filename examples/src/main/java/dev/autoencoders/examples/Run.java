package dev.autoencoders.examples;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.LossHistory;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.util.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One training run of a command: its options, its output folder, its seeded generator, its data (loaded
 * on first use), and what it writes: {@code metrics.json} (the command and options first, then the results the
 * command puts), {@code loss.png} from the recorded {@link LossHistory}, and image grids.
 */
public final class Run {
    private final String command;
    private final TrainOptions options;
    private final Path out;
    private final Rng rng;
    private final PrintWriter log;
    private final Metrics metrics = new Metrics();
    private final LossHistory losses = new LossHistory();
    private Splits data;

    private Run(String command, TrainOptions options, Path out, PrintWriter log) {
        this.command = command;
        this.options = options;
        this.out = out;
        this.rng = new Rng(options.seed());
        this.log = log;
        options.addTo(metrics.put("command", command));
    }

    /** The run of a command with parsed options; the output folder is created when first needed. */
    static Run start(String command, TrainOptions options, PrintWriter log) {
        return new Run(command, options, options.out(), log);
    }

    /** The command's name, e.g. {@code ae}. */
    public String command() {
        return command;
    }

    public TrainOptions options() {
        return options;
    }

    /** The output folder, created on the first call (so a run that fails on bad data leaves none behind). */
    public Path out() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the output folder " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A file in the output folder (the folder is created). */
    public Path file(String name) {
        return out().resolve(name);
    }

    /** The run's generator, seeded with {@code --seed}; every random draw of the run goes through it. */
    public Rng rng() {
        return rng;
    }

    /** The data set of {@code --data}, loaded on first call. */
    public Splits data() {
        if (data == null) data = Datasets.load(options.data());
        return data;
    }

    /** The metrics that {@link #writeMetrics()} writes; already holds the command and the options. */
    public Metrics metrics() {
        return metrics;
    }

    /** The loss curves that {@link #saveLossPlot(String)} draws. */
    public LossHistory losses() {
        return losses;
    }

    /** A progress bar on standard error, shown only in a terminal. */
    public Progress progress(String task, long total) {
        return Progress.start(task, total);
    }

    /** A line of output for the user (standard output). */
    public void log(String format, Object... args) {
        log.println(String.format(format, args));
        log.flush();
    }

    /** Writes {@code metrics.json} atomically; returns its path. */
    public Path writeMetrics() {
        Path f = file("metrics.json");
        metrics.write(f);
        return f;
    }

    /** Draws the recorded losses to {@code loss.png} (log y axis, x = step); returns its path. */
    public Path saveLossPlot(String yLabel) {
        Path f = file("loss.png");
        losses.plot(command + ": training loss", "step", yLabel).logY(true).save(f);
        return f;
    }

    /** Saves an image grid {@code images: (N, C, H, W)} with torchvision's defaults (8 per row, padding 2); returns its path. */
    public Path saveGrid(String fileName, Tensor images) {
        return saveGrid(fileName, images, ImageGrid.Options.DEFAULT);
    }

    /** Saves an image grid {@code images: (N, C, H, W)}; returns its path. */
    public Path saveGrid(String fileName, Tensor images, ImageGrid.Options grid) {
        Path f = file(fileName);
        ImageGrid.save(images, f, grid);
        return f;
    }
}

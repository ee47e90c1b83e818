package dev.autoencoders.examples;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.data.Splits;
import dev.autoencoders.nn.Module;
import dev.autoencoders.optim.Optimizer;
import dev.autoencoders.train.Checkpoint;
import dev.autoencoders.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.LossHistory;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.util.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One training run of a command: its options, its output folder, its seeded generator, its data (loaded
 * on first use), and what it writes: {@code metrics.json} (the command and options first, then the results the
 * command puts), {@code loss.png} from the recorded {@link LossHistory}, and image grids.
 *
 * <p>What the run writes with {@link #file} and the {@code save}/{@code write} methods reaches {@code --out} only
 * when the run has succeeded ({@link OutputFolder}); checkpoints go there as training goes. Nothing non-finite is
 * written: a NaN or an infinity in the model (after any step, or at the end) or in a metric ends the run with exit
 * code 1, and the folder keeps what it held.
 */
public final class Run {
    private final CommandSpec spec;
    private final String command;
    private final TrainOptions options;
    private final OutputFolder out;
    private final Rng rng;
    private final PrintWriter log;
    private final Metrics metrics = new Metrics();
    private final LossHistory losses = new LossHistory();
    private Splits data;
    // with --resume: whether an earlier stage of this run went through fit (so a later stage may lack a checkpoint)
    private boolean resumedEarlierStage;
    // the stage trained for --epochs, whose epochs done the metrics record (null: the single stage of fit without one)
    private String mainStage;

    private Run(CommandSpec spec, TrainOptions options, OutputFolder out, PrintWriter log) {
        this.spec = spec;
        this.command = spec.name();
        this.options = options;
        this.out = out;
        this.rng = new Rng(options.seed());
        this.log = log;
        options.addTo(metrics.put("command", command));
    }

    /** The run of a command with parsed options, writing into {@code out}. */
    static Run start(CommandSpec spec, TrainOptions options, OutputFolder out, PrintWriter log) {
        return new Run(spec, options, out, log);
    }

    /** The command's picocli model, for {@link OptionChecks} in a command's checks that need the data. */
    public CommandSpec spec() {
        return spec;
    }

    /** The command's name, e.g. {@code ae}. */
    public String command() {
        return command;
    }

    public TrainOptions options() {
        return options;
    }

    /** The output folder, {@code --out}. */
    public Path out() {
        return out.dir();
    }

    /** Where to write the result file {@code name}: it reaches {@code --out} when the run has succeeded. */
    public Path file(String name) {
        return out.staged(name);
    }

    /** The run's generator, seeded with {@code --seed}; every random draw of the run goes through it. */
    public Rng rng() {
        return rng;
    }

    /** The data set of {@code --data}, loaded on first call, cut to {@code --train-limit} / {@code --test-limit} images. */
    public Splits data() {
        if (data == null) {
            Splits full = Datasets.load(options.data());
            int nTrain = Math.min(full.train().size(), options.trainLimit()), nTest = Math.min(full.test().size(), options.testLimit());
            if (nTrain < 1 || nTest < 1) {
                throw OptionChecks.invalid(spec, "--data", options.data(), "has " + full.train().size() + " training and " + full.test().size()
                        + " test images; " + command + " needs at least one of each");
            }
            data = new Splits(full.name(), full.train().take(nTrain), full.test().take(nTest));
        }
        return data;
    }

    /**
     * The data with a check that its images are {@code channels x height x width}, the size the command's model is
     * built for: a data set of other images is refused (exit 2, naming {@code --data}) before any training.
     */
    public Splits data(int channels, int height, int width) {
        Splits d = data();
        if (d.train().channels() != channels || d.train().height() != height || d.train().width() != width) {
            throw OptionChecks.invalid(spec, "--data", options.data(), "has images of " + d.train().channels() + " x " + d.train().height() + " x "
                    + d.train().width() + "; " + command + " is built for " + channels + " x " + height + " x " + width);
        }
        return d;
    }

    /** Examples per optimizer step: {@code --batch-size}, at most the training images. */
    public int batch() {
        return Math.min(options.batchSize(), data().train().size());
    }

    /**
     * Refuses (exit 2, naming {@code option} and {@code value}) a model of {@code parameters} numbers whose training
     * on batches of {@code batch} examples, each with {@code activations} numbers computed on the way (forward values
     * of every layer), would need more memory than the Java heap has free. The estimate, in doubles of 8 bytes: 4 per
     * parameter (value, gradient, Adam's two moments) and 3 per activation (value, gradient, a temporary). Call it
     * before building the model: a model of an impossible size would otherwise fill the heap before failing.
     */
    public void requireMemory(String option, Object value, double parameters, double batch, double activations) {
        OptionChecks.fitsInHeap(spec, option, value, 8 * (4 * parameters + 3 * batch * activations));
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

    /**
     * Writes {@code metrics.json} atomically; returns its path.
     *
     * @throws IllegalStateException if a metric is NaN or infinite (the run diverged or the model cannot be
     *                               evaluated): nothing of the run reaches {@code --out}
     */
    public Path writeMetrics() {
        metrics.asMap().forEach((k, v) -> {
            if (v instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalStateException("the run diverged: the metric " + k + " is " + d + "; its results are not written (lower --lr, or check the data)");
            }
        });
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

    /** Records a trainer's per-step losses as the series {@code name} of {@code loss.png}. */
    public void recordLosses(Trainer trainer, String name) {
        var steps = trainer.stepLosses();
        for (int i = 0; i < steps.size(); i++) losses.add(name, i + 1, steps.get(i));
    }

    /** Writes the model's weights to {@code model.safetensors} (PyTorch state-dict names); returns its path. */
    public Path saveModel(Module model) {
        return saveModel(model, "model.safetensors");
    }

    /**
     * Writes the model's weights to {@code fileName} (PyTorch state-dict names); returns its path.
     *
     * @throws IllegalStateException if a weight is NaN or infinite: nothing of the run reaches {@code --out}
     */
    public Path saveModel(Module model, String fileName) {
        requireFinite(model, fileName);
        Path f = file(fileName);
        Safetensors.write(f, model.stateDict());
        return f;
    }

    /** Refuses to go on with a model that holds a NaN or an infinity (before it is written as {@code what}). */
    public void requireFinite(Module model, String what) {
        String bad = Safetensors.firstNonFinite(model.stateDict());
        if (bad != null) throw new IllegalStateException("the run diverged: " + bad + "; " + what + " is not written (lower --lr, or check the data)");
    }

    /** The checkpoint of this run: {@code <out>/checkpoint.safetensors}. */
    public Path checkpointFile() {
        return out.dir().resolve("checkpoint.safetensors");
    }

    /**
     * One training stage of a command that trains several models one after the other (a VQ-VAE, then a prior over
     * its codes): the stage has its own checkpoint {@code <out>/checkpoint-<name>.safetensors}, epochs and batch size.
     *
     * @param name      file-name-safe stage name, e.g. {@code vqvae}, {@code prior}
     * @param epochs    epochs of this stage (>= 0)
     * @param batchSize examples per step of this stage (>= 1)
     */
    public record Stage(String name, int epochs, int batchSize) {
        public Stage {
            if (name == null || !name.matches("[a-z0-9_-]+")) throw new IllegalArgumentException("stage name must be [a-z0-9_-]+, got " + name);
            if (epochs < 0 || batchSize < 1) throw new IllegalArgumentException("stage " + name + ": epochs " + epochs + " must be >= 0 and batch size " + batchSize + " >= 1");
        }
    }

    /** The checkpoint of a stage: {@code <out>/checkpoint-<stage>.safetensors}. */
    public Path checkpointFile(Stage stage) {
        return out.dir().resolve("checkpoint-" + stage.name() + ".safetensors");
    }

    /**
     * The stage {@code name} trained for {@code --epochs} at {@code --batch-size} (a multi-stage command's main
     * model): the {@code epochs} of the metrics records the epochs it was trained for.
     */
    public Stage mainStage(String name) {
        mainStage = name;
        return new Stage(name, options.epochs(), options.batchSize());
    }

    /**
     * Trains {@code model} with the shared loop ({@link Trainer}) for {@code --epochs} epochs over {@code n} examples:
     * with {@code --resume} it first restores the checkpoint in {@code --out} (which must have been made with the
     * same data, batch size, learning rate, seed and {@code settings}); it saves a checkpoint at the end of every
     * epoch and every {@code --checkpoint-every} steps, logs each epoch's mean loss, shows a progress bar, and
     * records the per-step losses as the series {@code series} of {@code loss.png}.
     *
     * @param settings the command's own options that shape the model or the loss (e.g. {@code tied=true})
     */
    public Trainer fit(Module model, Optimizer optimizer, int n, Map<String, String> settings, String series, Trainer.Step step) {
        return fit(null, model, optimizer, n, settings, series, step);
    }

    /**
     * As {@link #fit(Module, Optimizer, int, Map, String, Trainer.Step)} for one stage of a multi-stage command, with
     * the stage's checkpoint file, epochs and batch size. With {@code --resume}, a stage whose checkpoint is missing
     * starts from scratch if an earlier stage of this run was resumed (the run was stopped before reaching it); a
     * finished stage is restored and not trained again.
     */
    public Trainer fit(Stage stage, Module model, Optimizer optimizer, int n, Map<String, String> settings, String series, Trainer.Step step) {
        int batchSize = stage == null ? options.batchSize() : stage.batchSize();
        int epochs = stage == null ? options.epochs() : stage.epochs();
        Path ckpt = stage == null ? checkpointFile() : checkpointFile(stage);
        Trainer trainer = new Trainer(optimizer, n, batchSize, rng);
        trainer.guard(model.stateDict());
        Map<String, String> recorded = new TreeMap<>(settings);
        recorded.put("command", command);
        recorded.put("data", options.data());
        recorded.put("precision", options.precision());
        recorded.put("train_limit", options.trainLimit() == Integer.MAX_VALUE ? "all" : Integer.toString(options.trainLimit()));
        recorded.put("batch_size", Integer.toString(batchSize));
        recorded.put("lr", Double.toString(options.lr()));
        recorded.put("seed", Long.toString(options.seed()));
        if (stage != null) recorded.put("stage", stage.name());
        if (options.resume()) resume(ckpt, stage != null && resumedEarlierStage, model, optimizer, trainer, recorded);
        int perEpoch = (n + batchSize - 1) / batchSize;
        long total = (long) perEpoch * epochs;
        String task = stage == null ? command : command + " " + stage.name();
        try (var bar = progress(task, total)) {
            bar.stepBy(Math.min(trainer.stepLosses().size(), total));
            trainer.onStep(steps -> {
                bar.step();
                bar.setExtraMessage(String.format("loss %.4g", trainer.lastLoss()));
                if (options.checkpointEvery() > 0 && steps % options.checkpointEvery() == 0) {
                    Checkpoint.save(ckpt, model, optimizer, trainer, recorded);
                }
            });
            trainer.fit(epochs, step, (epoch, loss) -> {
                Checkpoint.save(ckpt, model, optimizer, trainer, recorded);
                log("%sepoch %d/%d  %s %.5f", stage == null ? "" : stage.name() + " ", epoch, epochs, series, loss);
            });
        }
        if (stage != null) resumedEarlierStage = options.resume();
        // the epochs the model was trained for: a resumed run may have been trained further than this --epochs
        if (stage == null || stage.name().equals(mainStage)) metrics.put("epochs", trainer.epoch());
        recordLosses(trainer, series);
        return trainer;
    }

    private void resume(Path f, boolean mayStartFresh, Module model, Optimizer optimizer, Trainer trainer, Map<String, String> recorded) {
        if (!Files.exists(f) && mayStartFresh) {
            log("no checkpoint %s yet: this stage starts from the beginning", f);
            return;
        }
        if (!Files.exists(f)) {
            throw new UsageException("--resume: there is no checkpoint " + f + " to continue (train without --resume first)");
        }
        Checkpoint.Contents c = Checkpoint.read(f);
        // the command and the stage first: a checkpoint of another command differs in much else
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (String k : List.of("command", "stage")) if (recorded.containsKey(k)) ordered.put(k, recorded.get(k));
        ordered.putAll(recorded);
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            String was = c.options().get(e.getKey());
            if (!e.getValue().equals(was)) {
                throw new UsageException("--resume: the checkpoint " + f + " was made with " + e.getKey() + "=" + was
                        + ", this run has " + e.getKey() + "=" + e.getValue() + "; use the same options, or a new --out");
            }
        }
        Checkpoint.restore(c, model, optimizer, trainer);
        log("resumed from %s: %d epochs and %d steps done", f, c.loop().epoch(), c.loop().stepLosses().length);
    }
}

package dev.autoencoders.examples;

import dev.autoencoders.util.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every training command takes (a picocli mixin; {@link TrainCommand} includes it):
 * {@code --data NAME|DIR}, {@code --epochs}, {@code --batch-size}, {@code --lr}, {@code --seed}, {@code --out DIR},
 * {@code --resume}, {@code --checkpoint-every N}.
 * The defaults of the first four come from the command's {@link TrainDefaults}; {@code --seed} defaults to 0 and
 * {@code --out} to {@code out/<command>}. Each value is checked as it is parsed; a bad one ends the program with
 * exit code 2 and a message naming the option and the value.
 */
public final class TrainOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private String data;
    private int epochs;
    private int batchSize;
    private double lr;
    private long seed;
    private Path out;
    private boolean resume;
    private int checkpointEvery;
    private String precision = "double";
    private int trainLimit = Integer.MAX_VALUE;
    private int testLimit = Integer.MAX_VALUE;

    @Option(names = "--data", paramLabel = "NAME|DIR",
            description = "data set: mnist-10k, fashion-mnist-10k (embedded), fashion-mnist (/usr/share/datasets/fashion-mnist), "
                    + "or a folder with the four IDX files (default: ${DEFAULT-VALUE})")
    void setData(String value) {
        if (value.isBlank()) throw invalid("--data", value, "must name a data set or a folder");
        data = value;
    }

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    void setEpochs(int value) {
        if (value < 0) throw invalid("--epochs", value, "must be >= 0");
        epochs = value;
    }

    @Option(names = "--batch-size", paramLabel = "B", description = "images per optimizer step (default: ${DEFAULT-VALUE})")
    void setBatchSize(int value) {
        if (value < 1) throw invalid("--batch-size", value, "must be >= 1");
        batchSize = value;
    }

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: ${DEFAULT-VALUE})")
    void setLr(double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw invalid("--lr", value, "must be a finite number > 0");
        lr = value;
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the random generator (default: ${DEFAULT-VALUE})")
    void setSeed(long value) {
        seed = value;
    }

    @Option(names = "--out", paramLabel = "DIR", description = "output folder for metrics.json, figures, weights (default: ${DEFAULT-VALUE})")
    void setOut(Path value) {
        if (Files.exists(value) && !Files.isDirectory(value)) throw invalid("--out", value, "is a file, not a folder");
        out = value;
    }

    @Option(names = "--resume", description = "continue the run saved in --out (its checkpoint.safetensors) up to --epochs")
    void setResume(boolean value) {
        resume = value;
    }

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "also save a checkpoint every N optimizer steps (one is always saved at the end of each epoch; default: ${DEFAULT-VALUE})")
    void setCheckpointEvery(int value) {
        if (value < 0) throw invalid("--checkpoint-every", value, "must be >= 0");
        checkpointEvery = value;
    }

    @Option(names = "--precision", paramLabel = "double|float32-matmul", defaultValue = "double",
            description = "double: every operation in float64; float32-matmul: matrix products (and convolutions) with operands "
                    + "rounded to float, like torch.set_float32_matmul_precision (default: ${DEFAULT-VALUE})")
    void setPrecision(String value) {
        if (!value.equals("double") && !value.equals("float32-matmul")) throw invalid("--precision", value, "must be double or float32-matmul");
        precision = value;
    }

    @Option(names = "--train-limit", paramLabel = "N", description = "train on the first N training images only (quick runs; default: all)")
    void setTrainLimit(int value) {
        if (value < 1) throw invalid("--train-limit", value, "must be >= 1");
        trainLimit = value;
    }

    @Option(names = "--test-limit", paramLabel = "N", description = "evaluate on the first N test images only (quick runs; default: all)")
    void setTestLimit(int value) {
        if (value < 1) throw invalid("--test-limit", value, "must be >= 1");
        testLimit = value;
    }

    private ParameterException invalid(String option, Object value, String why) {
        return new ParameterException(command.commandLine(), "Invalid value for option '" + option + "': " + value + " " + why);
    }

    /** The data set name or folder, for {@code Datasets.load}. */
    public String data() {
        return data;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double lr() {
        return lr;
    }

    public long seed() {
        return seed;
    }

    /** The output folder (relative paths are relative to the working directory). */
    public Path out() {
        return out;
    }

    /** Whether to continue the run saved in {@link #out()}. */
    public boolean resume() {
        return resume;
    }

    /** Checkpoint every this many steps (0: only at the end of each epoch). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The GEMM precision of the run: {@code double} or {@code float32-matmul}. */
    public String precision() {
        return precision;
    }

    /** At most this many training images ({@code Integer.MAX_VALUE}: all). */
    public int trainLimit() {
        return trainLimit;
    }

    /** At most this many test images ({@code Integer.MAX_VALUE}: all). */
    public int testLimit() {
        return testLimit;
    }

    /** Records the options in metrics: {@code data, epochs, batch_size, lr, seed}. */
    public Metrics addTo(Metrics m) {
        m.put("data", data).put("epochs", epochs).put("batch_size", batchSize).put("lr", lr).put("seed", seed);
        if (!precision.equals("double")) m.put("precision", precision);
        if (trainLimit != Integer.MAX_VALUE) m.put("train_limit", trainLimit);
        if (testLimit != Integer.MAX_VALUE) m.put("test_limit", testLimit);
        return m;
    }
}

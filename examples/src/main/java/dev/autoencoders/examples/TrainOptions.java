package dev.autoencoders.examples;

import dev.autoencoders.util.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every training command takes (a picocli mixin; {@link TrainCommand} includes it):
 * {@code --data NAME|DIR}, {@code --epochs}, {@code --batch-size}, {@code --lr}, {@code --seed}, {@code --out DIR},
 * {@code --resume}, {@code --overwrite}, {@code --checkpoint-every N}, {@code --precision}, {@code --train-limit},
 * {@code --test-limit}.
 * The defaults of the first four come from the command's {@link TrainDefaults}; {@code --seed} defaults to 0 and
 * {@code --out} to {@code out/<command>}. Each value is checked as it is parsed ({@link OptionChecks}); a bad one
 * ends the program with exit code 2 and a message naming the option and the value.
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
    private boolean overwrite;
    private Precision precision = Precision.DOUBLE;
    private int trainLimit = Integer.MAX_VALUE;
    private int testLimit = Integer.MAX_VALUE;

    @Option(names = "--data", paramLabel = "NAME|DIR",
            description = "data set: mnist-10k, fashion-mnist-10k (embedded), fashion-mnist (/usr/share/datasets/fashion-mnist), "
                    + "or a folder with the four IDX files (default: ${DEFAULT-VALUE})")
    void setData(String value) {
        if (value.isBlank()) throw OptionChecks.invalid(command, "--data", "'" + value + "'", "must name a data set or a folder");
        data = value;
    }

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    void setEpochs(int value) {
        epochs = OptionChecks.atLeast(command, "--epochs", value, 0);
    }

    @Option(names = "--batch-size", paramLabel = "B", description = "images per optimizer step (default: ${DEFAULT-VALUE})")
    void setBatchSize(int value) {
        batchSize = OptionChecks.atLeast(command, "--batch-size", value, 1);
    }

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: ${DEFAULT-VALUE})")
    void setLr(double value) {
        lr = OptionChecks.positive(command, "--lr", value);
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the random generator (default: ${DEFAULT-VALUE})")
    void setSeed(long value) {
        seed = value;
    }

    @Option(names = "--out", paramLabel = "DIR", description = "output folder for metrics.json, figures, weights; it must be new or empty "
            + "unless --resume or --overwrite is given (default: ${DEFAULT-VALUE})")
    void setOut(Path value) {
        if (value.toString().isBlank()) throw OptionChecks.invalid(command, "--out", "'" + value + "'", "must name a folder");
        if (Files.exists(value) && !Files.isDirectory(value)) throw OptionChecks.invalid(command, "--out", value, "is a file, not a folder");
        out = value;
    }

    @Option(names = "--resume", description = "continue the run saved in --out (its checkpoint.safetensors) up to --epochs")
    void setResume(boolean value) {
        resume = value;
    }

    @Option(names = "--overwrite", description = "replace the results of another run in --out (they are kept until this run has succeeded)")
    void setOverwrite(boolean value) {
        overwrite = value;
    }

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "also save a checkpoint every N optimizer steps (one is always saved at the end of each epoch; default: ${DEFAULT-VALUE})")
    void setCheckpointEvery(int value) {
        checkpointEvery = OptionChecks.atLeast(command, "--checkpoint-every", value, 0);
    }

    /** The choices of {@code --precision}. */
    public enum Precision {
        DOUBLE("double"), FLOAT32_MATMUL("float32-matmul");

        private final String cli;

        Precision(String cli) {
            this.cli = cli;
        }

        @Override
        public String toString() {
            return cli;
        }
    }

    @Option(names = "--precision", paramLabel = "double|float32-matmul", defaultValue = "double",
            description = "double: every operation in float64; float32-matmul: matrix products (and convolutions) with operands "
                    + "rounded to float, like torch.set_float32_matmul_precision (default: ${DEFAULT-VALUE})")
    void setPrecision(Precision value) {
        precision = value;
    }

    @Option(names = "--train-limit", paramLabel = "N", description = "train on the first N training images only (quick runs; default: all)")
    void setTrainLimit(int value) {
        trainLimit = OptionChecks.atLeast(command, "--train-limit", value, 1);
    }

    @Option(names = "--test-limit", paramLabel = "N", description = "evaluate on the first N test images only (quick runs; default: all)")
    void setTestLimit(int value) {
        testLimit = OptionChecks.atLeast(command, "--test-limit", value, 1);
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

    /** Whether to replace the results of another run in {@link #out()}. */
    public boolean overwrite() {
        return overwrite;
    }

    /** Checkpoint every this many steps (0: only at the end of each epoch). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The GEMM precision of the run: {@code double} or {@code float32-matmul}. */
    public String precision() {
        return precision.toString();
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
        if (precision != Precision.DOUBLE) m.put("precision", precision.toString());
        if (trainLimit != Integer.MAX_VALUE) m.put("train_limit", trainLimit);
        if (testLimit != Integer.MAX_VALUE) m.put("test_limit", testLimit);
        return m;
    }
}

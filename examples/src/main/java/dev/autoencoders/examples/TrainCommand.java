package dev.autoencoders.examples;

import dev.autoencoders.kernels.Precision;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every training command: it brings the common {@link TrainOptions}, and its {@link #call()} claims the
 * output folder ({@link OutputFolder}: checked, locked, owned by this run), hands a {@link Run} to
 * {@link #train(Run)}, and moves the run's results into the folder only when {@code train} returns. A subclass is a picocli {@code @Command} with a
 * name and description, listed in {@link Main#COMMANDS}:
 *
 * <pre>{@code
 * @Command(name = "ae", description = "A plain MLP autoencoder ...")
 * public final class AeCommand extends TrainCommand {
 *     protected TrainDefaults defaults() { return new TrainDefaults("mnist-10k", 2, 64, 1e-3); }
 *     protected void train(Run run) {
 *         Splits data = run.data();
 *         ...
 *         run.metrics().put("test_mse", mse);
 *         run.saveLossPlot("MSE");
 *         run.writeMetrics();
 *     }
 * }
 * }</pre>
 * Exceptions from {@code train} become one line on standard error: exit code 2 for a bad option value (thrown as
 * {@link OptionChecks#invalid}), missing or malformed data files, 1 for anything else (see {@link Failures}).
 * A command checks its inputs (data shapes against the model, {@link Run#requireMemory}) before its first step.
 */
public abstract class TrainCommand implements Callable<Integer> {
    @Mixin
    private TrainOptions options;

    @Spec
    private CommandSpec spec;

    /** This command's defaults for {@code --data}, {@code --epochs}, {@code --batch-size}, {@code --lr}. */
    protected abstract TrainDefaults defaults();

    /** Trains, evaluates and writes the results with {@code run.file}, {@code run.saveModel}, {@code run.writeMetrics}. */
    protected abstract void train(Run run) throws Exception;

    /** The parsed common options. */
    public TrainOptions options() {
        return options;
    }

    @Override
    public final Integer call() throws Exception {
        if (options.resume() && options.overwrite()) {
            throw OptionChecks.invalid(spec, "--overwrite", "", "cannot go with --resume: continue the run in --out, or replace it");
        }
        OutputFolder.Mode mode = options.resume() ? OutputFolder.Mode.RESUME : options.overwrite() ? OutputFolder.Mode.OVERWRITE : OutputFolder.Mode.FRESH;
        PrintWriter log = spec.commandLine().getOut();
        try (OutputFolder out = OutputFolder.open(spec, options.out(), mode, log)) {
            Run run = Run.start(spec, options, out, log);
            Precision before = Precision.matmul();
            Precision.setMatmul(options.precision().equals("float32-matmul") ? Precision.FLOAT32 : Precision.DOUBLE);
            try {
                train(run);
            } finally {
                Precision.setMatmul(before);
            }
            out.commit();
        }
        return 0;
    }
}

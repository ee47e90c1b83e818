package dev.autoencoders.examples;

import dev.autoencoders.data.DataNotFoundException;
import dev.autoencoders.data.Splits;
import dev.autoencoders.io.MalformedFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A training command for the tests of the command-line plumbing: records its options, or fails as asked. */
@Command(name = "fake", description = "Test-only training command.")
final class FakeTrainCommand extends TrainCommand {
    @Option(names = "--fail", description = "none, data, malformed, runtime, nomessage, diverge, nan-metric, oom, hold")
    String fail = "none";

    /** The run of the last call, for assertions. */
    Run lastRun;

    /** With {@code --fail hold}: the run counts {@link #holding} down, then waits for {@link #release}. */
    final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 3, 16, 0.01);
    }

    @Override
    protected void train(Run run) {
        lastRun = run;
        switch (fail) {
            case "data": throw new DataNotFoundException("data folder /nowhere lacks train-images-idx3-ubyte[.gz]");
            case "malformed": throw new MalformedFileException("x.gz", "truncated gzip stream");
            case "runtime": throw new IllegalStateException("boom\nsecond line");
            case "nomessage": throw new NullPointerException();
            case "nan-metric": {
                run.metrics().put("test_mse", Double.NaN);
                run.writeMetrics();
                return;
            }
            case "oom": {
                // after writing a result, as a run that runs out of memory while it evaluates
                run.metrics().put("half_done", 1.0);
                run.writeMetrics();
                throw new OutOfMemoryError("Java heap space");
            }
            case "hold": {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                break;
            }
            case "diverge": {
                // the loss (w - 3)^2 until step 5, then NaN: training must stop with the step and the last finite loss
                var w = dev.autoencoders.tensor.Tensor.of(new double[] {0}, 1);
                var net = new dev.autoencoders.nn.Module() {
                    final dev.autoencoders.tensor.Tensor p = parameter("w", w);
                };
                var opt = new dev.autoencoders.optim.Sgd(net.parameters(), 0.1);
                int[] calls = {0};
                run.fit(net, opt, 100, java.util.Map.of(), "loss", (batch, noise) ->
                        ++calls[0] < 5 ? net.p.sub(3).square().sum() : net.p.mul(Double.NaN).sum());
                return;
            }
            default:
        }
        Splits data = run.data();
        for (int step = 0; step < 10; step++) run.losses().add("train", step, 1.0 / (step + 1));
        run.saveLossPlot("loss");
        run.saveGrid("samples.png", data.test().take(16).images());
        run.metrics().put("final_loss", run.losses().last("train"));
        run.writeMetrics();
        run.log("done: %d epochs", run.options().epochs());
    }
}

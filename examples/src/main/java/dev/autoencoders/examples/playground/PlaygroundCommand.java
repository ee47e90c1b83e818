package dev.autoencoders.examples.playground;

import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autoencoders playground}: a local web page on which the models train and are explored live. Serves on
 * 127.0.0.1 only, prints the address, and runs until stopped (Ctrl-C).
 */
@Command(name = "playground", description = {
    "A local web page where the models train and are explored live: the latent plane of a VAE and of a",
    "plain autoencoder while they train, interpolation, the conditional VAE, denoising, the VQ-VAE's code",
    "map, and PixelCNN sampling one code at a time. Serves http://127.0.0.1:PORT/ (this machine only) until",
    "stopped with Ctrl-C. Models come from --models (default: out/tour, what 'autoencoders tour' wrote) where",
    "there; the others are trained at start (about a minute on 2 cores) while the page shows their progress."})
public final class PlaygroundCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private int port;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "port on 127.0.0.1; 0 = a free one (default: ${DEFAULT-VALUE})")
    void setPort(int value) {
        port = OptionChecks.between(spec, "--port", value, 0, 65535);
    }

    private Path models;

    @Option(names = "--models", paramLabel = "DIR",
            description = "a folder in the layout of the tour's output (DIR/vae, DIR/vq-vae, ...) to load trained models from "
                    + "(default: out/tour if it exists)")
    void setModels(Path value) {
        if (!Files.isDirectory(value)) throw OptionChecks.invalid(spec, "--models", value, "is not a folder");
        models = value;
    }

    private String data;

    @Option(names = "--data", paramLabel = "NAME|DIR", defaultValue = "mnist-10k",
            description = "data set: mnist-10k or fashion-mnist-10k (embedded), or a folder with the four IDX files (default: ${DEFAULT-VALUE})")
    void setData(String value) {
        if (value.isBlank()) throw OptionChecks.invalid(spec, "--data", "'" + value + "'", "must name a data set or a folder");
        data = value;
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of every training run (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = models;
        if (dir == null && Files.isDirectory(Path.of("out", "tour"))) dir = Path.of("out", "tour");
        boolean debugging = debugging();
        // 1. Data and the models on disk (a file that does not fit its model ends the command here, exit 2)
        Playground playground = new Playground(new Playground.Config(data, seed, Budget.START, dir, debugging));
        // 2. The server on 127.0.0.1
        PlaygroundServer server;
        try {
            server = new PlaygroundServer(playground, port);
        } catch (BindException e) {
            playground.close();
            throw new UsageException("--port " + port + ": cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); choose another, or 0 for a free one");
        } catch (IOException e) {
            playground.close();
            throw new IllegalStateException("could not start the server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        // 3. The start-up work: the live latent plane at once, the models not found trained one after the other
        playground.start();
        if (!playground.notes.isEmpty()) out.print(playground.notes);
        out.println("models: " + (dir == null ? "no folder of trained models" : "from " + dir)
                + (playground.trainedAtStart().isEmpty() ? "" : "; training at start: " + String.join(", ", playground.trainedAtStart())));
        out.println("playground: " + server.url() + "  (this machine only; Ctrl-C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            playground.close();
            stopped.countDown();
        }, "playground-shutdown"));
        stopped.await();
        return 0;
    }

    /** The top level's --debug (inherited by every command), or AUTOENCODERS_DEBUG=1: stack traces of failed jobs. */
    private boolean debugging() {
        var option = spec.findOption("--debug");
        Object v = option == null ? null : option.getValue();
        return Boolean.TRUE.equals(v) || "1".equals(System.getenv("AUTOENCODERS_DEBUG"));
    }
}

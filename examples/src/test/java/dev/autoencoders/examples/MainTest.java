package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.util.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** Exit code, standard output and standard error of one invocation. */
    record Result(int code, String out, String err) {
        /** Bad input: exit 2, exactly one line on stderr, no Java stack trace or exception name. */
        Result isOneLineUsageError() {
            assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
            assertOneCleanLine();
            return this;
        }

        void assertOneCleanLine() {
            assertThat(err.lines().count()).as("stderr: %s", err).isEqualTo(1);
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.").doesNotContain("at picocli.");
        }
    }

    private final FakeTrainCommand fake = new FakeTrainCommand();

    private Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), List.of(fake));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersion() {
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: autoencoders").contains("--version").contains("fake").contains("help");
        assertThat(help.err()).isEmpty();
        Result version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("autoencoders ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void commandHelpShowsTheCommandsDefaults() {
        Result r = run("fake", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: autoencoders fake")
                .contains("--data=NAME|DIR").contains("(default: mnist-10k)")
                .contains("--epochs=N").contains("(default: 3)")
                .contains("--batch-size=B").contains("(default: 16)")
                .contains("--lr=RATE").contains("(default: 0.01)")
                .contains("--seed=S").contains("(default: 0)")
                .contains("(default: out/fake)");
        assertThat(run("help", "fake").out()).isEqualTo(r.out());
    }

    @Test
    void missingCommand() {
        assertThat(run().isOneLineUsageError().err()).isEqualTo("autoencoders: missing command (see 'autoencoders --help')\n");
    }

    @Test
    void unknownCommandAndOptions() {
        assertThat(run("zzz").isOneLineUsageError().err()).isEqualTo("autoencoders: unknown command 'zzz' (see 'autoencoders --help')\n");
        assertThat(run("fak").isOneLineUsageError().err()).isEqualTo("autoencoders: unknown command 'fak'; did you mean fake? (see 'autoencoders --help')\n");
        assertThat(run("fake", "extra").isOneLineUsageError().err()).contains("autoencoders fake: Unmatched argument at index 1: 'extra'");
        assertThat(run("--frob").isOneLineUsageError().err()).contains("Unknown option: '--frob'");
        Result r = run("fake", "--epoch", "2").isOneLineUsageError();
        assertThat(r.err()).startsWith("autoencoders fake: Unknown options: '--epoch', '2'; did you mean --epochs?")
                .contains("see 'autoencoders fake --help'");
    }

    @Test
    void badValuesNameTheOptionAndTheValue(@TempDir Path dir) throws IOException {
        assertThat(run("fake", "--epochs", "-1").isOneLineUsageError().err())
                .startsWith("autoencoders fake: Invalid value for option '--epochs': -1 must be >= 0");
        assertThat(run("fake", "--batch-size", "0").isOneLineUsageError().err()).contains("'--batch-size': 0 must be >= 1");
        assertThat(run("fake", "--lr", "0").isOneLineUsageError().err()).contains("'--lr': 0.0 must be a finite number > 0");
        assertThat(run("fake", "--lr", "NaN").isOneLineUsageError().err()).contains("'--lr': NaN");
        assertThat(run("fake", "--lr", "Infinity").isOneLineUsageError().err()).contains("'--lr': Infinity");
        assertThat(run("fake", "--lr", "abc").isOneLineUsageError().err()).contains("'--lr'").contains("abc");
        assertThat(run("fake", "--epochs", "two").isOneLineUsageError().err()).contains("'--epochs'").contains("two");
        assertThat(run("fake", "--seed").isOneLineUsageError().err()).contains("--seed");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(run("fake", "--out", file.toString()).isOneLineUsageError().err()).contains("'--out': " + file + " is a file, not a folder");
    }

    @Test
    void aRunWritesMetricsLossAndGridIntoOut(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("runs/fake");
        Result r = run("fake", "--epochs", "0", "--batch-size", "8", "--lr", "1e-3", "--seed", "42", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("done: 0 epochs\n");
        Metrics m = Metrics.read(out.resolve("metrics.json"));
        assertThat(List.copyOf(m.asMap().keySet())).containsExactly("command", "data", "epochs", "batch_size", "lr", "seed", "final_loss");
        assertThat(m.get("command")).isEqualTo("fake");
        assertThat(m.get("data")).isEqualTo("mnist-10k");
        assertThat(m.get("epochs")).isEqualTo(0L);
        assertThat(m.get("batch_size")).isEqualTo(8L);
        assertThat(m.getDouble("lr")).isEqualTo(1e-3);
        assertThat(m.get("seed")).isEqualTo(42L);
        assertThat(m.getDouble("final_loss")).isEqualTo(0.1);
        assertThat(ImageIO.read(out.resolve("loss.png").toFile()).getWidth()).isEqualTo(800);
        assertThat(ImageIO.read(out.resolve("samples.png").toFile()).getWidth()).isEqualTo(242);
        // the run's generator is seeded with --seed
        assertThat(fake.lastRun.rng().state()).isEqualTo(new dev.autoencoders.random.Rng(42).state());
    }

    @Test
    void defaultsComeFromTheCommand() {
        Result r = run("fake", "--fail", "runtime");
        assertThat(r.code()).isEqualTo(1);
        TrainOptions o = fake.options();
        assertThat(o.data()).isEqualTo("mnist-10k");
        assertThat(o.epochs()).isEqualTo(3);
        assertThat(o.batchSize()).isEqualTo(16);
        assertThat(o.lr()).isEqualTo(0.01);
        assertThat(o.seed()).isZero();
        assertThat(o.out()).isEqualTo(Path.of("out/fake"));
    }

    @Test
    void dataProblemsExitWith2() {
        Result data = run("fake", "--fail", "data");
        assertThat(data.code()).isEqualTo(2);
        assertThat(data.err()).isEqualTo("error: data folder /nowhere lacks train-images-idx3-ubyte[.gz]\n");
        Result malformed = run("fake", "--fail", "malformed");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).isEqualTo("error: x.gz: truncated gzip stream\n");
    }

    @Test
    void aRealMissingDataFolderExitsWith2(@TempDir Path dir) {
        Result r = run("fake", "--data", dir.resolve("nope").toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        r.assertOneCleanLine();
        assertThat(r.err()).startsWith("error: no data set or folder").contains("t10k-labels-idx1-ubyte[.gz]");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void otherFailuresAreOneLineWithExit1() {
        Result r = run("fake", "--fail", "runtime");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: boom second line\n");
        Result npe = run("fake", "--fail", "nomessage");
        assertThat(npe.code()).isEqualTo(1);
        assertThat(npe.err()).isEqualTo("error: NullPointerException (an internal error; run with --debug for the stack trace)\n");
    }

    @Test
    void debugShowsTheStackTrace() {
        Result r = run("fake", "--debug", "--fail", "runtime");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: boom second line\n").contains("java.lang.IllegalStateException").contains("at dev.autoencoders.examples.FakeTrainCommand.train");
        Result top = run("--debug", "fake", "--fail", "runtime");
        assertThat(top.err()).contains("at dev.autoencoders.examples.FakeTrainCommand.train");
    }

    @Test
    void everyRegisteredCommandHasHelp() {
        for (Class<?> c : Main.COMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            Result r = run(name, "--help");
            assertThat(r.code()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage: autoencoders " + name);
        }
        assertThat(Main.COMMANDS).doesNotHaveDuplicates();
    }
}

package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder belongs to one run: a second run on it, a fresh run in a finished folder, and a failed run
 * (however it fails) never lose the first run's results; what a killed run leaves is cleaned by the next.
 */
class OutputFolderTest {

    private static Cli.Result run(FakeTrainCommand fake, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), List.of(fake));
        return new Cli.Result(code, out.toString(), err.toString());
    }

    private static Cli.Result fake(Path out, String... more) {
        String[] args = Stream.concat(Stream.of("fake", "--epochs", "0", "--out", out.toString()), Stream.of(more)).toArray(String[]::new);
        return run(new FakeTrainCommand(), args);
    }

    /** Every file under {@code dir} (hidden ones too, but the lock) by relative path, with its bytes. */
    static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                if (!name.equals(".lock")) files.put(name, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @Test
    void aFreshRunInAFinishedFolderIsRefusedNamingResumeAndOverwrite(@TempDir Path dir) {
        Path out = dir.resolve("run");
        fake(out, "--seed", "1").ok();
        Map<String, byte[]> first = snapshot(out);
        assertThat(first).containsKeys("metrics.json", "loss.png", "samples.png");
        Cli.Result again = fake(out, "--seed", "2");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("autoencoders fake: Invalid value for option '--out': " + out + " holds the results of another run "
                + "(loss.png, metrics.json, samples.png); continue that run with --resume, replace it with --overwrite, or choose another --out "
                + "(see 'autoencoders fake --help')\n");
        assertThat(snapshot(out)).containsExactlyInAnyOrderEntriesOf(first);
        // --overwrite replaces them, and leaves nothing of the first run behind
        fake(out, "--seed", "2", "--overwrite").ok();
        assertThat(Cli.metrics(out).get("seed")).isEqualTo(2L);
        assertThat(snapshot(out).keySet()).containsExactly("loss.png", "metrics.json", "samples.png");
        assertThat(fake(out, "--overwrite", "--resume").code()).isEqualTo(2);
    }

    /** With --overwrite, a run that fails in any way (an exception, a divergence, out of memory) puts the folder back as it was. */
    @Test
    void aFailedOverwriteLeavesTheFolderAsItFoundIt(@TempDir Path dir) {
        Path out = dir.resolve("run");
        fake(out, "--seed", "1").ok();
        Map<String, byte[]> first = snapshot(out);
        for (String how : List.of("runtime", "diverge", "oom", "data")) {
            Cli.Result r = run(new FakeTrainCommand(), "fake", "--epochs", "1", "--batch-size", "10", "--out", out.toString(), "--overwrite", "--fail", how);
            assertThat(r.code()).as(how).isIn(1, 2);
            assertThat(snapshot(out)).as("after --fail %s", how).containsExactlyInAnyOrderEntriesOf(first);
        }
        // and a fresh run that fails in an empty folder leaves no folder
        Path fresh = dir.resolve("fresh/run");
        assertThat(fake(fresh, "--fail", "oom").code()).isEqualTo(1);
        assertThat(dir.resolve("fresh")).doesNotExist();
    }

    /** Out of memory: the heap the run had and how to raise it, exit 1, nothing written. */
    @Test
    void outOfMemoryStatesTheHeapAndHowToRaiseIt(@TempDir Path dir) {
        Cli.Result r = fake(dir.resolve("oom"), "--fail", "oom");
        long gib = 1L << 30, heap = Runtime.getRuntime().maxMemory();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith(String.format(java.util.Locale.ROOT, "error: out of memory: the Java heap had %.1f GiB at most", heap / (double) gib))
                .contains("-Xmx").hasLineCount(1);
        assertThat(Main.outOfMemory(4 * gib, 24 * gib)).isEqualTo("error: out of memory: the Java heap had 4.0 GiB at most; give it more with "
                + "AUTOENCODERS_JAVA_OPTS=-Xmx8g (the heap's maximum; ./autoencoders passes it to Java), or use a smaller --batch-size");
        assertThat(Main.outOfMemory(17 * gib, 24 * gib)).isEqualTo("error: out of memory: the Java heap had 17.0 GiB at most, most of this "
                + "machine's 24.0 GiB: use a smaller --batch-size or a smaller model");
    }

    /** A second run on a folder in use exits 2 at once, naming the holder; the first run is not disturbed. */
    @Test
    void aSecondRunOnAFolderInUseIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("busy");
        FakeTrainCommand holder = new FakeTrainCommand();
        CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() -> run(holder, "fake", "--epochs", "0", "--fail", "hold", "--out", out.toString()));
        assertThat(holder.holding.await(30, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        for (String[] more : new String[][] {{}, {"--resume"}, {"--overwrite"}}) {
            Cli.Result second = fake(out, more);
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err()).startsWith("autoencoders fake: Invalid value for option '--out': " + out + " is in use by another run (process "
                    + ProcessHandle.current().pid() + "); wait for it to finish, or choose another --out");
        }
        // a tour into the folder too: it would replace the page of the tour that holds it
        Cli.Result tour = Cli.run("tour", "--quick", "--only", "ae", "--out", out.toString());
        assertThat(tour.code()).isEqualTo(2);
        assertThat(tour.err()).startsWith("autoencoders tour: Invalid value for option '--out': " + out + " is in use by another run");
        assertThat(System.nanoTime() - t0).as("refused at once").isLessThan(TimeUnit.SECONDS.toNanos(5));
        holder.release.countDown();
        first.get(60, TimeUnit.SECONDS).ok();
        assertThat(Cli.metrics(out).get("command")).isEqualTo("fake");
        // free again: --resume may continue it
        fake(out, "--resume").ok();
    }

    /** A lock file that names a process which holds no lock (it died) is taken over. */
    @Test
    void aStaleLockOfADeadProcessIsTakenOver(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("stale"));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(out.resolve(".lock"), dead.pid() + "\n");
        Cli.Result r = fake(out).ok();
        assertThat(r.out()).contains("took over " + out.resolve(".lock") + " from process " + dead.pid() + ", which is no longer running");
    }

    /** Temporary files of an interrupted atomic write and a killed run's staging folder are removed by the next run. */
    @Test
    void whatAKilledRunLeftIsCleanedByTheNextRun(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("killed"));
        Files.write(out.resolve(".checkpoint.safetensors.8071529.tmp"), new byte[1000]);
        Files.write(out.resolve(".metrics.json.17.tmp"), new byte[10]);
        Files.createDirectories(out.resolve(".staging"));
        Files.write(out.resolve(".staging/model.safetensors"), new byte[10]);
        Cli.Result r = fake(out, "--resume").ok();
        assertThat(r.out()).contains("removed 2 temporary files that a killed run left in " + out);
        assertThat(snapshot(out).keySet()).containsExactly("loss.png", "metrics.json", "samples.png");

        // killed while it moved its results in: the next run finishes the move
        Path moving = Files.createDirectories(dir.resolve("moving/.staging"));
        Files.write(moving.resolve(".committing"), new byte[0]);
        Files.writeString(moving.resolve("model.safetensors"), "the killed run's model");
        Cli.Result next = fake(moving.getParent(), "--resume").ok();
        assertThat(next.out()).contains("finished moving the results of a run that was killed while it moved them");
        assertThat(Files.readString(moving.getParent().resolve("model.safetensors"))).isEqualTo("the killed run's model");
        assertThat(moving).doesNotExist();
    }

    /**
     * A run killed while it replaced another (--overwrite) left the other's files in .previous/ beside its own
     * checkpoint: a fresh run is refused, a failed --overwrite restores .previous/, a successful one replaces both.
     */
    @Test
    void theLastCompleteRunSurvivesAKilledOverwrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        fake(out, "--seed", "1").ok();
        Map<String, byte[]> complete = snapshot(out);
        Files.createDirectories(out.resolve(".previous"));
        for (String f : complete.keySet()) Files.move(out.resolve(f), out.resolve(".previous").resolve(f));
        Files.write(out.resolve("checkpoint.safetensors"), new byte[16]);

        assertThat(fake(out).code()).isEqualTo(2);
        assertThat(fake(out, "--overwrite", "--fail", "runtime").code()).isEqualTo(1);
        assertThat(snapshot(out)).containsExactlyInAnyOrderEntriesOf(complete);

        Files.createDirectories(out.resolve(".previous"));
        for (String f : complete.keySet()) Files.move(out.resolve(f), out.resolve(".previous").resolve(f));
        Files.write(out.resolve("checkpoint.safetensors"), new byte[16]);
        fake(out, "--overwrite", "--seed", "3").ok();
        assertThat(snapshot(out).keySet()).containsExactly("loss.png", "metrics.json", "samples.png");
        assertThat(Cli.metrics(out).get("seed")).isEqualTo(3L);
    }

    /**
     * --overwrite replaces a run's results only: a folder that holds anything else (here a source tree) is refused
     * by every run, fresh, --overwrite or --resume, and nothing in it is touched (not even a hidden .tmp file).
     */
    @Test
    void aFolderThatIsNoRunsIsNeverOverwritten(@TempDir Path dir) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/Main.java"), "class Main {}");
        Files.writeString(project.resolve("notes.md"), "mine");
        Files.writeString(project.resolve("metrics.json"), "{}");
        Files.writeString(project.resolve(".editor.swp.tmp"), "an editor's");
        Map<String, byte[]> before = snapshot(project);
        for (String[] more : new String[][] {{}, {"--overwrite"}, {"--resume"}}) {
            Cli.Result r = fake(project, more);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("autoencoders fake: Invalid value for option '--out': " + project + " holds files that are not a run's results "
                    + "(.editor.swp.tmp, notes.md, src); choose another --out");
        }
        assertThat(snapshot(project)).containsExactlyInAnyOrderEntriesOf(before);
    }

    /** A folder that cannot be used is refused before the command trains (or loads data). */
    @Test
    void anUnusableOutIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String out : List.of("", "/proc/self/no-such-folder/run", file.toString(), file.resolve("below").toString())) {
            FakeTrainCommand fake = new FakeTrainCommand();
            Cli.Result r = run(fake, "fake", "--out", out);
            assertThat(r.code()).as("--out '%s'", out).isEqualTo(2);
            assertThat(r.err()).as("--out '%s'", out).startsWith("autoencoders fake: Invalid value for option '--out': ");
            assertThat(fake.lastRun).as("--out '%s' trained", out).isNull();
        }
    }
}

package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.train.Checkpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run continued from its checkpoint ends with exactly the bytes of an uninterrupted run. */
class ResumeTest {
    private static final String[] AE = {"ae", "--tied", "--batch-size", "256"};

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(AE));
        a.add("--out");
        a.add(out.toString());
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void oneEpochThenResumeToTwoEqualsTwoEpochsByteForByte(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Cli.run(args(straight, "--epochs", "2")).ok();
        Cli.run(args(resumed, "--epochs", "1")).ok();
        Cli.Result r = Cli.run(args(resumed, "--epochs", "2", "--resume"));
        r.ok();
        assertThat(r.out()).contains("resumed from").contains("1 epochs");
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
        assertThat(Checkpoint.read(resumed.resolve("checkpoint.safetensors")).loop().stepLosses())
                .containsExactly(Checkpoint.read(straight.resolve("checkpoint.safetensors")).loop().stepLosses());
    }

    /** A training JVM killed mid-epoch (destroyForcibly) resumes from its last checkpoint to the uninterrupted result. */
    @Test
    void aKilledRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        Cli.run(args(straight, "--epochs", "2")).ok();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args(killed, "--epochs", "2", "--checkpoint-every", "3")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        // 32 steps per epoch at batch 256: kill once a checkpoint of the second epoch's first steps exists
        Path ckpt = killed.resolve("checkpoint.safetensors");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(ckpt) && Checkpoint.read(ckpt).loop().stepLosses().length >= 36) break;
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the training process must still be running when killed; log: %s", Files.readString(dir.resolve("log.txt"))).isTrue();
        // while it runs, the folder is its alone: another run on it, resumed or not, is refused at once, naming the process
        for (String[] more : new String[][] {{"--epochs", "2", "--resume"}, {"--epochs", "2", "--overwrite"}}) {
            long t0 = System.nanoTime();
            Cli.Result second = Cli.run(args(killed, more));
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err()).contains(killed + " is in use by another run (process " + p.pid() + ")");
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
        p.destroyForcibly().waitFor();
        assertThat(killed.resolve("model.safetensors")).doesNotExist();
        int done = Checkpoint.read(ckpt).loop().stepLosses().length;
        assertThat(done % 3).isZero();
        assertThat(done).isLessThan(64);

        // what a kill in the middle of a checkpoint's write leaves: removed by the next run, which takes over the dead run's lock
        Files.write(killed.resolve(".checkpoint.safetensors.4242.tmp"), new byte[4096]);
        // the kill itself may have landed in a checkpoint's write and left a temporary file of its own
        long temporary;
        try (var files = Files.list(killed)) {
            temporary = files.filter(f -> f.getFileName().toString().startsWith(".") && f.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(f)).count();
        }
        Cli.Result resumed = Cli.run(args(killed, "--epochs", "2", "--resume")).ok();
        assertThat(resumed.out()).contains("took over").contains("from process " + p.pid())
                .contains("removed " + temporary + " temporary file" + (temporary == 1 ? " " : "s "));
        assertThat(killed.resolve(".checkpoint.safetensors.4242.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(killed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
    }

    /** The metrics record the epochs the model was trained for: a resumed run that asks for fewer does not undo any. */
    @Test
    void aResumedRunRecordsTheEpochsItWasTrainedFor(@TempDir Path dir) {
        Path out = dir.resolve("run");
        Cli.run(args(out, "--epochs", "2", "--train-limit", "512", "--test-limit", "64")).ok();
        assertThat(Cli.metrics(out).get("epochs")).isEqualTo(2L);
        Cli.run(args(out, "--epochs", "1", "--train-limit", "512", "--test-limit", "64", "--resume")).ok();
        assertThat(Cli.metrics(out).get("epochs")).isEqualTo(2L);
    }

    /** A checkpoint whose metadata claims more than its own history holds (epoch=2000000000) is refused, naming the file. */
    @Test
    void aCheckpointBeyondItsOwnRangeIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Cli.run(args(out, "--epochs", "1", "--train-limit", "512", "--test-limit", "64")).ok();
        Path ckpt = out.resolve("checkpoint.safetensors");
        SafetensorsContent c = Safetensors.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("epoch", "2000000000");
        Safetensors.write(ckpt, c.tensors(), SafetensorsDtype.F64, meta);
        Cli.Result r = Cli.run(args(out, "--epochs", "3", "--train-limit", "512", "--test-limit", "64", "--resume"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + ckpt + ": Trainer.restore: the checkpoint claims 2000000000 epochs done but holds the losses of 1\n");
        assertThat(Cli.metrics(out).get("epochs")).isEqualTo(1L);
    }

    @Test
    void resumeWithoutACheckpointOrWithOtherOptionsIsAUsageError(@TempDir Path dir) {
        Path out = dir.resolve("x");
        Cli.Result none = Cli.run(args(out, "--epochs", "1", "--resume"));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no checkpoint").doesNotContain("Exception");
        Cli.run(args(out, "--epochs", "1")).ok();
        Cli.Result other = Cli.run(args(out, "--epochs", "2", "--resume", "--lr", "0.01"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("lr=0.001").contains("lr=0.01").doesNotContain("Exception");
        // another command's checkpoint: the command is named first
        Cli.Result vae = Cli.run("vae", "--out", out.toString(), "--resume", "--epochs", "1", "--batch-size", "256", "--train-limit", "64", "--test-limit", "64");
        assertThat(vae.code()).isEqualTo(2);
        assertThat(vae.err()).contains("was made with command=ae, this run has command=vae");
    }
}

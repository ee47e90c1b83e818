package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.train.Checkpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        p.destroyForcibly().waitFor();
        assertThat(killed.resolve("model.safetensors")).doesNotExist();
        int done = Checkpoint.read(ckpt).loop().stepLosses().length;
        assertThat(done % 3).isZero();
        assertThat(done).isLessThan(64);

        Cli.run(args(killed, "--epochs", "2", "--resume")).ok();
        assertThat(Files.readAllBytes(killed.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
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
    }
}

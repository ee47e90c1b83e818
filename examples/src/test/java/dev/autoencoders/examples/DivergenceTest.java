package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.io.SafetensorsTestFiles;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Checkpoint;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No run exits 0 with a non-finite model, none replaces a finite one, and no non-finite file is trained on. */
class DivergenceTest {
    private static final String[] SMALL = {"--train-limit", "64", "--test-limit", "64"};

    private static String[] args(String command, Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(command, "--out", out.toString()));
        a.addAll(List.of(SMALL));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A NaN loss stops the run: one line naming the step and the last finite loss, exit 1, the last good checkpoint kept. */
    @Test
    void aNonFiniteLossStopsCleanlyAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[] {"fake", "--fail", "diverge", "--batch-size", "10", "--checkpoint-every", "2", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), List.of(new FakeTrainCommand()));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("at step 5").contains("last finite loss").doesNotContain("Exception");
        Checkpoint.Contents c = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertThat(c.loop().stepLosses()).hasSize(4);
        for (double l : c.loop().stepLosses()) assertThat(l).isFinite();
        assertThat(c.model().get("w").item()).isFinite();
    }

    /**
     * One step of --lr 1e308 has a finite loss and leaves NaN weights, which no loss shows: the run stops with exit 1
     * naming the tensor, writes no model, and with --overwrite the good run in the folder keeps every byte of its
     * model, checkpoint, metrics and figures.
     */
    @Test
    void oneStepThatOverflowsTheWeightsExitsWith1AndReplacesNothing(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("fresh");
        Cli.Result r = Cli.run(args("ae", fresh, "--epochs", "1", "--lr", "1e308"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: after the optimizer's step, tensor 'encoder.0.weight' holds NaN").contains("at step 1 (last finite loss ")
                .hasLineCount(1);
        assertThat(fresh.resolve("model.safetensors")).doesNotExist();
        assertThat(fresh.resolve("metrics.json")).doesNotExist();

        Path good = dir.resolve("good");
        Cli.run(args("ae", good, "--epochs", "1")).ok();
        Map<String, byte[]> before = OutputFolderTest.snapshot(good);
        assertThat(before).containsKeys("model.safetensors", "checkpoint.safetensors", "metrics.json", "loss.png", "reconstructions.png");
        Cli.Result over = Cli.run(args("ae", good, "--epochs", "1", "--lr", "1e308", "--overwrite"));
        assertThat(over.code()).isEqualTo(1);
        assertThat(OutputFolderTest.snapshot(good)).containsExactlyInAnyOrderEntriesOf(before);
    }

    /** A finite model whose evaluation is not finite (a NaN test metric) is not written either: exit 1. */
    @Test
    void aNonFiniteTestMetricExitsWith1AndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("nan-metric");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new String[] {"fake", "--fail", "nan-metric", "--out", out.toString()}, new PrintWriter(o, true), new PrintWriter(e, true),
                List.of(new FakeTrainCommand()));
        assertThat(code).isEqualTo(1);
        assertThat(e.toString()).isEqualTo("error: the run diverged: the metric test_mse is NaN; its results are not written (lower --lr, or check the data)\n");
        assertThat(out).doesNotExist();
    }

    /** pixelcnn --vqvae and --resume refuse a file with a NaN or an infinity, naming the tensor (exit 2). */
    @Test
    void aModelFileOrCheckpointWithNaNIsRefusedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path vq = dir.resolve("vq.safetensors");
        VqVaeFile.save(vq, new VqVae(VqVae.Config.mnist(), new Rng(4)));
        Path nan = withValue(vq, dir.resolve("nan.safetensors"), "dec.2.bias", 3, Double.POSITIVE_INFINITY);
        Cli.Result r = Cli.run(args("pixelcnn", dir.resolve("p"), "--vqvae", nan.toString(), "--epochs", "0", "--filters", "8"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--vqvae': " + nan).contains("tensor 'dec.2.bias' holds Infinity (element 3)").hasLineCount(1);
        assertThat(dir.resolve("p")).doesNotExist();

        Path run = dir.resolve("run");
        Cli.run(args("ae", run, "--epochs", "1", "--tied")).ok();
        Path ckpt = run.resolve("checkpoint.safetensors");
        Files.move(withValue(ckpt, dir.resolve("c.safetensors"), "optimizer.0.exp_avg_sq", 0, Double.NaN), ckpt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Result resumed = Cli.run(args("ae", run, "--epochs", "2", "--tied", "--resume"));
        assertThat(resumed.code()).isEqualTo(2);
        assertThat(resumed.err()).contains(ckpt.toString()).contains("tensor 'optimizer.0.exp_avg_sq' holds NaN (element 0)").hasLineCount(1);
    }

    /** A model file of integer tensors is refused with its dtype; float32 from PyTorch loads. */
    @Test
    void integerModelFilesAreRefusedAndFloat32Loads(@TempDir Path dir) {
        Path vq = dir.resolve("vq.safetensors");
        VqVaeFile.save(vq, new VqVae(VqVae.Config.mnist(), new Rng(4)));
        Path i64 = SafetensorsTestFiles.withDtype(vq, dir.resolve("i64.safetensors"), "I64");
        Cli.Result r = Cli.run(args("pixelcnn", dir.resolve("p"), "--vqvae", i64.toString(), "--epochs", "0", "--filters", "8"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'--vqvae': " + i64).contains("has dtype I64");
        SafetensorsContent c = Safetensors.read(vq);
        Path f32 = dir.resolve("f32.safetensors");
        Safetensors.write(f32, c.tensors(), SafetensorsDtype.F32, c.metadata());
        Cli.run(args("pixelcnn", dir.resolve("q"), "--vqvae", f32.toString(), "--epochs", "0", "--filters", "8")).ok();
    }

    /** A copy of the safetensors file {@code in} with element {@code i} of tensor {@code name} set to {@code value}. */
    static Path withValue(Path in, Path out, String name, int i, double value) {
        SafetensorsContent c = Safetensors.read(in);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        double[] v = t.get(name).data().clone();
        v[i] = value;
        t.put(name, Tensor.of(v, t.get(name).shape()));
        Safetensors.write(out, t, SafetensorsDtype.F64, c.metadata());
        return out;
    }
}

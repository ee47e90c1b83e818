package dev.autoencoders.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint holds only finite, floating-point, self-consistent states: what is not is neither written nor read. */
class CheckpointTest {

    /** A checkpoint after one epoch of 3 steps of a 2 -> 3 linear layer. */
    private static Path saved(Path dir) {
        Linear net = new Linear(2, 3, new Rng(1));
        Adam adam = new Adam(net.parameters(), 0.01);
        Trainer t = new Trainer(adam, 6, 2, new Rng(2));
        Tensor x = Tensor.rand(new Rng(3), 6, 2);
        t.fit(1, (b, n) -> net.forward(dev.autoencoders.tensor.Reshaping.indexSelect(x, b)).square().mean(), null);
        Path f = dir.resolve("checkpoint.safetensors");
        Checkpoint.save(f, net, adam, t, Map.of("lr", "0.01"));
        return f;
    }

    /** The file with one tensor or metadata value changed, written with the given dtype. */
    private static Path altered(Path f, String tensor, Tensor value, String key, String meta, SafetensorsDtype dtype) {
        SafetensorsContent c = Safetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
        if (tensor != null) tensors.put(tensor, value);
        Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
        if (key != null) metadata.put(key, meta);
        Path out = f.resolveSibling("altered-" + f.getFileName());
        if (dtype == SafetensorsDtype.I64) {
            // the writer writes floats only: an I64 file as PyTorch would write one, through the test helper's bytes
            out = dev.autoencoders.io.SafetensorsTestFiles.withDtype(f, out, "I64");
        } else {
            Safetensors.write(out, tensors, dtype, metadata);
        }
        return out;
    }

    @Test
    void aSavedCheckpointReadsBack(@TempDir Path dir) {
        Checkpoint.Contents c = Checkpoint.read(saved(dir));
        assertThat(c.loop().epoch()).isEqualTo(1);
        assertThat(c.loop().stepLosses()).hasSize(3);
        assertThat(c.optimizerSteps()).isEqualTo(3);
    }

    @Test
    void aTensorWithNaNOrInfinityIsRefusedWithItsName(@TempDir Path dir) {
        Path f = saved(dir);
        Path nan = altered(f, "model.weight", Tensor.of(new double[] {0, 1, Double.NaN, 3, 4, 5}, 3, 2), null, null, SafetensorsDtype.F64);
        assertThatThrownBy(() -> Checkpoint.read(nan)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining(nan.toString()).hasMessageContaining("tensor 'model.weight' holds NaN (element 2)");
        Path inf = altered(f, "trainer.step_losses", Tensor.of(new double[] {1, Double.POSITIVE_INFINITY, 1}, 3), null, null, SafetensorsDtype.F64);
        assertThatThrownBy(() -> Checkpoint.read(inf)).isInstanceOf(MalformedFileException.class).hasMessageContaining("'trainer.step_losses' holds Infinity");
    }

    @Test
    void metadataBeyondTheRunsOwnRangeIsRefused(@TempDir Path dir) {
        Path f = saved(dir);
        Linear net = new Linear(2, 3, new Rng(1));
        Adam adam = new Adam(net.parameters(), 0.01);
        Trainer t = new Trainer(adam, 6, 2, new Rng(2));
        Path epochs = altered(f, null, null, "epoch", "2000000000", SafetensorsDtype.F64);
        assertThatThrownBy(() -> Checkpoint.restore(Checkpoint.read(epochs), net, adam, t)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("2000000000 epochs");
        Path tooLarge = altered(f, null, null, "epoch", "99999999999", SafetensorsDtype.F64);
        assertThatThrownBy(() -> Checkpoint.read(tooLarge)).isInstanceOf(MalformedFileException.class).hasMessageContaining("'epoch' = '99999999999' is not a count");
        Path steps = altered(f, null, null, "optimizer_steps", "1000000000000", SafetensorsDtype.F64);
        assertThatThrownBy(() -> Checkpoint.restore(Checkpoint.read(steps), net, adam, t)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("'optimizer_steps' = 1000000000000");
        // nothing was changed by the refused restores
        assertThat(t.epoch()).isZero();
        assertThat(adam.steps()).isZero();
    }

    @Test
    void float32LoadsAndIntegerTensorsAreRefusedWithTheDtype(@TempDir Path dir) {
        Path f = saved(dir);
        Path f32 = altered(f, null, null, null, null, SafetensorsDtype.F32);
        assertThat(Checkpoint.read(f32).model()).containsKeys("weight", "bias");
        Path i64 = altered(f, null, null, null, null, SafetensorsDtype.I64);
        assertThatThrownBy(() -> Checkpoint.read(i64)).isInstanceOf(MalformedFileException.class).hasMessageContaining("has dtype I64");
    }

    @Test
    void aNonFiniteStateIsNotSavedAndTheOldCheckpointStays(@TempDir Path dir) throws Exception {
        Path f = saved(dir);
        byte[] before = Files.readAllBytes(f);
        Linear net = new Linear(2, 3, new Rng(1));
        net.weight.data()[4] = Double.NEGATIVE_INFINITY;
        Adam adam = new Adam(net.parameters(), 0.01);
        assertThatThrownBy(() -> Checkpoint.save(f, net, adam, new Trainer(adam, 6, 2, new Rng(2)), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tensor 'model.weight' holds -Infinity");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
    }
}

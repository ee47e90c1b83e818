package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.io.SafetensorsTestFiles;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What VqVaeFile refuses before it builds a model: settings the tensors contradict, integer tensors, NaN and infinity. */
class VqVaeFileTest {

    private static Path saved(Path dir) {
        Path f = dir.resolve("vq.safetensors");
        VqVaeFile.save(f, new VqVae(VqVae.Config.mnist(), new Rng(3)));
        return f;
    }

    private static Path rewritten(Path f, String name, Map<String, Tensor> tensors, Map<String, String> meta, SafetensorsDtype dtype) {
        Path out = f.resolveSibling(name);
        Safetensors.write(out, tensors, dtype, meta);
        return out;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Metadata is checked against the tensors before a model is built: a 400 kB file whose metadata says
     * channels1=1000000 is refused after reading the file alone, never building a model of that size.
     */
    @Test
    void metadataThatContradictsTheTensorsIsRefusedBeforeAModelIsBuilt(@TempDir Path dir) throws Exception {
        Path f = saved(dir);
        SafetensorsContent c = Safetensors.read(f);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("channels1", "1000000");
        Path big = rewritten(f, "big.safetensors", c.tensors(), meta, SafetensorsDtype.F64);
        assertThat(Files.size(big)).isLessThan(500_000);
        VqVaeFile.load(f); // warm-up: class loading is not the reader's doing
        long before = allocatedBytes();
        assertThatThrownBy(() -> VqVaeFile.load(big)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("big.safetensors").hasMessageContaining("metadata 'channels1' = 1000000 but tensor 'enc.0.weight' has 32 output channels");
        // reading the file (its 50,000 doubles, widened) and no model: a few megabytes, not gigabytes
        assertThat(allocatedBytes() - before).isLessThan(16L << 20);
        meta.put("channels1", "32");
        meta.put("channels2", "63");
        Path c2 = rewritten(f, "c2.safetensors", c.tensors(), meta, SafetensorsDtype.F64);
        assertThatThrownBy(() -> VqVaeFile.load(c2)).isInstanceOf(MalformedFileException.class).hasMessageContaining("'channels2' = 63");
    }

    @Test
    void aTensorWithNaNOrInfinityIsRefusedWithItsName(@TempDir Path dir) {
        Path f = saved(dir);
        SafetensorsContent c = Safetensors.read(f);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        Tensor w = t.get("dec.4.weight");
        double[] v = w.data().clone();
        v[5] = Double.NaN;
        t.put("dec.4.weight", Tensor.of(v, w.shape()));
        Path nan = rewritten(f, "nan.safetensors", t, c.metadata(), SafetensorsDtype.F64);
        assertThatThrownBy(() -> VqVaeFile.load(nan)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("nan.safetensors: tensor 'dec.4.weight' holds NaN (element 5)");
    }

    @Test
    void float32FromPyTorchLoadsAndIntegerTensorsAreRefusedWithTheDtype(@TempDir Path dir) {
        Path f = saved(dir);
        SafetensorsContent c = Safetensors.read(f);
        Path f32 = rewritten(f, "f32.safetensors", c.tensors(), c.metadata(), SafetensorsDtype.F32);
        assertThat(VqVaeFile.load(f32).config).isEqualTo(VqVae.Config.mnist());
        Path i64 = SafetensorsTestFiles.withDtype(f, dir.resolve("i64.safetensors"), "I64");
        assertThatThrownBy(() -> VqVaeFile.load(i64)).isInstanceOf(MalformedFileException.class).hasMessageContaining("i64.safetensors")
                .hasMessageContaining("has dtype I64");
    }
}

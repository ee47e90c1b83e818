package dev.autoencoders.vq;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The PyTorch-computed fixtures of tools/pytorch/vq_fixtures.py (test resources under {@code vq/}). */
final class TwinFixtures {
    private TwinFixtures() {}

    /** All tensors of a fixture file. */
    static Map<String, Tensor> read(String name) {
        try {
            Path p = Path.of(TwinFixtures.class.getResource("/vq/" + name).toURI());
            return Safetensors.read(p).tensors();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries under {@code prefix.}, with the prefix removed. */
    static Map<String, Tensor> under(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) out.put(k.substring(prefix.length() + 1), v);
        });
        return out;
    }

    /** A tensor of whole numbers stored as F64, as ints. */
    static int[] ints(Tensor t) {
        int[] out = new int[t.numel()];
        for (int i = 0; i < out.length; i++) out[i] = (int) t.data()[i];
        return out;
    }
}

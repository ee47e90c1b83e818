package dev.autoencoders.vq;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained {@link VqVae} in a safetensors file: its state dict (PyTorch names, F64) and, as metadata, the settings
 * the state dict does not show (the codebook update, beta, the EMA decay and epsilon, the restart period). A file
 * written by the PyTorch twin ({@code torch.save} converted with {@code safetensors.torch.save_file}, no metadata)
 * loads as the twin's plain codebook, with K and D read from {@code codebook.weight}.
 */
public final class VqVaeFile {
    private VqVaeFile() {}

    /** Metadata value of {@code format}. */
    public static final String FORMAT = "autoencoders-vqvae/1";

    /** Writes the model's state dict and settings to {@code file}, atomically. */
    public static void save(Path file, VqVae model) {
        VqVae.Config c = model.config;
        VectorQuantizer.Config q = c.quantizer();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("channels1", Integer.toString(c.channels1()));
        meta.put("channels2", Integer.toString(c.channels2()));
        meta.put("update", q.update().name());
        meta.put("beta", Double.toString(q.beta()));
        meta.put("decay", Double.toString(q.decay()));
        meta.put("epsilon", Double.toString(q.epsilon()));
        meta.put("restart_after", Integer.toString(q.restartAfter()));
        Safetensors.write(file, model.stateDict(), SafetensorsDtype.F64, meta);
    }

    /**
     * Reads a VQ-VAE. The tensors must be floating point and finite; the metadata's channel counts must be those of
     * the tensors ({@code enc.0.weight}: channels1 x 1 x 3 x 3, {@code enc.2.weight}: channels2 x channels1 x 3 x 3)
     * before the model is built, so that the model is never larger than the file's own tensors; then every tensor
     * name and shape is checked against the model the file describes.
     *
     * @throws MalformedFileException naming the file, for bad bytes, bad settings, or tensors that do not fit
     */
    public static VqVae load(Path file) {
        String name = file.toString();
        SafetensorsContent content = Safetensors.read(file);
        Safetensors.checkFloatingPoint(content, name);
        Map<String, Tensor> tensors = content.tensors();
        Safetensors.checkFinite(tensors, name);
        Map<String, String> meta = content.metadata();
        Tensor book = tensors.get("codebook.weight");
        if (book == null || book.rank() != 2) {
            throw new MalformedFileException(name, "not a VQ-VAE: it has no 2-D tensor 'codebook.weight' (the K x D codebook)");
        }
        VqVae.Config config;
        try {
            config = config(meta, book.dim(0), book.dim(1), name);
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(name, "bad VQ-VAE settings in the metadata: " + e.getMessage(), e);
        }
        channels(tensors, "enc.0.weight", config.channels1(), "channels1", name);
        channels(tensors, "enc.2.weight", config.channels2(), "channels2", name);
        VqVae model = new VqVae(config, new Rng(0));
        Map<String, int[]> expected = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> expected.put(k, v.shape()));
        Safetensors.checkAgainst(tensors, expected, name);
        model.loadStateDict(tensors, name);
        return model;
    }

    /** The metadata's channel count {@code key} must be the output channels (dimension 0) of the 4-D tensor {@code tensor}. */
    private static void channels(Map<String, Tensor> tensors, String tensor, int channels, String key, String file) {
        Tensor t = tensors.get(tensor);
        if (t == null || t.rank() != 4) {
            throw new MalformedFileException(file, "not a VQ-VAE: it has no 4-D tensor '" + tensor + "' (a convolution's weight)");
        }
        if (t.dim(0) != channels) {
            throw new MalformedFileException(file, "metadata '" + key + "' = " + channels + " but tensor '" + tensor + "' has " + t.dim(0) + " output channels");
        }
    }

    private static VqVae.Config config(Map<String, String> meta, int k, int d, String file) {
        if (!meta.containsKey("format")) return VqVae.Config.mnist(VectorQuantizer.Config.plain(k, d));
        if (!FORMAT.equals(meta.get("format"))) {
            throw new MalformedFileException(file, "metadata format is '" + meta.get("format") + "', expected " + FORMAT);
        }
        VectorQuantizer.Config q = new VectorQuantizer.Config(k, d, number(meta, "beta", file),
                update(field(meta, "update", file), file), number(meta, "decay", file),
                number(meta, "epsilon", file), integer(meta, "restart_after", file));
        return new VqVae.Config(integer(meta, "channels1", file), integer(meta, "channels2", file), q);
    }

    private static VectorQuantizer.Update update(String v, String file) {
        for (VectorQuantizer.Update u : VectorQuantizer.Update.values()) if (u.name().equals(v)) return u;
        throw new MalformedFileException(file, "metadata 'update' = '" + v + "' is neither LOSS nor EMA");
    }

    private static String field(Map<String, String> meta, String key, String file) {
        String v = meta.get(key);
        if (v == null) throw new MalformedFileException(file, "metadata '" + key + "' is missing");
        return v;
    }

    private static int integer(Map<String, String> meta, String key, String file) {
        String v = field(meta, key, file);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }

    private static double number(Map<String, String> meta, String key, String file) {
        String v = field(meta, key, file);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "metadata '" + key + "' = '" + v + "' is not a number");
        }
    }
}

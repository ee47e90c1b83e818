package dev.autoencoders.examples.playground;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.PixelCnn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The trained models a folder holds in the layout the tour writes: {@code DIR/<stage>/model.safetensors} beside the
 * stage's {@code metrics.json}. A model is used only if its metrics say it was trained on the playground's data set;
 * a file that is there but does not fit its model is an error naming the file.
 */
final class ModelFiles {
    private ModelFiles() {}

    /** A stage's model file and metrics. */
    record Found(Path file, Metrics metrics) {}

    /**
     * The model of {@code stage} under {@code dir}, or null when the folder, the file or its metrics.json is missing, or
     * the metrics name another data set than {@code data} (the reason goes to {@code notes}).
     */
    static Found find(Path dir, String stage, String data, StringBuilder notes) {
        if (dir == null) return null;
        Path file = dir.resolve(stage).resolve("model.safetensors"), metrics = dir.resolve(stage).resolve("metrics.json");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(metrics)) return null;
        Metrics m = Metrics.read(metrics);
        Object trainedOn = m.has("data") ? m.get("data") : null;
        if (!data.equals(trainedOn)) {
            notes.append(file).append(" was trained on ").append(trainedOn).append(", not ").append(data).append(": not used\n");
            return null;
        }
        return new Found(file, m);
    }

    /** Loads {@code file}'s state dict into {@code model} (every name and shape checked) and returns the model. */
    static <M extends Module> M load(Path file, M model) {
        return load(file, Safetensors.read(file).tensors(), model);
    }

    private static <M extends Module> M load(Path file, Map<String, Tensor> tensors, M model) {
        try {
            model.loadStateDict(tensors, file.toString());
        } catch (RuntimeException e) {
            throw new MalformedFileException(file, e.getMessage());
        }
        return model;
    }

    /**
     * A PixelCNN prior saved by the {@code pixelcnn} command (a state dict without settings): its settings are read off
     * the tensors' shapes ({@code emb.weight: (K, F)}, {@code a.weight: (F, F, k, k)}, the numbered {@code res.i} and
     * {@code b.i} layers); it must be a prior over the {@code codes} values of the VQ-VAE beside it.
     */
    static PixelCnn pixelCnn(Path file, int codes) {
        Map<String, Tensor> t = Safetensors.read(file).tensors();
        Tensor emb = t.get("emb.weight"), a = t.get("a.weight");
        if (emb == null || emb.rank() != 2 || a == null || a.rank() != 4) {
            throw new MalformedFileException(file, "not a PixelCNN prior: it needs 'emb.weight' (K, F) and 'a.weight' (F, F, k, k)");
        }
        if (emb.dim(0) != codes) {
            throw new MalformedFileException(file, "a prior over " + emb.dim(0) + " codes, but the VQ-VAE beside it has K = " + codes);
        }
        TreeSet<String> res = new TreeSet<>(), b = new TreeSet<>();
        for (String k : t.keySet()) {
            if (k.startsWith("cond.")) throw new MalformedFileException(file, "a conditional prior (tensor '" + k + "'); the playground samples an unconditional one");
            if (k.startsWith("res.")) res.add(k.split("\\.")[1]);
            if (k.startsWith("b.")) b.add(k.split("\\.")[1]);
        }
        PixelCnn.Config config;
        try {
            config = new PixelCnn.Config(emb.dim(0), emb.dim(1), a.dim(3), res.size(), b.size(), 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(file, e.getMessage());
        }
        return load(file, t, new PixelCnn(config, new Rng(0)));
    }
}

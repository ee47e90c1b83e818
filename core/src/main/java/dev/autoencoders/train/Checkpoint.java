package dev.autoencoders.train;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.io.SafetensorsContent;
import dev.autoencoders.io.SafetensorsDtype;
import dev.autoencoders.nn.Module;
import dev.autoencoders.optim.Optimizer;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training checkpoint: everything needed to continue a run bit for bit, in one safetensors file (no Java
 * serialization). Tensors: the model's state dict under {@code model.}, the optimizer's moments under
 * {@code optimizer.}, the loop's current epoch order and loss history under {@code trainer.}. Metadata (strings):
 * the format, epoch and position, the optimizer's step count, both generators' states, and the run's options.
 * Doubles in the metadata are written with {@link Double#toString}, which reads back to the same bits.
 * Written atomically, so a crash leaves the previous checkpoint intact. Only finite states are written, and only
 * finite, floating-point, self-consistent ones are read back.
 */
public final class Checkpoint {
    public static final String FORMAT = "autoencoders-checkpoint/1";

    private Checkpoint() {}

    /** What a checkpoint file holds, read and checked for completeness (not yet against a model). */
    public record Contents(Map<String, Tensor> model, Map<String, Tensor> optimizer, long optimizerSteps,
                           Trainer.State loop, Map<String, String> options, String file) {}

    /**
     * Saves the state of a run. {@code options} are the run's settings (compared on resume).
     *
     * @throws IllegalStateException if a tensor of the model or the optimizer is not finite: nothing is written, the
     *                               previous checkpoint stays
     */
    public static void save(Path file, Module model, Optimizer optimizer, Trainer trainer, Map<String, String> options) {
        Trainer.State s = trainer.state();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        optimizer.state().forEach((k, v) -> tensors.put("optimizer." + k, v));
        String bad = Safetensors.firstNonFinite(tensors);
        if (bad != null) throw new IllegalStateException("the checkpoint " + file + " is not saved: " + bad);
        if (s.perm() != null) tensors.put("trainer.perm", Tensor.of(Arrays.stream(s.perm()).asDoubleStream().toArray(), s.perm().length));
        tensors.put("trainer.step_losses", Tensor.of(s.stepLosses(), s.stepLosses().length));
        tensors.put("trainer.epoch_losses", Tensor.of(s.epochLosses(), s.epochLosses().length));
        Map<String, String> meta = new TreeMap<>();
        options.forEach((k, v) -> meta.put("option." + k, v));
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(s.epoch()));
        meta.put("next_start", Integer.toString(s.nextStart()));
        meta.put("epoch_sum", Double.toString(s.epochSum()));
        meta.put("epoch_batches", Integer.toString(s.epochBatches()));
        meta.put("optimizer_steps", Long.toString(optimizer.steps()));
        meta.put("data_rng", longs(s.dataRng()));
        meta.put("noise_rng", longs(s.noiseRng()));
        Safetensors.write(file, tensors, SafetensorsDtype.F64, meta);
    }

    /**
     * Reads a checkpoint; a file that is not a complete checkpoint (a tensor of another dtype than floats, a NaN or
     * an infinity, a missing part) gives a {@link MalformedFileException} naming the file and the fault.
     */
    public static Contents read(Path file) {
        SafetensorsContent c = Safetensors.read(file);
        String name = file.toString();
        Safetensors.checkFloatingPoint(c, name);
        Safetensors.checkFinite(c.tensors(), name);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new MalformedFileException(name, "not a training checkpoint (metadata format is " + meta.get("format") + ", expected " + FORMAT + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>(), optim = new LinkedHashMap<>();
        Tensor perm = null, stepLosses = null, epochLosses = null;
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model.")) model.put(k.substring(6), e.getValue());
            else if (k.startsWith("optimizer.")) optim.put(k.substring(10), e.getValue());
            else if (k.equals("trainer.perm")) perm = e.getValue();
            else if (k.equals("trainer.step_losses")) stepLosses = e.getValue();
            else if (k.equals("trainer.epoch_losses")) epochLosses = e.getValue();
            else throw new MalformedFileException(name, "unexpected tensor '" + k + "' in a training checkpoint");
        }
        if (stepLosses == null || epochLosses == null) throw new MalformedFileException(name, "the loss history (trainer.step_losses, trainer.epoch_losses) is missing");
        Map<String, String> options = new TreeMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("option.")) options.put(k.substring(7), v);
        });
        Trainer.State loop = new Trainer.State(integer(meta, "epoch", name), perm == null ? null : ints(perm, name),
                integer(meta, "next_start", name), real(meta, "epoch_sum", name), integer(meta, "epoch_batches", name),
                rngState(meta, "data_rng", name), rngState(meta, "noise_rng", name), stepLosses.data(), epochLosses.data());
        return new Contents(model, optim, count(meta, "optimizer_steps", name), loop, options, name);
    }

    /**
     * Restores a model, its optimizer and the loop from checkpoint contents. Names and shapes are checked before
     * anything is changed; a mismatch names the tensor and both shapes.
     */
    public static void restore(Contents c, Module model, Optimizer optimizer, Trainer trainer) {
        Map<String, Tensor> own = model.stateDict(), ownOpt = optimizer.state();
        Safetensors.checkAgainst(c.model(), shapes(own), c.file() + " (model)");
        Safetensors.checkAgainst(c.optimizer(), shapes(ownOpt), c.file() + " (optimizer)");
        if (c.optimizerSteps() != c.loop().stepLosses().length) {
            throw new MalformedFileException(c.file(), "checkpoint metadata 'optimizer_steps' = " + c.optimizerSteps() + " but the loss history holds "
                    + c.loop().stepLosses().length + " steps");
        }
        try {
            trainer.restore(c.loop());
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(c.file(), e.getMessage(), e);
        }
        model.loadStateDict(c.model(), c.file());
        ownOpt.forEach((k, t) -> System.arraycopy(c.optimizer().get(k).data(), 0, t.data(), 0, t.numel()));
        optimizer.setSteps(c.optimizerSteps());
    }

    private static Map<String, int[]> shapes(Map<String, Tensor> m) {
        Map<String, int[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.shape()));
        return out;
    }

    private static String longs(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    private static String field(Map<String, String> meta, String key, String file) {
        String v = meta.get(key);
        if (v == null) throw new MalformedFileException(file, "checkpoint metadata '" + key + "' is missing");
        return v;
    }

    private static int integer(Map<String, String> meta, String key, String file) {
        try {
            long v = Long.parseLong(field(meta, key, file));
            if (v < 0 || v > Integer.MAX_VALUE) throw new NumberFormatException("out of range");
            return (int) v;
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "checkpoint metadata '" + key + "' = '" + meta.get(key) + "' is not a count");
        }
    }

    private static long count(Map<String, String> meta, String key, String file) {
        try {
            long v = Long.parseLong(field(meta, key, file));
            if (v < 0) throw new NumberFormatException("negative");
            return v;
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "checkpoint metadata '" + key + "' = '" + meta.get(key) + "' is not a count");
        }
    }

    private static double real(Map<String, String> meta, String key, String file) {
        try {
            return Double.parseDouble(field(meta, key, file));
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "checkpoint metadata '" + key + "' = '" + meta.get(key) + "' is not a number");
        }
    }

    private static long[] rngState(Map<String, String> meta, String key, String file) {
        String[] parts = field(meta, key, file).split(",");
        try {
            if (parts.length != 6) throw new NumberFormatException();
            long[] s = new long[6];
            for (int i = 0; i < 6; i++) s[i] = Long.parseLong(parts[i]);
            if ((s[0] | s[1] | s[2] | s[3]) == 0) throw new NumberFormatException();
            return s;
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file, "checkpoint metadata '" + key + "' is not a generator state (6 integers, not all zero)");
        }
    }

    private static int[] ints(Tensor t, String file) {
        int[] out = new int[t.numel()];
        boolean[] seen = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            double v = t.data()[i];
            if (v != Math.rint(v) || v < 0 || v >= out.length || seen[(int) v]) {
                throw new MalformedFileException(file, "trainer.perm is not a permutation of 0.." + (out.length - 1));
            }
            out[i] = (int) v;
            seen[out[i]] = true;
        }
        return out;
    }
}

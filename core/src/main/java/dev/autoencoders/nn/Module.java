package dev.autoencoders.nn;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a model with named parameters, PyTorch style. A subclass keeps its parameters and sub-modules
 * in typed final fields and registers each once, in its constructor, under the name PyTorch would give it:
 * <pre>
 *   this.fc1 = child("fc1", new Linear(784, 400, rng));
 *   this.weight = parameter("weight", Init.uniform(...));
 * </pre>
 * The registered names make the {@link #stateDict()} keys ({@code fc1.weight}, {@code enc.0.bias}), in
 * PyTorch's order (a module's own parameters, then its buffers, then its children, each in registration
 * order), so that weights move between this project and PyTorch through safetensors.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private Module parent;
    private String name = "";

    /** Registers a trainable parameter (sets requiresGrad) and returns it, for assignment to a field. */
    protected final Tensor parameter(String name, Tensor t) {
        checkName(name);
        params.put(name, t.requiresGrad(true));
        return t;
    }

    /** Registers a non-trainable tensor that belongs in the state dict (e.g. a mask, EMA statistics). */
    protected final Tensor buffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    /** Registers a sub-module and returns it, for assignment to a field. */
    protected final <M extends Module> M child(String name, M m) {
        checkName(name);
        Module mod = m;
        if (mod.parent != null) throw new IllegalArgumentException("module " + mod.path() + " is already registered; cannot register it again as " + name);
        mod.parent = this;
        mod.name = name;
        children.put(name, mod);
        return m;
    }

    private void checkName(String n) {
        if (n.isEmpty() || n.contains(".")) throw new IllegalArgumentException("bad module entry name '" + n + "'");
        if (params.containsKey(n) || buffers.containsKey(n) || children.containsKey(n)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + n + "' registered twice");
        }
    }

    /** The dotted path of this module inside the model it was registered in ({@code "enc.0"}), or its class name at the top. */
    public final String path() {
        if (parent == null) return getClass().getSimpleName();
        String p = parent.parent == null ? "" : parent.path() + ".";
        return p + name;
    }

    /** Trainable parameters by dotted name, in state-dict order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    /** Trainable parameters in state-dict order (what an optimizer updates). */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters and buffers by dotted name, as PyTorch's {@code state_dict()}. The tensors are the live ones. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withBuffers) {
        params.forEach((n, t) -> out.put(prefix + n, t));
        if (withBuffers) buffers.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, withBuffers));
    }

    /** The number of trainable scalars. */
    public final long numParameters() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    /** Clears the gradients of all parameters. */
    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) t.zeroGrad();
    }

    /**
     * Copies values into this module's parameters and buffers. Every name must be present with the right shape
     * and no other name may appear; otherwise nothing is changed and the exception lists the problem.
     *
     * @param source where the values come from, for messages (a file name)
     */
    public final void loadStateDict(Map<String, Tensor> values, String source) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor v = values.get(e.getKey());
            if (v == null) {
                problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Arrays.toString(e.getValue().shape()) + ")");
            } else if (!Arrays.equals(v.shape(), e.getValue().shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(v.shape()) + " but the model expects " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String k : values.keySet()) if (!own.containsKey(k)) problems.add("unexpected tensor '" + k + "'");
        if (!problems.isEmpty()) {
            throw new ShapeException(source + " does not fit " + path() + ": " + String.join("; ", problems));
        }
        List<double[]> before = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            before.add(e.getValue().data().clone());
            double[] src = values.get(e.getKey()).data();
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
        try {
            checkLoadedStateRecursively();
        } catch (RuntimeException e) {
            int i = 0;
            for (Tensor t : own.values()) System.arraycopy(before.get(i++), 0, t.data(), 0, t.numel());
            throw new ShapeException(source + " does not fit " + path() + ": " + e.getMessage());
        }
    }

    private void checkLoadedStateRecursively() {
        checkLoadedState();
        for (Module m : children.values()) m.checkLoadedStateRecursively();
    }

    /**
     * Called after {@link #loadStateDict} copied the values in: a module whose buffers must satisfy a condition
     * (a fixed mask, say) checks it here and throws with a message naming the layer.
     */
    protected void checkLoadedState() {
    }
}

package dev.autoencoders.vq;

import dev.autoencoders.nn.Module;
import java.util.Iterator;
import java.util.List;

/**
 * Sub-modules held in a list and registered as {@code "0", "1", ...}, like PyTorch's {@code nn.ModuleList}: a
 * container without a forward of its own (the owner decides how to apply them), giving state-dict names such as
 * {@code b.0.weight, b.1.weight}.
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules;

    public ModuleList(List<M> modules) {
        this.modules = List.copyOf(modules);
        for (int i = 0; i < this.modules.size(); i++) child(Integer.toString(i), this.modules.get(i));
    }

    public M get(int i) {
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<M> iterator() {
        return modules.iterator();
    }
}

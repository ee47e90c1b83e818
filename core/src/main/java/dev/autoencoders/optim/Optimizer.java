package dev.autoencoders.optim;

import dev.autoencoders.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. A subclass implements {@link #update} for one parameter; the
 * base class keeps the step count and the per-parameter state tensors (moments, momentum buffers), which
 * {@link #state()} exposes by name for checkpoints.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected double lr;
    protected long steps;

    protected Optimizer(List<Tensor> params, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be > 0 and finite, got " + lr);
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() != null) update(i, p.data(), p.grad());
        }
    }

    /** Updates parameter {@code i} in place given its gradient; {@link #steps} is already incremented. */
    protected abstract void update(int i, double[] p, double[] g);

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be > 0 and finite, got " + lr);
        this.lr = lr;
    }

    /** Number of steps taken. */
    public long steps() {
        return steps;
    }

    /** The state tensors by name ({@code "<i>.<buffer>"}), live (writing into them restores a state). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (Map.Entry<String, double[]> e : buffers(i).entrySet()) {
                out.put(i + "." + e.getKey(), Tensor.of(e.getValue(), params.get(i).shape()));
            }
        }
        return out;
    }

    /** Sets the step count (when restoring a checkpoint). */
    public void setSteps(long steps) {
        this.steps = steps;
    }

    /** The named state buffers of parameter {@code i}, each with the parameter's size. */
    protected abstract Map<String, double[]> buffers(int i);
}

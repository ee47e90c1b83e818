package dev.autoencoders.train;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.optim.Optimizer;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mini-batch training loop every model shares:
 * <pre>
 *   for each epoch:
 *     perm = a random permutation of the n training examples     (data generator)
 *     for each batch B of perm, in order:
 *       L = step.loss(B, noise)                                  (noise generator: VAE eps, DAE corruption, ...)
 *       stop if L is not finite
 *       zero the gradients, L.backward(), optimizer.step()
 *       stop if a guarded tensor (the model's, see guard) is not finite
 * </pre>
 * Both generators are forked from the run's seeded generator, so the same seed gives the same bits.
 */
public final class Trainer {

    /** The model-specific part: the loss of one batch, given the indices of its examples. */
    @FunctionalInterface
    public interface Step {
        /**
         * A one-element loss tensor; {@code noise} is the generator for the step's random draws. If the loss records a
         * graph, the trainer backpropagates it; if not, the step must have put its gradients in place itself
         * ({@link Tensor#accumulateGrad}, as the RBM's hand-written CD-k update does).
         */
        Tensor loss(int[] batch, Rng noise);
    }

    /** Called after each epoch with its number (from 1) and mean loss. */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, double meanLoss);
    }

    /**
     * Thrown when a loss, or a value of a guarded tensor after the optimizer's step, is NaN or infinite; training
     * stops and nothing is saved after the last good state.
     */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final long step;
        public final double lastFiniteLoss;

        DivergedException(long step, double loss, double lastFiniteLoss) {
            this("loss became " + loss, step, lastFiniteLoss);
        }

        DivergedException(String what, long step, double lastFiniteLoss) {
            super(what + " at step " + step + (Double.isNaN(lastFiniteLoss) ? "" : " (last finite loss " + lastFiniteLoss + ")")
                    + "; lower the learning rate or check the data");
            this.step = step;
            this.lastFiniteLoss = lastFiniteLoss;
        }
    }

    private final Optimizer optimizer;
    private final int n;
    private final int batchSize;
    private final Rng dataRng;
    private final Rng noiseRng;
    private final List<Double> stepLosses = new ArrayList<>();
    private final List<Double> epochLosses = new ArrayList<>();
    // where the loop stands: epochs done, and inside the current epoch its order and the next batch
    private int epoch;
    private int[] perm;
    private int nextStart;
    private double epochSum;
    private int epochBatches;
    private StepListener stepListener;
    private Map<String, Tensor> guarded = Map.of();

    /** Called after every step with the number of steps done in all. */
    @FunctionalInterface
    public interface StepListener {
        void stepDone(long steps);
    }

    /**
     * @param n         number of training examples (batches index 0..n-1)
     * @param batchSize examples per batch; the last batch of an epoch may be smaller, as PyTorch's DataLoader
     * @param rng       the run's generator; the data order and the noise get their own streams forked from it
     */
    public Trainer(Optimizer optimizer, int n, int batchSize, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("Trainer: no training examples (n = " + n + ")");
        if (batchSize < 1) throw new IllegalArgumentException("Trainer: batch size must be >= 1, got " + batchSize);
        this.optimizer = optimizer;
        this.n = n;
        this.batchSize = batchSize;
        this.dataRng = rng.fork();
        this.noiseRng = rng.fork();
    }

    /**
     * Checks {@code tensors} (e.g. the model's state dict: the live tensors) after every optimizer step: one that
     * holds a NaN or an infinity stops training with a {@link DivergedException} naming it, before any listener
     * (a checkpoint) sees the step. A step that overflows the parameters can still have a finite loss (one step of
     * an enormous learning rate), so the loss alone does not show it. Costs one pass over the tensors per step.
     */
    public void guard(Map<String, Tensor> tensors) {
        this.guarded = new java.util.LinkedHashMap<>(tensors);
    }

    /** Sets a listener called after every step (checkpointing, progress). */
    public void onStep(StepListener listener) {
        this.stepListener = listener;
    }

    /**
     * Trains until {@code epochs} epochs are done in all (continuing mid-epoch after {@link #restore}),
     * reporting each finished epoch to {@code listener} (may be null).
     */
    public void fit(int epochs, Step step, EpochListener listener) {
        while (epoch < epochs) {
            if (perm == null) {
                perm = dataRng.permutation(n);
                nextStart = 0;
                epochSum = 0;
                epochBatches = 0;
            }
            while (nextStart < n) {
                int[] batch = java.util.Arrays.copyOfRange(perm, nextStart, Math.min(n, nextStart + batchSize));
                double l = trainStep(step, batch);
                nextStart += batchSize;
                epochSum += l;
                epochBatches++;
                if (stepListener != null) stepListener.stepDone(stepLosses.size());
            }
            perm = null;
            epoch++;
            epochLosses.add(epochSum / epochBatches);
            if (listener != null) listener.epochDone(epoch, epochSum / epochBatches);
        }
    }

    private double trainStep(Step step, int[] batch) {
        optimizer.zeroGrad();
        Tensor loss = step.loss(batch, noiseRng);
        double l = loss.item();
        if (!Double.isFinite(l)) {
            double last = stepLosses.isEmpty() ? Double.NaN : stepLosses.get(stepLosses.size() - 1);
            throw new DivergedException(stepLosses.size() + 1, l, last);
        }
        if (loss.requiresGrad()) loss.backward();
        optimizer.step();
        String bad = Safetensors.firstNonFinite(guarded);
        // the step's own loss was finite: it is the last finite one
        if (bad != null) throw new DivergedException("after the optimizer's step, " + bad, stepLosses.size() + 1, l);
        stepLosses.add(l);
        return l;
    }

    /**
     * Everything needed to continue this loop exactly where it stands (the model's and the optimizer's
     * tensors are saved beside it): epochs done, the current epoch's order and position, both generators,
     * and the loss history.
     */
    public record State(int epoch, int[] perm, int nextStart, double epochSum, int epochBatches,
                        long[] dataRng, long[] noiseRng, double[] stepLosses, double[] epochLosses) {}

    /** A snapshot of the loop's state. */
    public State state() {
        return new State(epoch, perm == null ? null : perm.clone(), nextStart, epochSum, epochBatches,
                dataRng.state(), noiseRng.state(),
                stepLosses.stream().mapToDouble(Double::doubleValue).toArray(),
                epochLosses.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Puts the loop back into a saved state, after checking that the state is one this loop can have reached: its
     * order covers the n examples, its position is a whole number of batches into the epoch (at most all of them: a checkpoint of the epoch's last step), and its history holds
     * exactly one loss per step and per epoch done (so a state claiming, say, 2,000,000,000 epochs is refused).
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public void restore(State s) {
        if (s.perm() != null && s.perm().length != n) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint's epoch order covers " + s.perm().length + " examples, this run has " + n);
        }
        long perEpoch = (n + (long) batchSize - 1) / batchSize;
        if (s.perm() != null && (s.epochBatches() < 0 || s.epochBatches() > perEpoch || s.nextStart() != (long) s.epochBatches() * batchSize)) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint stands " + s.epochBatches() + " batches (example " + s.nextStart()
                    + ") into an epoch of " + perEpoch + " batches of " + batchSize);
        }
        if (s.epochLosses().length != s.epoch()) {
            throw new IllegalArgumentException("Trainer.restore: the checkpoint claims " + s.epoch() + " epochs done but holds the losses of "
                    + s.epochLosses().length);
        }
        long steps = s.epoch() * perEpoch + (s.perm() != null ? s.epochBatches() : 0);
        if (s.stepLosses().length != steps) {
            throw new IllegalArgumentException("Trainer.restore: " + s.epoch() + " epochs and " + (s.perm() != null ? s.epochBatches() : 0)
                    + " batches of " + perEpoch + " per epoch make " + steps + " steps, but the checkpoint holds the losses of " + s.stepLosses().length);
        }
        for (double[] losses : new double[][] {s.stepLosses(), s.epochLosses(), {s.epochSum()}}) {
            for (double l : losses) if (!Double.isFinite(l)) throw new IllegalArgumentException("Trainer.restore: the checkpoint's loss history holds " + l);
        }
        epoch = s.epoch();
        perm = s.perm() == null ? null : s.perm().clone();
        nextStart = s.nextStart();
        epochSum = s.epochSum();
        epochBatches = s.epochBatches();
        dataRng.restore(s.dataRng());
        noiseRng.restore(s.noiseRng());
        stepLosses.clear();
        for (double v : s.stepLosses()) stepLosses.add(v);
        epochLosses.clear();
        for (double v : s.epochLosses()) epochLosses.add(v);
    }

    /** The loss of the last step (NaN before the first). */
    public double lastLoss() {
        return stepLosses.isEmpty() ? Double.NaN : stepLosses.get(stepLosses.size() - 1);
    }

    /** The loss of every step so far. */
    public List<Double> stepLosses() {
        return List.copyOf(stepLosses);
    }

    /** The mean loss of every finished epoch. */
    public List<Double> epochLosses() {
        return List.copyOf(epochLosses);
    }

    /** Epochs done. */
    public int epoch() {
        return epoch;
    }
}

package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Loops;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The intermediate gradients' buffers, reused from one backward sweep to the next on the same thread. An intermediate
 * result's gradient is dropped once its backward step has run ({@link Autograd}); its buffer is kept for the next sweep,
 * where the gradient of the same size (the same layer, one training step later) takes it instead of a new array.
 *
 * <p>Why: the JVM zeroes every new array on the allocating thread, at the speed of memory, and a training step's
 * intermediate gradients are a large part of its allocations (vq-vae: 53 of 133 MB a step; docs/performance.md,
 * "Where the time goes"). A reused buffer is refilled with zeros by all threads ({@link Loops#elementwise}), or not at
 * all when the step that takes it writes every element (a GEMM's whole output, {@code Tensor.Gradient.write}). Within
 * one sweep a released buffer is rarely of use: a layer's input gradient is allocated before its output gradient is
 * released.
 *
 * <p>What holds:
 * <ul>
 *   <li>A buffer is given back only by {@link Autograd}, after the step that read it, and only when no tensor keeps it
 *       (not the root's, not a retained one, not a leaf's): no one else can read or write it.
 *   <li>A step sees the values of a new array (zeros), so every gradient has the same bits with or without reuse.
 *   <li>What is kept after a sweep is what that sweep released, nothing older: a thread holds at most one sweep's
 *       intermediate gradients (buffers of sizes the sweep did not ask for are left to the garbage collector).
 *   <li>Outside a sweep (a gradient added by hand, {@link Tensor#accumulateGrad}) buffers are new arrays.
 * </ul>
 */
final class SweepBuffers implements AutoCloseable {
    /** The sweep running on this thread, if any (a sweep runs on the thread that called backward()). */
    private static final ThreadLocal<SweepBuffers> CURRENT = new ThreadLocal<>();
    /** The buffers the last sweep on this thread released, by size. */
    private static final ThreadLocal<Map<Integer, ArrayDeque<double[]>>> KEPT = ThreadLocal.withInitial(HashMap::new);

    /** Buffers the sweep may take: the last sweep's, then its own released ones. */
    private final Map<Integer, ArrayDeque<double[]>> available;
    /** Buffers this sweep released: what the next sweep may take. */
    private final Map<Integer, ArrayDeque<double[]>> released = new HashMap<>();

    private SweepBuffers(Map<Integer, ArrayDeque<double[]>> available) {
        this.available = available;
    }

    /** Starts a sweep on this thread; it takes the buffers the last one released. */
    static SweepBuffers open() {
        SweepBuffers b = new SweepBuffers(KEPT.get());
        KEPT.remove();
        CURRENT.set(b);
        return b;
    }

    /** A buffer no tensor holds any more (null is ignored): free for the rest of this sweep and for the next. */
    void give(double[] buffer) {
        if (buffer != null) released.computeIfAbsent(buffer.length, k -> new ArrayDeque<>()).push(buffer);
    }

    /** A buffer of {@code size} zeros: a kept one refilled, else a new array. */
    static double[] zeros(int size) {
        double[] b = take(size);
        if (b == null) return new double[size];
        // b[i] = 0 for every i
        Loops.elementwise(size, Loops.Cost.CHEAP, (from, to) -> Arrays.fill(b, from, to, 0.0));
        return b;
    }

    /** A buffer of {@code size} values, all of which the caller overwrites: a kept one as it is, else a new array. */
    static double[] any(int size) {
        double[] b = take(size);
        return b == null ? new double[size] : b;
    }

    private static double[] take(int size) {
        SweepBuffers s = CURRENT.get();
        if (s == null) return null;
        double[] b = poll(s.available, size);
        return b != null ? b : poll(s.released, size);
    }

    private static double[] poll(Map<Integer, ArrayDeque<double[]>> buffers, int size) {
        ArrayDeque<double[]> q = buffers.get(size);
        return q == null ? null : q.poll();
    }

    /** The sizes of the buffers kept on this thread for its next sweep, and how many of each (for tests). */
    static Map<Integer, Integer> keptOnThisThread() {
        Map<Integer, Integer> sizes = new HashMap<>();
        KEPT.get().forEach((size, q) -> { if (!q.isEmpty()) sizes.put(size, q.size()); });
        return sizes;
    }

    /** Ends the sweep: its released buffers are kept for the next one on this thread, the rest dropped. */
    @Override
    public void close() {
        CURRENT.remove();
        KEPT.set(released);
    }
}

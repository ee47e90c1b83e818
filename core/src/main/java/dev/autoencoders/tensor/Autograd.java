package dev.autoencoders.tensor;

import dev.autoencoders.lab.Lab;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The reverse sweep of {@link Tensor#backward}: every tensor reachable from the root is visited after all the
 * tensors computed from it, and its backward step turns {@code dL/d(output)} into contributions to
 * {@code dL/d(inputs)} (the chain rule, one operation at a time):
 * <pre>
 *   grad(root) += seed
 *   for node in reverse topological order:
 *       node.backward(grad(node))        adds into grad(input) for each input
 * </pre>
 * Intermediate gradients are dropped once used (unless retained) and the graph is released, as PyTorch does; the
 * dropped gradients' buffers serve the next sweep on this thread ({@link SweepBuffers}: the same bits as new arrays).
 */
final class Autograd {
    private Autograd() {}

    private static final Tensor[] RELEASED = new Tensor[0];

    static void backward(Tensor root, double[] seed) {
        try (SweepBuffers buffers = SweepBuffers.open()) {
            sweep(root, seed, buffers);
        }
    }

    private static void sweep(Tensor root, double[] seed, SweepBuffers buffers) {
        List<Tensor> order = topologicalOrder(root);
        double[] g = root.gradBuffer();
        for (int i = 0; i < g.length; i++) g[i] += seed[i];
        for (int k = order.size() - 1; k >= 0; k--) {
            Tensor node = order.get(k);
            if (node.inputs == null) continue;
            if (node.released) throw new IllegalStateException("backward: the graph through " + node.op() + " was already released by an earlier backward()");
            double[] gradOut = node.grad();
            if (gradOut != null && node.backward != null) node.backward.apply(gradOut);
            if (!node.retainGrad && node != root) buffers.give(node.releaseGrad());
            node.released = true;
            node.backward = null;
            node.inputs = RELEASED;
        }
    }

    /** A node of the depth-first walk and the index of its next input to visit. */
    private record Frame(Tensor node, int next) {}

    /**
     * Every node reachable from {@code root}, each after all of its inputs (a depth-first walk that lists a node once
     * all its inputs are listed). Iterative, so deep graphs do not overflow the stack.
     */
    private static List<Tensor> topologicalOrder(Tensor root) {
        // @lab autodiff begin
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, 0));
        seen.add(root);
        while (!stack.isEmpty()) {
            Frame f = stack.pop();
            Tensor[] inputs = f.node().inputs == null ? RELEASED : f.node().inputs;
            if (f.next() == inputs.length) {
                order.add(f.node());                      // all inputs listed: the node follows them
                continue;
            }
            stack.push(new Frame(f.node(), f.next() + 1));
            Tensor in = inputs[f.next()];
            if (in != null && in.requiresGrad && seen.add(in)) stack.push(new Frame(in, 0));
        }
        return order;
        // @lab autodiff end -> return Lab.todo("autodiff", "Autograd.topologicalOrder");
    }
}

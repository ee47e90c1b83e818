package dev.autoencoders.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse sweep of {@link Tensor#backward}: every tensor reachable from the root is visited after all the
 * tensors computed from it, and its backward step turns {@code dL/d(output)} into contributions to
 * {@code dL/d(inputs)} (the chain rule, one operation at a time):
 * <pre>
 *   grad(root) += seed
 *   for node in reverse topological order:
 *       node.backward(grad(node))        adds into grad(input) for each input
 * </pre>
 * Intermediate gradients are dropped once used (unless retained) and the graph is released, as PyTorch does.
 */
final class Autograd {
    private Autograd() {}

    private static final Tensor[] RELEASED = new Tensor[0];

    static void backward(Tensor root, double[] seed) {
        List<Tensor> order = topologicalOrder(root);
        double[] g = root.gradBuffer();
        for (int i = 0; i < g.length; i++) g[i] += seed[i];
        for (int k = order.size() - 1; k >= 0; k--) {
            Tensor node = order.get(k);
            if (node.inputs == null) continue;
            if (node.released) throw new IllegalStateException("backward: the graph through " + node.op() + " was already released by an earlier backward()");
            double[] gradOut = node.grad();
            if (gradOut != null && node.backward != null) node.backward.apply(gradOut);
            if (!node.retainGrad && node != root) node.releaseGrad();
            node.released = true;
            node.backward = null;
            node.inputs = RELEASED;
        }
    }

    /** Every node reachable from {@code root}, each after all of its inputs. Iterative, so deep graphs do not overflow the stack. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] ins = t.inputs == null ? RELEASED : t.inputs;
            if (next < ins.length) {
                frame[1] = next + 1;
                Tensor in = ins[next];
                if (in != null && in.requiresGrad && seen.put(in, Boolean.TRUE) == null) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}

package dev.autoencoders.nn;

import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions, written with tensor ops so that each reads as its formula and its gradient comes from the
 * ops' checked backward steps. Every loss takes an explicit {@link Reduction}.
 */
public final class Losses {
    private Losses() {}

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) throw new ShapeException(op, "prediction and target shapes differ", a.shape(), b.shape());
    }

    /** Mean squared error terms {@code (y - t)^2}. */
    public static Tensor mse(Tensor y, Tensor t, Reduction r) {
        sameShape("mse", y, t);
        return r.apply(y.sub(t).square());
    }

    /** Absolute error terms {@code |y - t|}. */
    public static Tensor l1(Tensor y, Tensor t, Reduction r) {
        sameShape("l1", y, t);
        return r.apply(y.sub(t).abs());
    }

    /**
     * Binary cross-entropy on probabilities {@code p} in [0, 1]:
     * {@code -[t log p + (1 - t) log(1 - p)]}, each log clamped at -100 as PyTorch does, so {@code p = 0} or 1 gives a
     * large finite loss rather than infinity.
     */
    public static Tensor bce(Tensor p, Tensor t, Reduction r) {
        sameShape("bce", p, t);
        Tensor logP = p.log().clampMin(-100);
        Tensor log1mP = p.rsub(1).log().clampMin(-100);
        // -[t log p + (1 - t) log(1 - p)]
        return r.apply(t.mul(logP).add(t.rsub(1).mul(log1mP)).neg());
    }

    /**
     * Binary cross-entropy on logits {@code z} (p = sigmoid(z)), in the stable form
     * {@code max(z, 0) - z t + log(1 + e^{-|z|})}, which equals {@code -[t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))]}.
     */
    public static Tensor bceWithLogits(Tensor z, Tensor t, Reduction r) {
        sameShape("bce_with_logits", z, t);
        // softplus(z) - z t = max(z, 0) + log(1 + e^-|z|) - z t
        return r.apply(z.softplus().sub(z.mul(t)));
    }

    /**
     * Cross-entropy of class logits with integer targets: {@code -log softmax(z)[target]}.
     * {@code z: (N, C) or (N, C, H, W), targets: N or N*H*W class indices (row-major over N, H, W)}.
     * MEAN averages over the N (or N*H*W) positions, as PyTorch.
     */
    public static Tensor crossEntropy(Tensor z, int[] targets, Reduction r) {
        if (z.rank() < 2) throw new ShapeException("cross_entropy", "logits need a class axis (N, C, ...)", z.shape());
        Tensor logp = z.logSoftmax(1);
        int classes = z.dim(1);
        for (int t : targets) {
            if (t < 0 || t >= classes) throw new ShapeException("cross_entropy: target " + t + " outside [0, " + classes + ") for logits " + Arrays.toString(z.shape()));
        }
        // -log p(target) at every position
        Tensor nll = Reshaping.gather(logp, 1, targets).neg();
        return r.apply(nll);
    }
}

package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * The Bernoulli decoder of the pytorch/examples VAE (post 003): pixel probabilities {@code p = sigmoid(a)} and
 * <pre>  -log p(x|z) = sum_d BCE(p_d, x_d) = -sum_d [ x_d log p_d + (1 - x_d) log(1 - p_d) ]</pre>
 * The targets are the gray levels in [0, 1] as they are (not binarized), exactly as PyTorch's
 * {@code binary_cross_entropy(recon, x, reduction='sum')} in that example. Strictly this is a Bernoulli
 * likelihood only for x in {0, 1}; for gray levels it is the same cross-entropy without a normaliser over [0, 1],
 * so the nats it reports compare with PyTorch's, not with papers on binarized MNIST.
 *
 * <p>It is computed from the logits {@code a}, in the form of {@code Losses.bceWithLogits}:
 * {@code BCE(sigmoid(a), x) = softplus(a) - a x}. This is the same function, but it never meets the {@code log 0}
 * that {@code sigmoid} followed by {@code log} meets when {@code |a|} is large (PyTorch clamps those logs at -100;
 * the logit form needs no clamp). {@link #mean} gives the sigmoid, the image shown.
 */
public record BernoulliLikelihood() implements Likelihood {

    @Override
    public Tensor logProb(Tensor a, Tensor x) {
        if (a.rank() != 2 || !Arrays.equals(a.shape(), x.shape())) {
            throw new ShapeException("BernoulliLikelihood.logProb", "logits and images must both be (N, D)", a.shape(), x.shape());
        }
        // log p(x|z) = -sum_d BCE(sigmoid(a_d), x_d) = -sum_d [softplus(a_d) - a_d x_d]
        return a.softplus().sub(a.mul(x)).sum(1, false).neg();
    }

    @Override
    public Tensor mean(Tensor a) {
        // E[x|z] = sigmoid(a)
        return a.sigmoid();
    }

    @Override
    public String describe() {
        return "bernoulli";
    }
}

package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * The Gaussian decoder with a fixed variance of post 002: {@code p(x|z) = N(x; f(z), sigma^2 I)} with mean
 * {@code f(z) = sigmoid(a)} (pixels in [0, 1]) and
 * <pre>  log p(x|z) = -||x - f(z)||^2 / (2 sigma^2) - (D/2) log(2 pi sigma^2)</pre>
 * The second term does not depend on the model's parameters, so post 002 drops it when it maximises
 * {@code E_q[-(x - f(z))^2 / (2 sigma^2)] - KL}; it is kept here so that the ELBO is a true lower bound on
 * {@code log p(x)} (in nats per image, comparable between runs with different sigma^2). Multiplying the
 * objective by {@code sigma^2} shows what sigma^2 does: {@code -||x - f(z)||^2 / 2 - sigma^2 KL}, a weight on the KL.
 *
 * @param variance the fixed decoder variance {@code sigma^2 > 0}
 */
public record GaussianLikelihood(double variance) implements Likelihood {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public GaussianLikelihood {
        if (!(variance > 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("GaussianLikelihood: the decoder variance sigma^2 must be a finite number > 0, got " + variance);
        }
    }

    @Override
    public Tensor logProb(Tensor a, Tensor x) {
        return logDensity(mean(a), x);
    }

    /**
     * {@code log N(x; m, sigma^2 I)} per row, summed over the D coordinates: {@code m, x: (N, D) -> (N)}.
     * (The decoder calls it with {@code m = sigmoid(a)}; any mean may be given, e.g. a linear one.)
     */
    public Tensor logDensity(Tensor m, Tensor x) {
        if (m.rank() != 2 || !Arrays.equals(m.shape(), x.shape())) {
            throw new ShapeException("GaussianLikelihood.logDensity", "means and images must both be (N, D)", m.shape(), x.shape());
        }
        int d = x.dim(1);
        // -||x - m||^2 / (2 sigma^2) - (D/2) log(2 pi sigma^2)
        return x.sub(m).square().sum(1, false).div(-2 * variance).sub(0.5 * d * (LOG_2PI + Math.log(variance)));
    }

    @Override
    public Tensor mean(Tensor a) {
        // f(z) = sigmoid(a)
        return a.sigmoid();
    }

    @Override
    public String describe() {
        return "gaussian(sigma2=" + variance + ")";
    }
}

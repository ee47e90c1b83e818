package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * A Gaussian decoder that learns its variance, pixel by pixel and image by image: the option post 002 discusses and
 * sets aside ("the decoder fits only the mean"). The decoder network's last layer gives two numbers per pixel,
 * {@code a = [a_m, s]: (N, 2D)}: the mean logit and the log-variance,
 * <pre>
 *   p(x|z) = N(x; m, diag(sigma^2)),   m = sigmoid(a_m),   sigma^2 = v_min + exp(s)
 *   log p(x|z) = -1/2 sum_d [ log(2 pi sigma_d^2) + (x_d - m_d)^2 / sigma_d^2 ]
 * </pre>
 * Derivatives (per pixel, with {@code r = x - m} and {@code u = exp(s)}):
 * {@code d log p / d m = r / sigma^2},
 * {@code d log p / d s = (u / sigma^2) (r^2 / sigma^2 - 1) / 2}. For fixed m the density is largest at
 * {@code sigma^2 = r^2}, where {@code log p = -1/2 (log(2 pi r^2) + 1)}: on a pixel the mean fits exactly (MNIST's
 * background, 0 in every image, and a sigmoid that can come as close to 0 as it likes) the density has no upper
 * bound, and with {@code v_min = 0} nothing stops the variance from following the error down. {@code v_min > 0} bounds
 * every pixel's log-density by {@code -1/2 log(2 pi v_min)}.
 *
 * @param minVariance the floor {@code v_min >= 0} added to {@code exp(s)}; 0 = none
 */
public record LearnedVarianceGaussian(double minVariance) implements Likelihood {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public LearnedVarianceGaussian {
        if (!(minVariance >= 0) || Double.isInfinite(minVariance)) {
            throw new IllegalArgumentException("LearnedVarianceGaussian: the variance floor must be a finite number >= 0, got " + minVariance);
        }
    }

    /** Two outputs per pixel: the mean logit and the log-variance. */
    @Override
    public int outputsPerPixel() {
        return 2;
    }

    @Override
    public Tensor logProb(Tensor a, Tensor x) {
        int d = check(a, x);
        // sigma^2 = v_min + exp(s)
        Tensor variance = variance(a);
        Tensor m = mean(a);
        // -1/2 sum_d [ log(2 pi sigma_d^2) + (x_d - m_d)^2 / sigma_d^2 ]
        return x.sub(m).square().div(variance).add(variance.log()).sum(1, false).add(d * LOG_2PI).mul(-0.5);
    }

    /** The mean image {@code m = sigmoid(a_m)}: {@code a: (N, 2D) -> (N, D)}. */
    @Override
    public Tensor mean(Tensor a) {
        return a.slice(1, 0, a.dim(1) / 2).sigmoid();
    }

    /** The decoder's variances {@code sigma^2 = v_min + exp(s)}: {@code a: (N, 2D) -> (N, D)}. */
    public Tensor variance(Tensor a) {
        Tensor u = a.slice(1, a.dim(1) / 2, a.dim(1)).exp();
        return minVariance > 0 ? u.add(minVariance) : u;
    }

    @Override
    public String describe() {
        return minVariance > 0 ? "gaussian(learned variance, min=" + minVariance + ")" : "gaussian(learned variance)";
    }

    private static int check(Tensor a, Tensor x) {
        if (a.rank() != 2 || x.rank() != 2 || a.dim(0) != x.dim(0) || a.dim(1) != 2 * x.dim(1)) {
            throw new ShapeException("LearnedVarianceGaussian.logProb", "decoder outputs must be (N, 2D) for images (N, D)", a.shape(), x.shape());
        }
        return x.dim(1);
    }
}

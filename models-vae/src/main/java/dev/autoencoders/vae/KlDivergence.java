package dev.autoencoders.vae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * The KL divergence of a diagonal Gaussian {@code q = N(mu, diag(sigma^2))} from a Gaussian prior with unit
 * variance, in closed form, one term per latent dimension (the sum over dimensions is the KL of the whole
 * vector, because both distributions factorise). All methods map {@code (N, L) -> (N, L)} terms in nats.
 *
 * <p>For {@code p = N(0, 1)} (Kingma and Welling 2014, appendix B; the form of post 001):
 * <pre>  KL(q || p) = 1/2 sum_j ( mu_j^2 + sigma_j^2 - log sigma_j^2 - 1 )</pre>
 * Post 004 (after Hung-yi Lee's lecture) writes it with {@code s_j = log sigma_j^2} as
 * <pre>  sum_j ( exp(s_j) - (1 + s_j) + m_j^2 )</pre>
 * which is exactly twice the above: the same minimiser ({@code m = 0, s = 0}), twice the weight.
 * For a prior with mean {@code mu_y} (the conditional VAE of post 001):
 * <pre>  KL(q || N(mu_y, I)) = 1/2 sum_j ( (mu_j - mu_{y,j})^2 + sigma_j^2 - log sigma_j^2 - 1 )</pre>
 */
public final class KlDivergence {
    private KlDivergence() {}

    /**
     * {@code KL(N(mu, sigma^2) || N(0, 1))} per element: {@code mu, logvar: (N, L) -> (N, L)}.
     */
    public static Tensor toStandardNormal(Tensor mu, Tensor logvar) {
        same("KlDivergence.toStandardNormal", mu, logvar);
        // @lab vae begin
        // 1/2 (mu^2 + sigma^2 - log sigma^2 - 1)
        return mu.square().add(logvar.exp()).sub(logvar).sub(1).mul(0.5);
        // @lab vae end -> return Lab.todo("vae", "KlDivergence.toStandardNormal");
    }

    /**
     * {@code KL(N(mu, sigma^2) || N(mu_y, 1))} per element: {@code mu, logvar, priorMean: (N, L) -> (N, L)}.
     */
    public static Tensor toUnitVarianceGaussian(Tensor mu, Tensor logvar, Tensor priorMean) {
        same("KlDivergence.toUnitVarianceGaussian", mu, logvar);
        same("KlDivergence.toUnitVarianceGaussian", mu, priorMean);
        // @lab cvae-iwae begin
        // 1/2 ((mu - mu_y)^2 + sigma^2 - log sigma^2 - 1)
        return mu.sub(priorMean).square().add(logvar.exp()).sub(logvar).sub(1).mul(0.5);
        // @lab cvae-iwae end -> return Lab.todo("cvae-iwae", "KlDivergence.toUnitVarianceGaussian");
    }

    /**
     * Post 004's form {@code exp(s) - (1 + s) + m^2} per element, with {@code s} the log-variance:
     * {@code m, s: (N, L) -> (N, L)}; equals {@code 2 * toStandardNormal(m, s)}.
     */
    public static Tensor lectureForm(Tensor m, Tensor s) {
        same("KlDivergence.lectureForm", m, s);
        // exp(s) - (1 + s) + m^2
        return s.exp().sub(s.add(1)).add(m.square());
    }

    private static void same(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) throw new ShapeException(op, "arguments must have the same shape", a.shape(), b.shape());
    }
}

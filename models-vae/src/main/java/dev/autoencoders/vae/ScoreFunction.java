package dev.autoencoders.vae;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.function.Function;

/**
 * The score-function estimator of the ELBO's gradient: the "Monte Carlo gradient estimator" that post 000 (3.1.2)
 * introduces before the reparameterization trick (Kingma and Welling 2014, section 2.2; also called the
 * likelihood-ratio or REINFORCE estimator). For the reconstruction term it moves the gradient inside the
 * expectation through {@code grad q = q grad log q}:
 * <pre>
 *   grad_phi E_q[f(z)] = E_q[ f(z) grad_phi log q_phi(z) ]  ~  f(z) grad_phi log q_phi(z),   z ~ q_phi(z|x),
 *   f(z) = log p(x|z)
 * </pre>
 * with one draw per image. It needs only the values of f, not its derivative in z, so it works for any f, even a
 * discrete one; the price is its variance (see docs/reparameterization.md). The reparameterized estimator
 * ({@link Vae#elbo}) differentiates f instead. The KL term has a closed form and is differentiated exactly in both.
 *
 * <p>It is computed as a surrogate loss whose gradient is the estimate, with stop-gradients ({@code detach}, the
 * posts' {@code sg[.]}):
 * <pre>
 *   z = sg[mu + sigma eps]                                   (a draw from q, with no path back to phi)
 *   r = log p(x|z) + sg[log p(x|z) - b] (log q(z) - sg[log q(z)])
 *   surrogate = mean_n [ -r_n + KL(q(z|x_n) || N(0, I)) ]
 * </pre>
 * {@code log q(z) - sg[log q(z)]} is 0 in value and {@code grad_phi log q(z)} in gradient, so the surrogate's value is
 * the one-draw estimate of {@code -ELBO} (the same number the reparameterized {@link Elbo#negElbo()} gives for the same
 * eps), its gradient in the decoder's parameters is {@code -grad_theta log p(x|z)} as usual, and its gradient in the
 * encoder's parameters is {@code -(log p(x|z) - b) grad_phi log q(z) + grad_phi KL}. A baseline {@code b} that does not
 * depend on z leaves the estimator unbiased, since {@code E_q[grad log q] = 0}; a good one lowers its variance (a
 * control variate).
 */
public final class ScoreFunction {
    private ScoreFunction() {}

    /**
     * The surrogate of {@code -ELBO} for a batch: a scalar whose value is the one-draw estimate of {@code -ELBO}
     * (nats per image) and whose gradient is the score-function estimate of {@code grad(-ELBO)}.
     *
     * @param q             the encoder's {@code q(z|x)}: mu, logvar (N, L), in the graph of the encoder's parameters
     * @param eps           the noise of one draw per image, {@code z = mu + sigma eps}: (N, L)
     * @param logLikelihood {@code z: (N, L) -> log p(x|z): (N)}, the decoder's log-likelihood of the batch
     * @param baseline      {@code b: (N)}, subtracted from {@code log p(x|z)} in the score term; it must not depend on
     *                      z ({@code zeros(N)}: the plain estimator)
     */
    public static Tensor negElbo(DiagonalGaussian q, Tensor eps, Function<Tensor, Tensor> logLikelihood, Tensor baseline) {
        if (baseline.rank() != 1 || baseline.dim(0) != q.rows()) {
            throw new ShapeException("ScoreFunction.negElbo", "the baseline must be (N) for q (N, L)", baseline.shape(), q.mu().shape());
        }
        // z = sg[mu + sigma eps]
        Tensor z = q.rsample(eps).detach();
        Tensor logPxz = logLikelihood.apply(z);
        if (logPxz.rank() != 1 || logPxz.dim(0) != q.rows()) {
            throw new ShapeException("ScoreFunction.negElbo", "log p(x|z) must be (N) for q (N, L)", logPxz.shape(), q.mu().shape());
        }
        // log q(z) - sg[log q(z)]: value 0, gradient grad_phi log q(z)
        Tensor logQ = q.logProb(z);
        Tensor score = logQ.sub(logQ.detach());
        // r = log p(x|z) + sg[log p(x|z) - b] (log q(z) - sg[log q(z)])
        Tensor r = logPxz.add(logPxz.detach().sub(baseline.detach()).mul(score));
        // mean_n [ -r_n + KL_n ]
        return r.neg().add(KlDivergence.toStandardNormal(q.mu(), q.logvar()).sum(1, false)).mean();
    }

    /** The plain estimator, without a baseline. */
    public static Tensor negElbo(DiagonalGaussian q, Tensor eps, Function<Tensor, Tensor> logLikelihood) {
        return negElbo(q, eps, logLikelihood, Tensor.zeros(q.rows()));
    }
}

package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the vae lab (hidden): a reparameterized draw, the KL and the ELBO of a model, images and
 * noise the student's tests never use, against the formulas written out in plain arithmetic on the model's own
 * encoder, decoder and likelihood.
 */
class VaeLabHiddenTest {

    @Test
    @Tag("lab-vae")
    void theElboOfUnseenImagesAndNoiseHasTheReferenceValue() {
        Vae vae = new Vae(new Vae.Config(6, 5, 2, new BernoulliLikelihood(), Double.POSITIVE_INFINITY), new Rng(4_242));
        Rng rng = new Rng(4_243);
        Tensor x = Tensor.rand(rng, 3, 6), eps = Tensor.randn(rng, 3, 2);
        DiagonalGaussian q = vae.encode(x);
        double[] mu = q.mu().data(), lv = q.logvar().data(), e = eps.data();
        double[] z = new double[6];
        double kl = 0;
        for (int i = 0; i < 6; i++) {
            z[i] = mu[i] + Math.exp(lv[i] / 2) * e[i];
            kl += 0.5 * (mu[i] * mu[i] + Math.exp(lv[i]) - lv[i] - 1);
        }
        assertThat(q.rsample(eps).data()).containsExactly(z, within(1e-14));
        assertThat(KlDivergence.toStandardNormal(q.mu(), q.logvar()).sum().item()).isCloseTo(kl, within(1e-13));
        double recon = -vae.config.likelihood().logProb(vae.decoderOutput(Tensor.of(z, 3, 2)), x).sum().item();
        Elbo elbo = vae.elbo(x, eps);
        assertThat(elbo.negElbo().item()).isCloseTo((recon + kl) / 3, within(1e-12));
        assertThat(elbo.klNats().item()).isCloseTo(kl / 3, within(1e-13));
    }
}

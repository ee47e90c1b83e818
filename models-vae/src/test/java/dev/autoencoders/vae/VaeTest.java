package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The VAE against its PyTorch twin (state-dict names, parameter count, ELBO terms, gradients and IWAE on fixed noise),
 * and the whole-model gradient of the negative ELBO against finite differences with the noise held fixed.
 */
class VaeTest {
    static final double SIGMA2 = 0.1; // the Gaussian fixture's decoder variance

    static Vae small(Likelihood likelihood, long seed) {
        return new Vae(new Vae.Config(12, 8, 3, likelihood, Double.POSITIVE_INFINITY), new Rng(seed));
    }

    @Test
    void theMnistVaeHasThePyTorchTwinsNamesShapesAndParameterCount() {
        Vae vae = new Vae(Vae.Config.mnist(20, new BernoulliLikelihood()), new Rng(0));
        Map<String, Tensor> sd = vae.stateDict();
        assertThat(sd.keySet()).containsExactly("fc1.weight", "fc1.bias", "fc21.weight", "fc21.bias", "fc22.weight", "fc22.bias",
                "fc3.weight", "fc3.bias", "fc4.weight", "fc4.bias");
        assertThat(sd.get("fc1.weight").shape()).containsExactly(400, 784);
        assertThat(sd.get("fc22.weight").shape()).containsExactly(20, 400);
        assertThat(sd.get("fc4.weight").shape()).containsExactly(784, 400);
        // 784*400+400 + 2*(400*20+20) + 20*400+400 + 400*784+784, as torch_bench.py's VAE
        assertThat(vae.numParameters()).isEqualTo(652_824);
    }

    /** -ELBO, its two terms and every parameter's gradient equal PyTorch's on the same weights, batch and noise. */
    @Test
    @Tag("lab-vae")
    void theNegativeElboAndItsGradientsMatchPyTorch() {
        for (String kind : new String[] {"bernoulli", "gaussian"}) {
            TorchFixture f = TorchFixture.load("vae_" + kind);
            Vae vae = small(kind.equals("bernoulli") ? new BernoulliLikelihood() : new GaussianLikelihood(SIGMA2), 0);
            f.loadInto(vae);
            Elbo elbo = vae.elbo(f.get("x"), f.get("eps"));
            assertThat(elbo.reconstructionNats().item()).as(kind).isCloseTo(f.scalar("recon"), within(1e-11));
            assertThat(elbo.klNats().item()).as(kind).isCloseTo(f.scalar("kl"), within(1e-12));
            Tensor loss = elbo.negElbo();
            assertThat(loss.item()).as(kind).isCloseTo(f.scalar("loss"), within(1e-11));
            vae.zeroGrad();
            loss.backward();
            f.assertGradients(vae, 1e-11);
        }
    }

    /** The IWAE bound (logsumexp over K = 7 draws, x repeated in the order of z's rows) equals PyTorch's on the same noise. */
    @Test
    @Tag("lab-cvae-iwae")
    void theImportanceWeightedBoundMatchesPyTorch() {
        for (String kind : new String[] {"bernoulli", "gaussian"}) {
            TorchFixture f = TorchFixture.load("vae_" + kind);
            Vae vae = small(kind.equals("bernoulli") ? new BernoulliLikelihood() : new GaussianLikelihood(SIGMA2), 0);
            f.loadInto(vae);
            Tensor x = f.get("x");
            double[] ours = ImportanceWeighted.bound(vae.encode(x), f.get("eps_k"), z -> vae.logJoint(x, z)).data();
            double[] want = f.get("iwae").data();
            for (int n = 0; n < want.length; n++) assertThat(ours[n]).as("%s row %d", kind, n).isCloseTo(want[n], within(1e-10));
        }
    }

    /** Whole-model gradient check: d(-ELBO)/d(every parameter) by backprop equals the five-point finite difference, eps fixed. */
    @Test
    @Tag("lab-vae")
    void theNegativeElboGradientMatchesFiniteDifferencesWithTheNoiseFixed() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.rand(rng, 4, 12), eps = Tensor.randn(rng, 4, 3);
        for (Likelihood likelihood : new Likelihood[] {new BernoulliLikelihood(), new GaussianLikelihood(0.5)}) {
            Vae vae = small(likelihood, 6);
            GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> vae.elbo(x, eps).negElbo(), vae.parameters());
            assertThat(r.maxRelError()).as("%s: %s", likelihood.describe(), r).isLessThanOrEqualTo(1e-6);
            assertThat(r.checked()).isEqualTo((int) vae.numParameters());
        }
    }

    /** The same with beta, warm-up and free bits in the objective (free bits at 0.05 nats: some dimensions below, some above). */
    @Test
    void theWeightedObjectivesGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.rand(rng, 4, 12), eps = Tensor.randn(rng, 4, 3);
        Vae vae = small(new BernoulliLikelihood(), 8);
        Objective objective = new Objective(0.7, 10, 0.05);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> objective.loss(vae.elbo(x, eps), 4), vae.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    /** In chunks or at once, {@link Vae#iwae} is the bound of each image; with k = 1 its mean is an unbiased ELBO estimate. */
    @Test
    void iwaeOfTheModelIsTheBoundOfItsPosteriorAndJoint() {
        Vae vae = small(new BernoulliLikelihood(), 9);
        Tensor x = Tensor.rand(new Rng(10), 6, 12);
        double[] ours = vae.iwae(x, 5, new Rng(11)).data();
        double[] direct;
        try (GradMode.Scope s = GradMode.off()) {
            direct = ImportanceWeighted.bound(vae.encode(x), 5, z -> vae.logJoint(x, z), new Rng(11)).data();
        }
        assertThat(ours).containsExactly(direct);
        // k = 1: L_1 = log p(x|z) + log p(z) - log q(z|x) at one z, whose mean is the ELBO (with the KL in closed form):
        // 4000 draws of each for one image agree within 5 standard errors of the difference
        Tensor one = LinearGaussian.repeatRows(x.slice(0, 0, 1).data(), 4000);
        double[] l1 = vae.iwae(one, 1, new Rng(12)).data();
        double[] elbo;
        try (GradMode.Scope s = GradMode.off()) {
            Elbo e = vae.elbo(one, new Rng(13));
            elbo = e.reconstruction().add(e.kl().sum(1, false)).neg().data();
        }
        double se = Math.hypot(LinearGaussianProperties.standardError(l1), LinearGaussianProperties.standardError(elbo));
        assertThat(LinearGaussianProperties.mean(l1)).isCloseTo(LinearGaussianProperties.mean(elbo), within(5 * se));
    }

    @Test
    void theLogVarianceClampBoundsTheEncodersLogVariance() {
        Vae vae = new Vae(new Vae.Config(12, 8, 3, new BernoulliLikelihood(), 0.01), new Rng(15));
        DiagonalGaussian q = vae.encode(Tensor.rand(new Rng(16), 20, 12).mul(50));
        for (double v : q.logvar().data()) assertThat(v).isBetween(-0.01, 0.01);
    }

    @Test
    void samplesAndReconstructionsAreImagesInTheUnitInterval() {
        Vae vae = small(new GaussianLikelihood(0.1), 17);
        Tensor s = vae.sample(9, new Rng(18));
        assertThat(s.shape()).containsExactly(9, 12);
        assertThat(vae.reconstruct(Tensor.rand(new Rng(19), 2, 12)).shape()).containsExactly(2, 12);
        for (double v : s.data()) assertThat(v).isBetween(0.0, 1.0);
    }

    @Test
    void badConfigurationsAreRejectedNamingTheValue() {
        Likelihood b = new BernoulliLikelihood();
        assertThatThrownBy(() -> new Vae.Config(784, 400, 0, b, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latent=0");
        assertThatThrownBy(() -> new Vae.Config(0, 400, 2, b, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input=0");
        assertThatThrownBy(() -> new Vae.Config(784, 400, 2, null, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("likelihood");
        assertThatThrownBy(() -> new Vae.Config(784, 400, 2, b, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Vae.Config(784, 400, 2, b, Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new GaussianLikelihood(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma^2").hasMessageContaining("got 0");
        Vae vae = small(b, 1);
        assertThatThrownBy(() -> vae.iwae(Tensor.zeros(2, 11), 3, new Rng(1))).isInstanceOf(ShapeException.class).hasMessageContaining("[2, 11]");
        assertThatThrownBy(() -> vae.iwae(Tensor.zeros(2, 12), 0, new Rng(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}

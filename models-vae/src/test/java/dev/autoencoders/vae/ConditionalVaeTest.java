package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Both conditional VAEs against PyTorch (loss, terms, gradients), finite differences, sampling by class, validation. */
class ConditionalVaeTest {

    static ConditionalVae small(ConditionalVae.Variant variant, long seed) {
        return new ConditionalVae(new ConditionalVae.Config(variant, 12, 8, 3, 4, new BernoulliLikelihood(), Double.POSITIVE_INFINITY), new Rng(seed));
    }

    /** The concat CVAE's KL is to N(0, I); the prior-mean variant's is post 001's {@code 1/2 sum[(mu - mu_y)^2 + sigma^2 - log sigma^2 - 1]}. */
    @Test
    @Tag("lab-cvae-iwae")
    void theNegativeElboAndItsGradientsMatchPyTorchForBothVariants() {
        for (ConditionalVae.Variant v : ConditionalVae.Variant.values()) {
            TorchFixture f = TorchFixture.load("cvae_" + v.name().toLowerCase());
            ConditionalVae cvae = small(v, 0);
            f.loadInto(cvae);
            Elbo elbo = cvae.elbo(f.get("x"), f.labels(), f.get("eps"));
            assertThat(elbo.reconstructionNats().item()).as("%s", v).isCloseTo(f.scalar("recon"), within(1e-11));
            assertThat(elbo.klNats().item()).as("%s", v).isCloseTo(f.scalar("kl"), within(1e-12));
            Tensor loss = elbo.negElbo();
            assertThat(loss.item()).as("%s", v).isCloseTo(f.scalar("loss"), within(1e-11));
            cvae.zeroGrad();
            loss.backward();
            f.assertGradients(cvae, 1e-11);
        }
    }

    /** Whole-model gradient check of -ELBO for both variants (the prior means mu_y included), eps fixed. */
    @Test
    @Tag("lab-cvae-iwae")
    void theNegativeElboGradientMatchesFiniteDifferencesForBothVariants() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.rand(rng, 5, 12), eps = Tensor.randn(rng, 5, 3);
        int[] y = {2, 0, 3, 2, 1};
        for (ConditionalVae.Variant v : ConditionalVae.Variant.values()) {
            ConditionalVae cvae = small(v, 4);
            GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> cvae.elbo(x, y, eps).negElbo(), cvae.parameters());
            assertThat(r.maxRelError()).as("%s: %s", v, r).isLessThanOrEqualTo(1e-6);
            assertThat(r.checked()).isEqualTo((int) cvae.numParameters());
        }
    }

    @Test
    void stateDictNamesAndShapesFollowTheVariant() {
        ConditionalVae concat = new ConditionalVae(ConditionalVae.Config.mnist(ConditionalVae.Variant.CONCAT, 20), new Rng(1));
        assertThat(concat.stateDict().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc21.weight", "fc21.bias", "fc22.weight", "fc22.bias",
                "fc3.weight", "fc3.bias", "fc4.weight", "fc4.bias");
        assertThat(concat.stateDict().get("fc1.weight").shape()).containsExactly(400, 794);
        assertThat(concat.stateDict().get("fc3.weight").shape()).containsExactly(400, 30);
        ConditionalVae prior = new ConditionalVae(ConditionalVae.Config.mnist(ConditionalVae.Variant.PRIOR_MEAN, 20), new Rng(1));
        assertThat(prior.stateDict()).containsKey("prior_mean.weight");
        assertThat(prior.stateDict().get("prior_mean.weight").shape()).containsExactly(10, 20);
        assertThat(prior.stateDict().get("fc1.weight").shape()).containsExactly(400, 784);
        assertThat(prior.numParameters()).isEqualTo(652_824 + 200);
    }

    /**
     * Sampling a class draws {@code z ~ N(prior mean of y, I)}: with the same noise, the prior-mean variant's codes for
     * class y are the concat variant's shifted by mu_y; here checked through the decoder input directly.
     */
    @Test
    void theClassPriorIsCentredOnItsMean() {
        ConditionalVae prior = small(ConditionalVae.Variant.PRIOR_MEAN, 5);
        int[] y = {0, 1, 2, 3, 3};
        Tensor means = prior.priorMean(y);
        for (int n = 0; n < y.length; n++) {
            for (int j = 0; j < 3; j++) assertThat(means.get(n, j)).isEqualTo(prior.priorMean.weight.get(y[n], j));
        }
        assertThat(small(ConditionalVae.Variant.CONCAT, 5).priorMean(y).data()).containsOnly(0.0);
        Tensor s = prior.sample(y, new Rng(6));
        assertThat(s.shape()).containsExactly(5, 12);
        for (double v : s.data()) assertThat(v).isBetween(0.0, 1.0);
        // the same noise and labels give the same images
        assertThat(prior.sample(y, new Rng(6)).data()).containsExactly(s.data());
    }

    @Test
    @Tag("lab-cvae-iwae")
    void oneHotRowsHaveASingleOneAtTheLabel() {
        Tensor h = ConditionalVae.oneHot(new int[] {2, 0}, 3);
        assertThat(h.data()).containsExactly(0, 0, 1, 1, 0, 0);
    }

    @Test
    void badLabelsAndConfigurationsAreRejected() {
        ConditionalVae cvae = small(ConditionalVae.Variant.CONCAT, 7);
        Tensor x = Tensor.rand(new Rng(8), 2, 12);
        assertThatThrownBy(() -> cvae.elbo(x, new int[] {0, 4}, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 4").hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> cvae.elbo(x, new int[] {0}, new Rng(1))).isInstanceOf(ShapeException.class).hasMessageContaining("1 labels for a batch of 2");
        assertThatThrownBy(() -> new ConditionalVae.Config(ConditionalVae.Variant.CONCAT, 12, 8, 3, 1, new BernoulliLikelihood(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 classes").hasMessageContaining("got 1");
        assertThatThrownBy(() -> new ConditionalVae.Config(null, 12, 8, 3, 4, new BernoulliLikelihood(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variant");
        assertThat(ConditionalVae.Variant.PRIOR_MEAN.cliName()).isEqualTo("prior-mean");
    }
}

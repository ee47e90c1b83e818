package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The ELBO's bookkeeping and the training objective: beta, linear KL warm-up, free bits. */
class ObjectiveTest {

    /** A hand-made batch: 2 images, reconstruction 10 and 20 nats, KL per dimension {0.5, 0.01, 2} and {1.5, 0.03, 0}. */
    static Elbo batch() {
        return new Elbo(Tensor.of(new double[] {10, 20}, 2), Tensor.of(new double[] {0.5, 0.01, 2, 1.5, 0.03, 0}, 2, 3));
    }

    @Test
    void theElboKeepsItsTwoTermsApartInNatsPerImage() {
        Elbo e = batch();
        assertThat(e.reconstructionNats().item()).isEqualTo(15.0);
        // (2.51 + 1.53) / 2
        assertThat(e.klNats().item()).isCloseTo(2.02, within(1e-14));
        assertThat(e.negElbo().item()).isCloseTo(17.02, within(1e-14));
        assertThat(e.klPerDimension().data()).containsExactly(new double[] {1.0, 0.02, 1.0}, within(1e-15));
    }

    @Test
    void withBetaOneAndNoWarmUpOrFreeBitsTheLossIsTheNegativeElbo() {
        assertThat(Objective.elbo().loss(batch(), 0).item()).isEqualTo(batch().negElbo().item());
        assertThat(Objective.elbo().loss(batch(), 1000).item()).isEqualTo(batch().negElbo().item());
    }

    /** beta * min(1, t / T): 0 at the start, half way at T/2, beta from T on. */
    @Test
    void theKlWeightRisesLinearlyOverTheWarmUp() {
        Objective o = new Objective(2, 100, 0);
        assertThat(o.klWeight(0)).isEqualTo(0.0);
        assertThat(o.klWeight(25)).isEqualTo(0.5);
        assertThat(o.klWeight(50)).isEqualTo(1.0);
        assertThat(o.klWeight(100)).isEqualTo(2.0);
        assertThat(o.klWeight(1000)).isEqualTo(2.0);
        // 15 + 2 * 0.25 * 2.02
        assertThat(o.loss(batch(), 25).item()).isCloseTo(15 + 2 * 0.25 * 2.02, within(1e-13));
        // beta = 0: the reconstruction term alone
        assertThat(new Objective(0, 0, 0).loss(batch(), 7).item()).isEqualTo(15.0);
    }

    /** Free bits lambda = 0.1: per dimension max(lambda, batch-mean KL) = {1, 0.1, 1}, and no gradient flows to the clamped one. */
    @Test
    void freeBitsFloorEachDimensionsBatchMeanKl() {
        Tensor kl = Tensor.of(new double[] {0.5, 0.01, 2, 1.5, 0.03, 0}, 2, 3).requiresGrad(true);
        Elbo e = new Elbo(Tensor.of(new double[] {10, 20}, 2), kl);
        Tensor loss = new Objective(1, 0, 0.1).loss(e, 0);
        assertThat(loss.item()).isCloseTo(15 + 2.1, within(1e-13));
        loss.backward();
        // d/dKL_nj of max(lambda, mean_n KL_nj) = 1/N above the floor, 0 below
        assertThat(kl.grad()).containsExactly(new double[] {0.5, 0, 0.5, 0.5, 0, 0.5}, within(1e-15));
    }

    @Test
    void badHyperparametersAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Objective(-0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> new Objective(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Objective(1, -3, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up").hasMessageContaining("-3");
        assertThatThrownBy(() -> new Objective(1, 0, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("free bits").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Objective(Double.POSITIVE_INFINITY, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new Elbo(Tensor.zeros(2), Tensor.zeros(3, 4))).hasMessageContaining("[2]").hasMessageContaining("[3, 4]");
    }

    /** The reconstruction term is -log p(x|z) per image: Elbo.of negates the likelihood's log-density. */
    @Test
    void elboOfNegatesTheLogLikelihood() {
        Tensor a = Tensor.randn(new Rng(1), 3, 5), x = Tensor.rand(new Rng(2), 3, 5);
        Elbo e = Elbo.of(new BernoulliLikelihood(), a, x, Tensor.zeros(3, 2));
        assertThat(e.reconstruction().data()).containsExactly(new BernoulliLikelihood().logProb(a, x).neg().data());
    }
}

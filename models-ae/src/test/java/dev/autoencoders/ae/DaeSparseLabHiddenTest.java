package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the dae-sparse lab (hidden): the noise at the extreme rates, the DAE loss of a given
 * corruption, and the sparsity penalty of activations and a target the student's tests never use.
 */
class DaeSparseLabHiddenTest {

    @Test
    @Tag("lab-dae-sparse")
    void unseenRatesAndTargetsGiveTheirClosedForms() {
        Tensor x = Tensor.of(new double[] {0.25, 0.5, 0.75, 0.125}, 2, 2);
        assertThat(new Corruption.Masking(1).apply(x, new Rng(5)).data()).containsOnly(0.0);
        assertThat(new Corruption.Masking(0).apply(x, new Rng(5)).data()).containsExactly(x.data());
        assertThat(new Corruption.SaltAndPepper(1, Corruption.SaltAndPepper.Mode.SALT).apply(x, new Rng(5)).data()).containsOnly(1.0);
        assertThat(new Corruption.SaltAndPepper(0, Corruption.SaltAndPepper.Mode.SALT_AND_PEPPER).apply(x, new Rng(5)).data()).containsExactly(x.data());

        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(
                new AutoEncoder.Config(new int[] {2, 3}, Activation.Kind.RELU, Activation.Kind.RELU, Activation.Kind.SIGMOID, false), new Corruption.Masking(0.5)), new Rng(9));
        Tensor noisy = Tensor.of(new double[] {0, 0.5, 0.75, 0}, 2, 2);
        double[] r = dae.reconstruct(noisy).data();
        double mse = 0;
        for (int i = 0; i < 4; i++) mse += (r[i] - x.data()[i]) * (r[i] - x.data()[i]) / 4;
        assertThat(dae.loss(noisy, x).item()).isCloseTo(mse, within(1e-15));

        // rho_hat = (0.3, 0.4), rho = 0.05: sum_j rho log(rho / rho_hat_j) + (1 - rho) log((1 - rho) / (1 - rho_hat_j))
        SparseAutoEncoder sae = new SparseAutoEncoder(new SparseAutoEncoder.Config(2, 2, 0.05, 3, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.UFLDL), new Rng(1));
        Tensor a = Tensor.of(new double[] {0.2, 0.6, 0.4, 0.2}, 2, 2);
        double want = 0;
        for (double rh : new double[] {0.3, 0.4}) want += 0.05 * Math.log(0.05 / rh) + 0.95 * Math.log(0.95 / (1 - rh));
        assertThat(sae.klSum(a).item()).isCloseTo(want, within(1e-14));
    }
}

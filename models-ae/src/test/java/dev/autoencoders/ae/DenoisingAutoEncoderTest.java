package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DenoisingAutoEncoderTest {

    static final AutoEncoder.Config SMALL = new AutoEncoder.Config(new int[] {6, 4, 3}, Activation.Kind.TANH, Activation.Kind.IDENTITY, Activation.Kind.SIGMOID, false);

    @Test
    void theNetIsAPlainAutoEncoderWithItsNames() {
        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(AutoEncoder.Config.mnist(false), new Corruption.Masking(0.25)), new Rng(0));
        AutoEncoder ae = new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(0));
        assertThat(dae.net.stateDict().keySet()).containsExactlyElementsOf(ae.stateDict().keySet());
        // same seed, same initial weights: the DAE draws nothing else at construction
        ae.stateDict().forEach((k, v) -> assertThat(dae.net.stateDict().get(k).data()).as(k).isEqualTo(v.data()));
    }

    /** The loss is the MSE of the reconstruction of the corrupted input against the clean input, computed by hand. */
    @Test
    @Tag("lab-dae-sparse")
    void lossComparesTheReconstructionOfTheCorruptedInputWithTheCleanInput() {
        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(SMALL, new Corruption.Masking(0.5)), new Rng(3));
        Tensor x = Tensor.rand(new Rng(4), 5, 6);
        double loss = dae.loss(x, new Rng(7)).item();

        Tensor corrupted = new Corruption.Masking(0.5).apply(x, new Rng(7));
        assertThat(corrupted.data()).as("some inputs were zeroed").contains(0.0);
        double[] r;
        try (GradMode.Scope s = GradMode.off()) {
            r = dae.net.forward(corrupted).data();
        }
        double sum = 0;
        for (int i = 0; i < r.length; i++) sum += (r[i] - x.data()[i]) * (r[i] - x.data()[i]);
        assertThat(loss).isCloseTo(sum / r.length, org.assertj.core.data.Offset.offset(1e-15));
        // and not against the corrupted input
        double vsCorrupted = 0;
        for (int i = 0; i < r.length; i++) vsCorrupted += (r[i] - corrupted.data()[i]) * (r[i] - corrupted.data()[i]);
        assertThat(vsCorrupted / r.length).isNotCloseTo(loss, org.assertj.core.data.Offset.offset(1e-6));
    }

    /** The whole denoising loss (fixed corruption) against five-point differences, for every parameter. */
    @Test
    @Tag("lab-dae-sparse")
    void wholeModelGradient() {
        Rng rng = new Rng(11);
        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(SMALL, new Corruption.Gaussian(0.3)), rng);
        Tensor x = Tensor.rand(rng, 5, 6);
        Tensor corrupted = dae.corrupt(x, rng);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> dae.loss(corrupted, x), dae.net.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void configNeedsBothParts() {
        assertThatThrownBy(() -> new DenoisingAutoEncoder.Config(SMALL, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corruption");
    }
}

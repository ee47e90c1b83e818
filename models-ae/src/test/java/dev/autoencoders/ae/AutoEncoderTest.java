package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AutoEncoderTest {

    @Test
    void namesAndParameterCountsUntiedAndTied() {
        AutoEncoder ae = new AutoEncoder(AutoEncoder.Config.mnist(false), new Rng(0));
        assertThat(ae.stateDict().keySet()).containsExactly(
                "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias");
        // 784*256 + 256 + 256*32 + 32, twice (mirror) but with the decoder's own biases
        assertThat(ae.numParameters()).isEqualTo(2L * (784 * 256 + 256 * 32) + 256 + 32 + 256 + 784);
        AutoEncoder tied = new AutoEncoder(AutoEncoder.Config.mnist(true), new Rng(0));
        assertThat(tied.stateDict().keySet()).containsExactly(
                "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "decoder.0.bias", "decoder.2.bias");
        assertThat(tied.numParameters()).isEqualTo(784 * 256 + 256 * 32 + 256 + 32 + 256 + 784);
    }

    /** The whole reconstruction loss, tied or not: the tied weight's gradient is the sum over its two uses. */
    @Property(tries = 10)
    void wholeModelGradient(@ForAll boolean tied, @ForAll long seed) {
        Rng rng = new Rng(seed);
        AutoEncoder ae = new AutoEncoder(new AutoEncoder.Config(new int[] {6, 4, 3}, Activation.Kind.TANH, Activation.Kind.IDENTITY, Activation.Kind.SIGMOID, tied), rng);
        Tensor x = Tensor.rand(rng, 5, 6);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> Losses.mse(ae.forward(x), x, Reduction.MEAN), ae.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void tiedDecoderUsesTheTransposedEncoderWeight() {
        AutoEncoder ae = new AutoEncoder(new AutoEncoder.Config(new int[] {3, 2}, Activation.Kind.RELU, Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, true), new Rng(1));
        Tensor z = Tensor.of(new double[] {1, 0}, 1, 2);
        double[] w = ae.stateDict().get("encoder.0.weight").data(); // (2, 3)
        double[] b = ae.stateDict().get("decoder.0.bias").data();
        // x' = z W + b': with z = e_0, the first row of W plus b'
        assertThat(ae.decode(z).data()).containsExactly(w[0] + b[0], w[1] + b[1], w[2] + b[2]);
    }
}

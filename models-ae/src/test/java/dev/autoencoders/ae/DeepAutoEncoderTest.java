package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Layer;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.Tensor;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DeepAutoEncoderTest {

    /** The state-dict names and shapes of the PyTorch twin DeepAE (enc/dec nn.Sequential with the activations in between). */
    @Test
    void namesMatchThePyTorchTwin() {
        DeepAutoEncoder ae = new DeepAutoEncoder(DeepAutoEncoder.Config.mnist(Activation.Kind.RELU), new Rng(0));
        assertThat(ae.stateDict().keySet()).containsExactly(
                "enc.0.weight", "enc.0.bias", "enc.2.weight", "enc.2.bias", "enc.4.weight", "enc.4.bias", "enc.6.weight", "enc.6.bias",
                "dec.0.weight", "dec.0.bias", "dec.2.weight", "dec.2.bias", "dec.4.weight", "dec.4.bias", "dec.6.weight", "dec.6.bias");
        assertThat(ae.stateDict().get("enc.0.weight").shape()).containsExactly(1000, 784);
        assertThat(ae.stateDict().get("enc.6.weight").shape()).containsExactly(30, 250);
        assertThat(ae.stateDict().get("dec.6.weight").shape()).containsExactly(784, 1000);
        assertThat(ae.numParameters()).isEqualTo(2L * (784 * 1000 + 1000 * 500 + 500 * 250 + 250 * 30) + 1000 + 500 + 250 + 30 + 250 + 500 + 1000 + 784);
        assertThat(ae.encode(Tensor.rand(new Rng(1), 2, 784)).shape()).containsExactly(2, 30);
    }

    /** Whole-model gradient of the fine-tuning loss, both activations, PyTorch init or unrolled from RBMs. */
    @Property(tries = 8, maxDiscardRatio = 20)
    void wholeModelGradientOfTheFineTuningLoss(@ForAll boolean sigmoid, @ForAll boolean unrolled, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Activation.Kind s = sigmoid ? Activation.Kind.SIGMOID : Activation.Kind.RELU;
        DeepAutoEncoder ae = unrolled ? DeepAutoEncoder.unroll(tinyStack(rng), s, rng)
                : new DeepAutoEncoder(new DeepAutoEncoder.Config(new int[] {7, 5, 4, 2}, s), rng);
        Tensor x = Tensor.rand(rng, 4, 7);
        // ReLU has a kink at 0: finite differences across it are meaningless, so only draws whose pre-activations
        // all stay 0.02 away from 0 are checked (a step of h = 1e-4 moves them by far less)
        Assume.that(sigmoid || minAbsPreActivation(ae, x) > 0.02);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> Losses.mse(ae.forward(x), x, Reduction.MEAN), ae.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    /** The smallest |pre-activation| of any ReLU, over the batch. */
    private static double minAbsPreActivation(DeepAutoEncoder ae, Tensor x) {
        double min = Double.POSITIVE_INFINITY;
        Tensor h = x;
        for (Sequential part : List.of(ae.enc, ae.dec)) {
            for (int i = 0; i < part.size(); i++) {
                Layer layer = part.get(i);
                if (layer instanceof Activation a && a.kind() == Activation.Kind.RELU) {
                    for (double v : h.data()) min = Math.min(min, Math.abs(v));
                }
                h = layer.forward(h);
            }
        }
        return min;
    }

    private static List<Rbm> tinyStack(Rng rng) {
        return List.of(new Rbm(Rbm.Config.cd1(7, 5, Rbm.HiddenUnits.BERNOULLI), rng),
                new Rbm(Rbm.Config.cd1(5, 4, Rbm.HiddenUnits.BERNOULLI), rng),
                new Rbm(Rbm.Config.cd1(4, 2, Rbm.HiddenUnits.GAUSSIAN), rng));
    }

    /**
     * With logistic units the unrolled encoder is the RBMs' deterministic up-pass (E[h | v] layer by layer, linear
     * at the Gaussian code layer) and the decoder their down-pass (p(v | h) layer by layer); the copies are untied.
     */
    @Test
    void unrolledNetIsTheRbmsUpAndDownPassWithUntiedCopies() {
        Rng rng = new Rng(4);
        List<Rbm> rbms = tinyStack(rng);
        for (Rbm r : rbms) {
            for (Tensor p : r.parameters()) for (int i = 0; i < p.numel(); i++) p.data()[i] = rng.normal(0, 0.5);
        }
        DeepAutoEncoder ae = DeepAutoEncoder.unroll(rbms, Activation.Kind.SIGMOID, rng);
        Tensor x = Tensor.rand(rng, 3, 7);
        Tensor up = x;
        for (Rbm r : rbms) up = r.hiddenMean(up);
        assertThat(ae.encode(x).data()).containsExactly(up.data(), within(1e-14));
        Tensor z = Tensor.randn(rng, 3, 2), down = z;
        for (int i = rbms.size() - 1; i >= 0; i--) down = rbms.get(i).visibleProbabilities(down);
        assertThat(ae.decode(z).data()).containsExactly(down.data(), within(1e-14));
        // untied: changing the first encoder weight leaves the decoder and the RBM untouched
        double dec = ae.decoderLayers.get(2).weight.data()[0], rbm = rbms.get(0).weight.data()[0];
        ae.encoderLayers.get(0).weight.data()[0] += 1;
        assertThat(ae.decoderLayers.get(2).weight.data()[0]).isEqualTo(dec);
        assertThat(rbms.get(0).weight.data()[0]).isEqualTo(rbm);
        // the decoder's layer holds W^T: dec weight (7, 5)[i][j] = W (5, 7)[j][i]
        assertThat(ae.decoderLayers.get(2).weight.get(3, 1)).isEqualTo(rbms.get(0).weight.get(1, 3));
    }

    @Test
    void stacksThatDoNotChainAreRejected() {
        Rng rng = new Rng(0);
        List<Rbm> bad = List.of(new Rbm(Rbm.Config.cd1(7, 5, Rbm.HiddenUnits.BERNOULLI), rng), new Rbm(Rbm.Config.cd1(4, 2, Rbm.HiddenUnits.GAUSSIAN), rng));
        assertThatThrownBy(() -> DeepAutoEncoder.unroll(bad, Activation.Kind.SIGMOID, rng)).hasMessageContaining("RBM 2 has 4 visible units but RBM 1 has 5 hidden units");
        assertThatThrownBy(() -> DeepAutoEncoder.unroll(List.of(), Activation.Kind.SIGMOID, rng)).hasMessageContaining("no RBMs");
        assertThatThrownBy(() -> new DeepAutoEncoder.Config(new int[] {784}, Activation.Kind.RELU)).hasMessageContaining("[784]");
        assertThatThrownBy(() -> new DeepAutoEncoder.Config(new int[] {784, 0}, Activation.Kind.RELU)).hasMessageContaining(">= 1");
    }
}

package dev.autoencoders.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** State-dict names and layouts as PyTorch, initialisation statistics, and layer error messages. */
class LayerTest {

    /** Post 003's ConvAutoEncoder encoder, to check names like enc.0.weight. */
    static final class Net extends Module {
        final Sequential enc;
        final Linear fc;

        Net(Rng rng) {
            enc = child("enc", new Sequential(new Conv2d(1, 16, 3, 3, 1, rng), Activation.relu(), new MaxPool2d(2, 2),
                    new ConvTranspose2d(16, 8, 3, 2, 0, 0, rng)));
            fc = child("fc", new Linear(4, 2, rng));
        }
    }

    @Test
    void stateDictNamesAndShapesFollowPyTorch() {
        Map<String, Tensor> sd = new Net(new Rng(0)).stateDict();
        assertThat(sd.keySet()).containsExactly("enc.0.weight", "enc.0.bias", "enc.3.weight", "enc.3.bias", "fc.weight", "fc.bias");
        assertThat(sd.get("enc.0.weight").shape()).containsExactly(16, 1, 3, 3);  // Conv2d (out, in, k, k)
        assertThat(sd.get("enc.3.weight").shape()).containsExactly(16, 8, 3, 3);  // ConvTranspose2d (in, out, k, k)
        assertThat(sd.get("fc.weight").shape()).containsExactly(2, 4);            // Linear (out, in)
        MaskedConv2d m = new MaskedConv2d(MaskedConv2d.Type.A, 2, 3, 3, 1, new Rng(0));
        assertThat(m.stateDict().keySet()).containsExactly("weight", "bias", "mask");
        assertThat(m.parameters()).hasSize(2);
    }

    @Test
    void pytorchDefaultInitIsUniformWithBoundOneOverSqrtFanIn() {
        Linear l = new Linear(400, 300, new Rng(5));
        double bound = 1 / Math.sqrt(400);
        double s2 = 0;
        for (double w : l.weight.data()) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo(bound);
            s2 += w * w;
        }
        // the variance of U(-b, b) is b^2 / 3
        assertThat(s2 / l.weight.numel()).isCloseTo(bound * bound / 3, within(0.02 * bound * bound / 3));
        for (double b : l.bias.data()) assertThat(Math.abs(b)).isLessThanOrEqualTo(bound);
        // ConvTranspose2d: fan_in = out * k * k, as PyTorch computes it from the (in, out, k, k) weight
        ConvTranspose2d t = new ConvTranspose2d(16, 8, 5, 3, 1, 0, new Rng(5));
        double tb = 1 / Math.sqrt(8 * 25);
        for (double w : t.weight.data()) assertThat(Math.abs(w)).isLessThanOrEqualTo(tb);
    }

    @Test
    void xavierAndHeHaveTheirVariances() {
        Tensor x = Init.xavierUniform(new Rng(1), 1.0, 200, 300);
        double b = Math.sqrt(6.0 / 500), s2 = 0;
        for (double w : x.data()) s2 += w * w;
        assertThat(s2 / x.numel()).isCloseTo(b * b / 3, within(0.03 * b * b / 3));
        Tensor h = Init.heNormal(new Rng(1), 200, 300);
        s2 = 0;
        for (double w : h.data()) s2 += w * w;
        assertThat(s2 / h.numel()).isCloseTo(2.0 / 300, within(0.03 * 2.0 / 300));
    }

    @Test
    @Tag("lab-pixelcnn")
    void maskTypesAByHand() {
        Tensor a = MaskedConv2d.mask(MaskedConv2d.Type.A, 1, 1, 3);
        Tensor b = MaskedConv2d.mask(MaskedConv2d.Type.B, 1, 1, 3);
        assertThat(a.data()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0);
        assertThat(b.data()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void errorsNameTheLayerTheValuesAndTheShapes() {
        Net net = new Net(new Rng(0));
        assertThatThrownBy(() -> net.enc.forward(Tensor.zeros(1, 1, 2, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("enc.2").hasMessageContaining("MaxPool2d").hasMessageContaining("[1, 16, 1, 1]");
        assertThatThrownBy(() -> net.fc.forward(Tensor.zeros(3, 5)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("fc").hasMessageContaining("[3, 5]");
        assertThatThrownBy(() -> new Conv2d(1, 16, 3, 0, 1, new Rng(0))).hasMessageContaining("stride=0");
        assertThatThrownBy(() -> new ConvTranspose2d(1, 1, 3, 2, 0, 2, new Rng(0))).hasMessageContaining("output_padding=2");
        assertThatThrownBy(() -> new Linear(0, 3, new Rng(0))).hasMessageContaining("in=0");
    }

    @Test
    void loadStateDictChecksNamesAndShapesBeforeCopying() {
        Net a = new Net(new Rng(1)), b = new Net(new Rng(2));
        b.loadStateDict(a.stateDict(), "a.safetensors");
        assertThat(b.fc.weight.data()).containsExactly(a.fc.weight.data());
        Map<String, Tensor> bad = new java.util.LinkedHashMap<>(a.stateDict());
        bad.put("fc.weight", Tensor.zeros(3, 4));
        bad.remove("fc.bias");
        bad.put("extra", Tensor.zeros(1));
        double before = b.enc.get(0).stateDict().get("weight").data()[0];
        assertThatThrownBy(() -> b.loadStateDict(bad, "bad.safetensors"))
                .hasMessageContaining("bad.safetensors").hasMessageContaining("'fc.weight' has shape [3, 4] but the model expects [2, 4]")
                .hasMessageContaining("missing tensor 'fc.bias'").hasMessageContaining("unexpected tensor 'extra'");
        assertThat(b.enc.get(0).stateDict().get("weight").data()[0]).isEqualTo(before);
    }

    @Test
    void aLoadedMaskMustBeTheLayersMask() {
        MaskedConv2d a = new MaskedConv2d(MaskedConv2d.Type.A, 2, 2, 3, 1, new Rng(0));
        MaskedConv2d b = new MaskedConv2d(MaskedConv2d.Type.B, 2, 2, 3, 1, new Rng(1));
        double w0 = a.weight.data()[0];
        assertThatThrownBy(() -> a.loadStateDict(b.stateDict(), "b.safetensors"))
                .hasMessageContaining("b.safetensors").hasMessageContaining("type-A mask");
        // nothing changed
        assertThat(a.weight.data()[0]).isEqualTo(w0);
        assertThat(a.mask.data()).containsExactly(MaskedConv2d.mask(MaskedConv2d.Type.A, 2, 2, 3).data());
    }
}

package dev.autoencoders.io;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names and shapes of a file checked against what a model expects. */
class SafetensorsCheckAgainstTest {

    private static Map<String, int[]> expected() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("enc.weight", new int[] {3, 4});
        m.put("enc.bias", new int[] {3});
        return m;
    }

    private static Map<String, Tensor> loaded(Tensor weight, Tensor bias) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (weight != null) m.put("enc.weight", weight);
        if (bias != null) m.put("enc.bias", bias);
        return m;
    }

    @Test
    void exactFitPasses() {
        assertThatCode(() -> Safetensors.checkAgainst(loaded(Tensor.zeros(3, 4), Tensor.zeros(3)), expected(), "m.safetensors"))
                .doesNotThrowAnyException();
    }

    @Test
    void missingTensor() {
        assertThatThrownBy(() -> Safetensors.checkAgainst(loaded(Tensor.zeros(3, 4), null), expected(), "m.safetensors"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("m.safetensors: missing tensor 'enc.bias' (shape [3])");
    }

    @Test
    void unexpectedTensor() {
        Map<String, Tensor> l = loaded(Tensor.zeros(3, 4), Tensor.zeros(3));
        l.put("dec.weight", Tensor.zeros(4, 3));
        assertThatThrownBy(() -> Safetensors.checkAgainst(l, expected(), "m.safetensors"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("m.safetensors: unexpected tensor 'dec.weight' (not in the model)");
    }

    @Test
    void shapeMismatchGivesBothShapes() {
        assertThatThrownBy(() -> Safetensors.checkAgainst(loaded(Tensor.zeros(4, 3), Tensor.zeros(3)), expected(), "m.safetensors"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("m.safetensors: tensor 'enc.weight' has shape [4, 3] in the file but the model expects [3, 4]");
    }

    @Test
    void allFaultsAreListed() {
        Map<String, Tensor> l = new LinkedHashMap<>();
        l.put("enc.weight", Tensor.zeros(12));
        l.put("extra", Tensor.zeros(1));
        assertThatThrownBy(() -> Safetensors.checkAgainst(l, expected(), "m.safetensors"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("m.safetensors: tensor 'enc.weight' has shape [12] in the file but the model expects [3, 4]; "
                        + "missing tensor 'enc.bias' (shape [3]); unexpected tensor 'extra' (not in the model)");
    }
}

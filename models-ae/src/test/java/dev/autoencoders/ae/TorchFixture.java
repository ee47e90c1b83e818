package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.nn.Module;
import dev.autoencoders.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's PyTorch-made fixture (tools/pytorch/model_fixtures.py, float64): the state dict, an input batch
 * {@code x}, PyTorch's output {@code out}, its loss {@code loss} and the loss's gradient {@code grad.<name>} per parameter.
 */
final class TorchFixture {
    final Map<String, Tensor> tensors;

    private TorchFixture(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    static TorchFixture load(String name) {
        try {
            Path p = Path.of(TorchFixture.class.getResource("/fixtures/" + name + ".safetensors").toURI());
            return new TorchFixture(Safetensors.read(p).tensors());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Tensor get(String name) {
        Tensor t = tensors.get(name);
        assertThat(t).as("fixture tensor %s", name).isNotNull();
        return t;
    }

    /** Loads the fixture's state dict into the model; fails if a name or shape differs. */
    void loadInto(Module model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String k : model.stateDict().keySet()) state.put(k, get(k));
        model.loadStateDict(state, "fixture");
    }

    /** Every parameter's gradient equals PyTorch's within {@code tol} (absolute, elementwise). */
    void assertGradients(Module model, double tol) {
        model.namedParameters().forEach((name, p) -> {
            double[] want = get("grad." + name).data();
            assertThat(p.grad()).as("gradient of %s", name).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat(p.grad()[i]).as("gradient of %s[%d]", name, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(tol));
            }
        });
    }

    static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
    }
}

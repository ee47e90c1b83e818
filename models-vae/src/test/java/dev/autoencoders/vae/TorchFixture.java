package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.io.Safetensors;
import dev.autoencoders.nn.Module;
import dev.autoencoders.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's PyTorch-made fixture (tools/pytorch/vae_fixtures.py, float64): the state dict, the batch {@code x}, the
 * noise {@code eps}, PyTorch's loss {@code loss} (-ELBO per image), its terms {@code recon} and {@code kl}, and the
 * loss's gradient {@code grad.<name>} per parameter; for the plain VAEs also {@code eps_k} and the IWAE bound {@code iwae}.
 */
final class TorchFixture {
    private final Map<String, Tensor> tensors;

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

    double scalar(String name) {
        return get(name).data()[0];
    }

    /** The labels, stored as floats. */
    int[] labels() {
        double[] v = get("labels").data();
        int[] y = new int[v.length];
        for (int i = 0; i < v.length; i++) y[i] = (int) v[i];
        return y;
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
                assertThat(p.grad()[i]).as("gradient of %s[%d]", name, i).isCloseTo(want[i], within(tol));
            }
        });
    }
}

package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PixelCnnTest {

    @Test
    void hasTheTwinsParameterCountAndNames() {
        PixelCnn p = new PixelCnn(PixelCnn.Config.twin(128), new Rng(1));
        assertThat(p.numParameters()).isEqualTo(975_872);
        List<String> want = new ArrayList<>(List.of("emb.weight", "a.weight", "a.bias", "a.mask"));
        for (int r = 0; r < 2; r++) {
            for (String s : List.of("1.weight", "1.bias", "3.weight", "3.bias", "3.mask", "5.weight", "5.bias")) want.add("res." + r + "." + s);
        }
        for (int b = 0; b < 2; b++) for (String s : List.of("weight", "bias", "mask")) want.add("b." + b + "." + s);
        want.addAll(List.of("out.weight", "out.bias"));
        assertThat(p.stateDict().keySet()).containsExactlyElementsOf(want);
    }

    /** Second oracle: PyTorch's logits, loss and every gradient for the twin's layers (16 codes, 16 filters). */
    @Test
    @Tag("lab-pixelcnn")
    void matchesPyTorchForwardAndBackward() {
        Map<String, Tensor> f = TwinFixtures.read("pixelcnn_small.safetensors");
        PixelCnn p = new PixelCnn(new PixelCnn.Config(16, 16, 7, 2, 2, 0), new Rng(0));
        p.loadStateDict(TwinFixtures.under(f, "model"), "pixelcnn_small.safetensors");
        int[] codes = TwinFixtures.ints(f.get("codes"));
        VqVaeTest.assertClose(p.logits(codes, 2, 7, 7).data(), f.get("logits").data(), 1e-12);
        Tensor loss = p.loss(codes, 2, 7, 7);
        assertThat(loss.item()).isCloseTo(f.get("loss").item(), within(1e-13));
        loss.backward();
        Map<String, Tensor> grads = TwinFixtures.under(f, "grad");
        p.namedParameters().forEach((name, t) -> VqVaeTest.assertClose(t.grad(), grads.get(name).data(), 1e-11));
    }

    /** The loss is the mean of -log softmax(logits)[code] over all positions (computed here by hand from the logits). */
    @Test
    @Tag("lab-pixelcnn")
    void lossIsTheNegativeLogLikelihoodInNatsPerCode() {
        PixelCnn p = new PixelCnn(new PixelCnn.Config(5, 4, 3, 1, 1, 0), new Rng(2));
        Rng rng = new Rng(3);
        int n = 2, h = 3, w = 4, k = 5;
        int[] codes = new int[n * h * w];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(k);
        double[] z = p.logits(codes, n, h, w).data();
        double nll = 0;
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < h * w; i++) {
                double norm = 0;
                for (int c = 0; c < k; c++) norm += Math.exp(z[(s * k + c) * h * w + i]);
                nll -= z[(s * k + codes[s * h * w + i]) * h * w + i] - Math.log(norm);
            }
        }
        assertThat(p.loss(codes, n, h, w).item()).isCloseTo(nll / codes.length, within(1e-12));
    }

    @Test
    @Tag("lab-pixelcnn")
    void gradientOfTheLossUnconditionalAndConditional() {
        Rng rng = new Rng(4);
        PixelCnn p = new PixelCnn(new PixelCnn.Config(5, 4, 3, 1, 1, 0), rng);
        int[] codes = new int[2 * 3 * 5];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(5);
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults().withH(1e-5).withMaxPerTensor(8), () -> p.loss(codes, 2, 3, 5), p.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);

        PixelCnn c = new PixelCnn(new PixelCnn.Config(5, 4, 3, 1, 1, 3), rng);
        int[] fine = new int[2 * 5 * 3], coarse = new int[2 * 3 * 2];
        for (int i = 0; i < fine.length; i++) fine[i] = rng.nextInt(5);
        for (int i = 0; i < coarse.length; i++) coarse[i] = rng.nextInt(3);
        GradCheck.Result rc = GradCheck.checkScalar(GradCheck.Options.defaults().withH(1e-5).withMaxPerTensor(8), () -> c.loss(fine, 2, 5, 3, coarse), c.parameters());
        assertThat(rc.maxRelError()).as(rc.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Test
    @Tag("lab-pixelcnn")
    void samplingIsSeededAndAtTemperatureNearZeroIsGreedy() {
        PixelCnn p = new PixelCnn(new PixelCnn.Config(6, 8, 3, 1, 1, 0), new Rng(5));
        int n = 3, h = 3, w = 3;
        assertThat(p.sample(n, h, w, 1.0, new Rng(9))).containsExactly(p.sample(n, h, w, 1.0, new Rng(9)));
        int[] greedy = new int[n * h * w];
        for (int i = 0; i < h * w; i++) {
            int[] arg = p.logits(greedy, n, h, w).argmax(1);   // (N, H, W) flattened
            for (int s = 0; s < n; s++) greedy[s * h * w + i] = arg[s * h * w + i];
        }
        assertThat(p.sample(n, h, w, 1e-9, new Rng(10))).containsExactly(greedy);
    }

    /** The first position has no context: its codes follow softmax(logits / T), for T = 1 and T = 2. */
    @Test
    @Tag("lab-pixelcnn")
    void theFirstCodeFollowsTheTemperedSoftmax() {
        PixelCnn p = new PixelCnn(new PixelCnn.Config(3, 4, 3, 0, 1, 0), new Rng(6));
        int n = 20_000;
        double[] z = p.logits(new int[2], 1, 1, 2).data(); // (1, 3, 1, 2): position 0 is z[0], z[2], z[4]
        for (double t : new double[] {1, 2}) {
            int[] s = p.sample(n, 1, 2, t, new Rng(11));
            double norm = 0;
            for (int c = 0; c < 3; c++) norm += Math.exp(z[2 * c] / t);
            for (int c = 0; c < 3; c++) {
                int count = 0;
                for (int i = 0; i < n; i++) if (s[2 * i] == c) count++;
                assertThat(count / (double) n).as("T = %s, code %d", t, c).isCloseTo(Math.exp(z[2 * c] / t) / norm, within(0.015));
            }
        }
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new PixelCnn.Config(0, 4, 3, 1, 1, 0)).hasMessageContaining("K >= 1");
        assertThatThrownBy(() -> new PixelCnn.Config(4, 5, 3, 1, 1, 0)).hasMessageContaining("filters").hasMessageContaining("5");
        assertThatThrownBy(() -> new PixelCnn.Config(4, 4, 4, 1, 1, 0)).hasMessageContaining("kernel").hasMessageContaining("4");
        PixelCnn p = new PixelCnn(new PixelCnn.Config(4, 4, 3, 1, 1, 0), new Rng(1));
        assertThatThrownBy(() -> p.sample(1, 2, 2, 0, new Rng(1))).hasMessageContaining("temperature");
        assertThatThrownBy(() -> p.logits(new int[3], 1, 2, 2)).hasMessageContaining("3 codes");
        assertThatThrownBy(() -> p.logits(new int[4], 1, 2, 2, new int[1])).hasMessageContaining("unconditional");
    }
}

package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.io.MalformedFileException;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.random.Rng;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqVaeTest {

    /** The twin's state_dict keys in order, as printed by PyTorch for torch_bench.VQVAE(). */
    private static final List<String> TWIN_NAMES = List.of(
            "enc.0.weight", "enc.0.bias", "enc.2.weight", "enc.2.bias", "enc.4.weight", "enc.4.bias",
            "dec.0.weight", "dec.0.bias", "dec.2.weight", "dec.2.bias", "dec.4.weight", "dec.4.bias",
            "codebook.weight");

    @Test
    void hasTheTwinsParameterCountNamesAndShapes() {
        VqVae m = new VqVae(VqVae.Config.mnist(), new Rng(1));
        assertThat(m.numParameters()).isEqualTo(49_937);
        assertThat(m.stateDict().keySet()).containsExactlyElementsOf(TWIN_NAMES);
        Tensor x = Tensor.rand(new Rng(2), 3, 1, 28, 28);
        VqVae.Output out = m.forward(x);
        assertThat(out.encoded().shape()).containsExactly(3, 16, 7, 7);
        assertThat(out.quantization().output().shape()).containsExactly(3, 16, 7, 7);
        assertThat(out.reconstruction().shape()).containsExactly(3, 1, 28, 28);
        assertThat(out.quantization().codes()).hasSize(3 * 49);
    }

    @Test
    void codebookStartsUniformInMinusOneOverKToOneOverK() {
        VqVae m = new VqVae(VqVae.Config.mnist(), new Rng(3));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : m.codebook.weight.data()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(lo).isGreaterThanOrEqualTo(-1.0 / 128).isLessThan(-0.9 / 128);
        assertThat(hi).isLessThan(1.0 / 128).isGreaterThan(0.9 / 128);
    }

    /**
     * Every tensor starts in PyTorch's default distribution, U(-b, b) with b = 1 / sqrt(fan_in), so that a seed of ours
     * and a seed of the twin are draws from the same distribution of training runs. fan_in by hand, with PyTorch's rule
     * (weight.size(1) * k * k, which for a ConvTranspose2d weight (in, out, k, k) is out * k * k):
     * enc.0 1*9, enc.2 32*9, enc.4 64*1, dec.0 64*9, dec.2 32*9, dec.4 32*9; the codebook U(-1/K, 1/K).
     * Over 200 seeds each tensor's largest |value| lies just below b and its mean square near b^2 / 3
     * (PyTorch's own VQVAE() over 200 seeds: the same largest values to four digits).
     */
    @Test
    void everyTensorStartsInPyTorchsDefaultDistribution() {
        Map<String, Integer> fanIn = new LinkedHashMap<>();
        fanIn.put("enc.0", 9);
        fanIn.put("enc.2", 288);
        fanIn.put("enc.4", 64);
        fanIn.put("dec.0", 576);
        fanIn.put("dec.2", 288);
        fanIn.put("dec.4", 288);
        int seeds = 200;
        Map<String, double[]> maxAndMeanSquare = new LinkedHashMap<>();
        for (int s = 0; s < seeds; s++) {
            new VqVae(VqVae.Config.mnist(), new Rng(s)).stateDict().forEach((name, t) -> {
                double[] acc = maxAndMeanSquare.computeIfAbsent(name, k -> new double[2]);
                for (double v : t.data()) {
                    acc[0] = Math.max(acc[0], Math.abs(v));
                    acc[1] += v * v / (t.numel() * (double) seeds);
                }
            });
        }
        assertThat(maxAndMeanSquare.keySet()).containsExactlyElementsOf(TWIN_NAMES);
        maxAndMeanSquare.forEach((name, acc) -> {
            double b = name.equals("codebook.weight") ? 1.0 / 128 : 1 / Math.sqrt(fanIn.get(name.substring(0, 5)));
            assertThat(acc[0]).as("largest |value| of %s against b = %.5f", name, b).isLessThanOrEqualTo(b).isGreaterThan(0.95 * b);
            assertThat(acc[1]).as("mean square of %s against b^2 / 3", name).isCloseTo(b * b / 3, within(0.2 * b * b / 3));
        });
    }

    /** Second oracle: PyTorch's codes, reconstruction, loss and every parameter gradient for the same weights and inputs. */
    @Test
    @Tag("lab-vq")
    void matchesPyTorchForwardAndBackward() {
        Map<String, Tensor> f = TwinFixtures.read("vqvae_twin.safetensors");
        VqVae m = new VqVae(VqVae.Config.mnist(), new Rng(0));
        m.loadStateDict(TwinFixtures.under(f, "model"), "vqvae_twin.safetensors");
        Tensor x = f.get("x");
        VqVae.Output out = m.forward(x);
        assertThat(out.quantization().codes()).containsExactly(TwinFixtures.ints(f.get("codes")));
        assertClose(out.reconstruction().data(), f.get("recon").data(), 1e-12);
        Tensor loss = m.loss(out, x);
        assertThat(loss.item()).isCloseTo(f.get("loss").item(), within(1e-13));
        m.zeroGrad();
        loss.backward();
        Map<String, Tensor> grads = TwinFixtures.under(f, "grad");
        m.namedParameters().forEach((name, p) -> assertClose(p.grad(), grads.get(name).data(), 1e-11));
    }

    /**
     * Second oracle for training, not only for one gradient: 24 Adam steps (lr 1e-3, batch 8) of the twin on 16 MNIST
     * images, from the twin's own initial weights and in its batch order (tools/pytorch/vq_fixtures.py, float64).
     * Every step's loss and the final weights agree with PyTorch's: the straight-through estimator, both
     * stop-gradients, the nearest-code search and Adam (bias correction, eps) do what PyTorch's do, step after step.
     */
    @Test
    @Tag("lab-vq")
    void trainsStepForStepAsThePyTorchTwin() {
        Map<String, Tensor> f = TwinFixtures.read("vqvae_steps.safetensors");
        VqVae m = new VqVae(VqVae.Config.mnist(), new Rng(0));
        Map<String, Tensor> init = TwinFixtures.under(f, "init");
        m.loadStateDict(init, "vqvae_steps.safetensors");
        Adam adam = new Adam(m.parameters(), 1e-3);
        Tensor images = f.get("x");
        Tensor batches = f.get("batches");
        double[] losses = f.get("losses").data();
        int steps = batches.dim(0);
        assertThat(steps).isEqualTo(24);
        for (int s = 0; s < steps; s++) {
            Tensor x = Reshaping.indexSelect(images, TwinFixtures.ints(batches.slice(0, s, s + 1)));
            Tensor loss = m.loss(m.forward(x), x);
            assertThat(loss.item()).as("loss of step %d", s).isCloseTo(losses[s], within(1e-12 * losses[s]));
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        Map<String, Tensor> last = TwinFixtures.under(f, "final");
        m.stateDict().forEach((name, p) -> assertClose(p.data(), last.get(name).data(), 1e-10));
        assertThat(m.stateDict().get("enc.0.weight").data()).as("the weights moved")
                .isNotEqualTo(init.get("enc.0.weight").data());
    }

    /**
     * Whole-model gradient check. Two things keep the loss from being an ordinary differentiable function:
     * <ul>
     *   <li>argmin is piecewise constant: the assignment is held fixed (the codes of the unperturbed model), so the
     *       checked function is smooth, and equals the true loss as long as no encoder output crosses a boundary;</li>
     *   <li>{@code sg[.]} is an identity in the forward pass and a constant in the backward pass: the backward of the
     *       model is the exact gradient of the loss with every stop-gradient argument frozen at its value at the
     *       unperturbed point. The numerical side evaluates that frozen loss, written out here a second time:
     *       {@code ||x - dec(z_e + C)||^2 + ||Z_e - e_k||^2 + beta ||z_e - Z_q||^2} with the constants
     *       {@code C = z_q - z_e}, {@code Z_e = z_e}, {@code Z_q = z_q} taken at the unperturbed parameters.</li>
     * </ul>
     * (Without freezing, the numerical derivative of the reconstruction by the encoder is 0, since the decoder reads
     * z_q; the straight-through estimator is by design not that derivative.)
     */
    @Test
    void gradientOfTheWholeLossWithTheAssignmentAndTheStopGradientsHeldFixed() {
        VqVae m = new VqVae(new VqVae.Config(4, 6, VectorQuantizer.Config.plain(8, 3)), new Rng(5));
        spreadCodebook(m, new Rng(6));
        Tensor x = Tensor.rand(new Rng(7), 2, 1, 28, 28);
        int[] codes = m.codes(x);
        VqVae.Output base;
        try (GradMode.Scope s = GradMode.off()) {
            base = m.forward(x, codes);
        }
        Tensor ze0 = copy(base.encoded()), zq0 = copy(base.quantization().quantized());
        Tensor c = zq0.sub(ze0);
        double beta = m.codebook.config.beta();
        Supplier<Tensor> frozen = () -> {
            Tensor ze = m.encode(x);
            Tensor zq = m.codebook.lookup(codes, 2, 7, 7);
            return Losses.mse(m.decode(ze.add(c)), x, Reduction.MEAN)
                    .add(Losses.mse(zq, ze0, Reduction.MEAN))
                    .add(Losses.mse(ze, zq0, Reduction.MEAN).mul(beta));
        };
        // backward of the model's own loss (grad mode on); numerical derivatives of the frozen loss (grad mode off)
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults().withH(1e-5).withMaxPerTensor(6),
                () -> GradMode.enabled() ? m.loss(m.forward(x, codes), x) : frozen.get(), m.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThan(1e-6);
        assertThat(m.codes(x)).as("the assignment did not move").containsExactly(codes);
    }

    static Tensor copy(Tensor t) {
        return Tensor.of(t.data().clone(), t.shape());
    }

    @Test
    void saveAndLoadRoundTripsWeightsAndSettings(@TempDir Path dir) {
        VqVae m = new VqVae(VqVae.Config.mnist(VectorQuantizer.Config.ema(128, 16).withRestartAfter(7)), new Rng(8));
        Path f = dir.resolve("vq.safetensors");
        VqVaeFile.save(f, m);
        VqVae back = VqVaeFile.load(f);
        assertThat(back.config).isEqualTo(m.config);
        m.stateDict().forEach((k, v) -> assertThat(back.stateDict().get(k).data()).as(k).containsExactly(v.data()));
    }

    @Test
    void aFileWithoutMetadataLoadsAsThePlainTwin(@TempDir Path dir) {
        Map<String, Tensor> f = TwinFixtures.read("vqvae_twin.safetensors");
        Path p = dir.resolve("twin.safetensors");
        Safetensors.write(p, TwinFixtures.under(f, "model"));
        VqVae m = VqVaeFile.load(p);
        assertThat(m.config).isEqualTo(VqVae.Config.mnist());
        assertThat(m.codebook.weight.data()).containsExactly(f.get("model.codebook.weight").data());
    }

    @Test
    void aFileThatDoesNotFitNamesTheFileAndTheTensor(@TempDir Path dir) {
        Map<String, Tensor> t = new LinkedHashMap<>(new VqVae(VqVae.Config.mnist(), new Rng(9)).stateDict());
        t.put("dec.4.bias", Tensor.zeros(2));
        t.remove("enc.0.bias");
        Path p = dir.resolve("bad.safetensors");
        Safetensors.write(p, t);
        assertThatThrownBy(() -> VqVaeFile.load(p)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("bad.safetensors").hasMessageContaining("enc.0.bias").hasMessageContaining("dec.4.bias");
        Path q = dir.resolve("nobook.safetensors");
        Safetensors.write(q, Map.of("x", Tensor.zeros(3)));
        assertThatThrownBy(() -> VqVaeFile.load(q)).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("nobook.safetensors").hasMessageContaining("codebook.weight");
    }

    @Test
    void badMetadataIsAMalformedFileNamingTheKey(@TempDir Path dir) {
        VqVae m = new VqVae(VqVae.Config.mnist(), new Rng(10));
        Path p = dir.resolve("meta.safetensors");
        Map<String, String> meta = new LinkedHashMap<>(Map.of("format", VqVaeFile.FORMAT, "channels1", "32", "channels2", "64",
                "update", "SGD", "beta", "0.25", "decay", "0.99", "epsilon", "1e-5", "restart_after", "0"));
        Safetensors.write(p, m.stateDict(), dev.autoencoders.io.SafetensorsDtype.F64, meta);
        assertThatThrownBy(() -> VqVaeFile.load(p)).isInstanceOf(MalformedFileException.class).hasMessageContaining("meta.safetensors").hasMessageContaining("SGD");
        meta.put("update", "LOSS");
        meta.put("restart_after", "2.5");
        Safetensors.write(p, m.stateDict(), dev.autoencoders.io.SafetensorsDtype.F64, meta);
        assertThatThrownBy(() -> VqVaeFile.load(p)).isInstanceOf(MalformedFileException.class).hasMessageContaining("restart_after");
        meta.put("restart_after", "0");
        meta.put("beta", "-1");
        Safetensors.write(p, m.stateDict(), dev.autoencoders.io.SafetensorsDtype.F64, meta);
        assertThatThrownBy(() -> VqVaeFile.load(p)).isInstanceOf(MalformedFileException.class).hasMessageContaining("beta");
    }

    /** Puts the codes on encoder outputs of random images, so that several codes are in use. */
    static void spreadCodebook(VqVae m, Rng rng) {
        Tensor z = m.codebook.rows(m.encode(Tensor.rand(rng, 4, 1, 28, 28))).detach();
        double[] e = m.codebook.weight.data();
        int d = m.codebook.config.dim();
        for (int k = 0; k < m.codebook.config.codes(); k++) {
            int j = rng.nextInt(z.dim(0));
            for (int c = 0; c < d; c++) e[k * d + c] = z.data()[j * d + c] + 1e-3 * rng.normal();
        }
    }

    static void assertClose(double[] a, double[] b, double tol) {
        assertThat(a).hasSameSizeAs(b);
        double scale = 0;
        for (double v : b) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i])).as("element %d: %s vs %s", i, a[i], b[i]).isLessThanOrEqualTo(tol * Math.max(1, scale));
        }
    }
}

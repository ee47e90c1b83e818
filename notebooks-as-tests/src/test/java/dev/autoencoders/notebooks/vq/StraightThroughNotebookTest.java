package dev.autoencoders.notebooks.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The straight-through estimator (post 000, 4.2.2; post 002): argmin has no gradient, so a decoder that reads
 * {@code z_q = e_k} passes nothing back to the encoder through the reconstruction; reading
 * {@code z_e + sg[z_q - z_e]} instead (same value) copies the decoder's input gradient onto {@code z_e}. Two runs
 * from the same initialisation on 1,000 images, 3 epochs, the EMA codebook with restarts in both (so that the codes
 * follow the encoder outputs either way): with the STE the encoder's weights move and the reconstruction improves;
 * without it the encoder learns only from the commitment term (towards its codes, not towards better
 * reconstructions: the decoder must make do with quantized random features), and the reconstruction term's gradient
 * at the encoder is exactly zero.
 */
class StraightThroughNotebookTest {

    private static VqVae model() {
        return new VqVae(new VqVae.Config(16, 32, VectorQuantizer.Config.ema(16, 8).withRestartAfter(5)), new Rng(3));
    }

    private static double testMse(VqVae vq, Tensor test) {
        try (GradMode.Scope s = GradMode.off()) {
            return Losses.mse(vq.forward(test).reconstruction(), test, Reduction.MEAN).item();
        }
    }

    private static List<double[]> encoderWeights(VqVae vq) {
        List<double[]> w = new ArrayList<>();
        for (Tensor p : vq.enc.parameters()) w.add(p.data().clone());
        return w;
    }

    /** ||W_after - W_before|| / ||W_before|| over all encoder parameters. */
    private static double relativeChange(List<double[]> before, VqVae vq) {
        double diff = 0, norm = 0;
        List<Tensor> after = vq.enc.parameters();
        for (int t = 0; t < before.size(); t++) {
            for (int i = 0; i < before.get(t).length; i++) {
                double d = after.get(t).data()[i] - before.get(t)[i];
                diff += d * d;
                norm += before.get(t)[i] * before.get(t)[i];
            }
        }
        return Math.sqrt(diff / norm);
    }

    /** Three epochs of Adam (EMA codebook with restarts); {@code straightThrough} chooses what the decoder reads: z_e + sg[z_q - z_e], or z_q itself. */
    private static void train(VqVae vq, Tensor images, boolean straightThrough) {
        Trainer t = new Trainer(new Adam(vq.parameters(), 1e-3), images.dim(0), 64, new Rng(5));
        t.fit(3, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(images, batch);
            Tensor ze = vq.encode(x);
            var q = vq.codebook.quantize(ze);
            vq.codebook.update(q, noise);
            Tensor recon = vq.decode(straightThrough ? q.output() : q.quantized());
            return Losses.mse(recon, x, Reduction.MEAN).add(q.loss());
        }, null);
    }

    @Test
    void theStraightThroughEstimatorTrainsTheEncoderAlthoughArgminHasNoGradient() {
        Splits data = Datasets.load(Datasets.MNIST_10K);
        Tensor train = data.train().images().slice(0, 0, 1000), test = data.test().images().slice(0, 0, 200);

        // 1. Without the STE the reconstruction's gradient stops at the argmin: exactly zero at every encoder weight
        VqVae probe = model();
        Tensor x = train.slice(0, 0, 16);
        Losses.mse(probe.decode(probe.codebook.quantize(probe.encode(x)).quantized()), x, Reduction.MEAN).backward();
        for (Tensor p : probe.enc.parameters()) assertThat(p.grad() == null || java.util.Arrays.stream(p.grad()).allMatch(g -> g == 0)).isTrue();

        // 2. The same model trained twice from the same initialisation, with and without the STE
        VqVae ste = model(), noSte = model();
        double before = testMse(ste, test);
        List<double[]> w0 = encoderWeights(ste);
        train(ste, train, true);
        train(noSte, train, false);
        double afterSte = testMse(ste, test), afterNoSte = testMse(noSte, test);
        double movedSte = relativeChange(w0, ste), movedNoSte = relativeChange(w0, noSte);

        try (GradMode.Scope s = GradMode.off()) {
            Tensor t8 = test.slice(0, 0, 8);
            ImageGrid.save(Reshaping.concat(0, t8, ste.forward(t8).reconstruction().clamp(0, 1), noSte.forward(t8).reconstruction().clamp(0, 1)),
                    Notebook.file("vq", "straight_through.png"));
        }
        Notebook.record("vq", "straight_through", new Metrics()
                .put("test_mse_at_init", before).put("test_mse_with_ste", afterSte).put("test_mse_without_ste", afterNoSte)
                .put("encoder_relative_change_with_ste", movedSte).put("encoder_relative_change_without_ste", movedNoSte));

        assertThat(movedSte).isGreaterThan(0.05);
        assertThat(afterSte).isLessThan(0.5 * before);
        assertThat(afterSte).isLessThan(afterNoSte);
    }
}

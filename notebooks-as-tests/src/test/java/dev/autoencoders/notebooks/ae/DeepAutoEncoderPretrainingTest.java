package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.DeepAutoEncoder;
import dev.autoencoders.ae.Pca;
import dev.autoencoders.ae.Rbm;
import dev.autoencoders.ae.RbmSgd;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.nn.Activation;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hinton and Salakhutdinov's experiment at a scale that fits a test: a deep autoencoder with a 30-d linear code,
 * greedily pretrained as a stack of RBMs and fine-tuned, against the same net fine-tuned from PyTorch's default
 * initialisation, and against PCA with 30 components. Narrower than the paper's net (784-256-128-64-30 instead of
 * 784-1000-500-250-30) and fewer data (2,000 training images, 10 epochs per RBM, 10 fine-tuning epochs); the
 * full-size numbers are in docs/rbm-deep-autoencoder.md.
 */
class DeepAutoEncoderPretrainingTest {
    private static final String SECTION = "rbm-deep-autoencoder";
    private static final int[] WIDTHS = {784, 256, 128, 64, 30};

    /** Greedy layer-wise CD-1 with Hinton's settings; each RBM learns from E[h | v] of the one below. */
    private static List<Rbm> pretrain(Tensor x, Rng rng) {
        List<Rbm> rbms = new ArrayList<>();
        Tensor input = x;
        for (int i = 0; i + 1 < WIDTHS.length; i++) {
            boolean code = i + 2 == WIDTHS.length;
            Rbm rbm = new Rbm(Rbm.Config.cd1(WIDTHS[i], WIDTHS[i + 1], code ? Rbm.HiddenUnits.GAUSSIAN : Rbm.HiddenUnits.BERNOULLI), rng);
            Trainer t = new Trainer(new RbmSgd(rbm, code ? RbmSgd.Config.hintonLinearHidden() : RbmSgd.Config.hinton(), (x.dim(0) + 99) / 100), x.dim(0), 100, rng);
            Tensor in = input;
            t.fit(10, (batch, noise) -> rbm.contrastiveDivergence(Reshaping.indexSelect(in, batch), noise), null);
            rbms.add(rbm);
            try (GradMode.Scope s = GradMode.off()) {
                input = rbm.hiddenMean(input);
            }
        }
        return rbms;
    }

    /** Fine-tunes with MSE and Adam (lr 1e-3, batch 128, 10 epochs); returns the test MSE. */
    private static double fineTune(DeepAutoEncoder ae, Tensor train, Tensor test, Rng rng) {
        Trainer t = new Trainer(new Adam(ae.parameters(), 1e-3), train.dim(0), 128, rng);
        t.fit(10, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return Losses.mse(ae.forward(x), x, Reduction.MEAN);
        }, null);
        return testMse(ae, test);
    }

    private static double testMse(DeepAutoEncoder ae, Tensor test) {
        try (GradMode.Scope s = GradMode.off()) {
            return Losses.mse(ae.forward(test), test, Reduction.MEAN).item();
        }
    }

    @Test
    void rbmPretrainingBeatsTheSameNetWithoutItAndNearsPcaAtThisScale() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().take(2000).flat();
        Tensor test = data.test().take(1000).flat();
        Rng rng = new Rng(11);

        // 1. PCA-30 on the training images
        Pca pca = Pca.fit(train, 30, rng);
        double pcaMse;
        try (GradMode.Scope s = GradMode.off()) {
            pcaMse = Losses.mse(pca.reconstruct(test), test, Reduction.MEAN).item();
        }
        // 2. The RBM stack, unrolled with logistic units (what the RBMs compute) and with ReLU (what they do not)
        List<Rbm> rbms = pretrain(train, rng);
        DeepAutoEncoder pretrained = DeepAutoEncoder.unroll(rbms, Activation.Kind.SIGMOID, rng);
        double unrolledMse = testMse(pretrained, test);
        double pretrainedMse = fineTune(pretrained, train, test, rng);
        double pretrainedReluMse = fineTune(DeepAutoEncoder.unroll(rbms, Activation.Kind.RELU, rng), train, test, rng);
        // 3. The same nets from PyTorch's default initialisation
        DeepAutoEncoder.Config logistic = new DeepAutoEncoder.Config(WIDTHS, Activation.Kind.SIGMOID);
        double noneSigmoidMse = fineTune(new DeepAutoEncoder(logistic, rng), train, test, rng);
        DeepAutoEncoder noneRelu = new DeepAutoEncoder(new DeepAutoEncoder.Config(WIDTHS, Activation.Kind.RELU), rng);
        double noneReluMse = fineTune(noneRelu, train, test, rng);

        try (GradMode.Scope s = GradMode.off()) {
            Tensor x = test.slice(0, 0, 10);
            Tensor grid = Reshaping.concat(0, x, pretrained.forward(x), noneRelu.forward(x), pca.reconstruct(x).clamp(0, 1));
            ImageGrid.save(grid.reshape(40, 1, 28, 28), Notebook.file(SECTION, "deep-ae-pretrained-vs-none-vs-pca.png"), ImageGrid.Options.DEFAULT.withNrow(10));
        }
        Notebook.record(SECTION, "deep-ae-pretraining", new Metrics().put("widths", java.util.Arrays.toString(WIDTHS))
                .put("train_images", 2000).put("test_images", 1000).put("pca30_test_mse", pcaMse)
                .put("rbm_unrolled_before_fine_tuning_test_mse", unrolledMse).put("rbm_sigmoid_test_mse", pretrainedMse)
                .put("rbm_relu_test_mse", pretrainedReluMse).put("none_sigmoid_test_mse", noneSigmoidMse).put("none_relu_test_mse", noneReluMse));
        String all = String.format("PCA-30 %.5f, unrolled RBMs %.5f, RBM+sigmoid %.5f, RBM+ReLU %.5f, none+sigmoid %.5f, none+ReLU %.5f",
                pcaMse, unrolledMse, pretrainedMse, pretrainedReluMse, noneSigmoidMse, noneReluMse);
        // measured: PCA-30 0.0187, unrolled RBMs 0.0581, RBM+sigmoid 0.0254, RBM+ReLU 0.0714, none+sigmoid 0.0684,
        // none+ReLU 0.0594 (the mean image alone scores 0.067)
        // fine-tuning more than halves the error of the unrolled RBM stack
        assertThat(pretrainedMse).as(all).isLessThan(0.5 * unrolledMse);
        // pretraining: under 0.6 of the error of the same net (either nonlinearity) trained from the default init
        assertThat(pretrainedMse).as(all).isLessThan(0.6 * Math.min(noneSigmoidMse, noneReluMse));
        // RBM weights only mean something with the units they were trained for: with ReLU the net is stuck near the mean image
        assertThat(pretrainedReluMse).as(all).isGreaterThan(2 * pretrainedMse);
        // with 2,000 images PCA-30 still wins, by less than 60% (with 3,000 by 21%; with all 8,000 and the paper's widths
        // the deep AE has 0.56 of PCA's error: see docs/rbm-deep-autoencoder.md)
        assertThat(pcaMse).as(all).isLessThan(pretrainedMse);
        assertThat(pretrainedMse).as(all).isLessThan(1.6 * pcaMse);
    }
}

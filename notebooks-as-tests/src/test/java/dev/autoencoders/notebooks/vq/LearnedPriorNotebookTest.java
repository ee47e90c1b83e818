package dev.autoencoders.notebooks.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.UnigramPrior;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import org.junit.jupiter.api.Test;

/**
 * The post's argument for a learned prior (post 000, 4.2.3): codes drawn independently, position by position, decode
 * to images whose regions have nothing to do with each other; an autoregressive PixelCNN over the code map,
 * {@code p(z_1) p(z_2 | z_1) ...}, ties them together. Measured on a small setting (2,000 training images, a VQ-VAE with
 * K = 16 codes of 8 dimensions, a PixelCNN with 32 filters): the PixelCNN's test NLL per code is below the unigram's,
 * which is below log K; and decoded PixelCNN samples lie closer to the training images than decodes of independent codes.
 */
class LearnedPriorNotebookTest {

    @Test
    void aLearnedPriorBeatsTheUnigramAndItsSamplesLieCloserToTheData() {
        Splits data = Datasets.load(Datasets.MNIST_10K);
        Tensor train = data.train().images().slice(0, 0, 2000), test = data.test().images().slice(0, 0, 500);
        Rng rng = new Rng(7);
        int k = 16;

        // 1. A small VQ-VAE (EMA codebook with restarts, so that most of the K codes are in use), 3 epochs
        VqVae vq = new VqVae(new VqVae.Config(16, 32, VectorQuantizer.Config.ema(k, 8).withRestartAfter(10)), rng);
        SmallVq.trainVqVae(vq, train, 3, rng);
        int[] trainCodes = SmallVq.codes(vq, train), testCodes = SmallVq.codes(vq, test);

        // 2. The priors: a PixelCNN (32 filters, 5x5 mask A, 1 residual block, 1 output layer), the unigram, the uniform
        PixelCnn prior = new PixelCnn(new PixelCnn.Config(k, 32, 5, 1, 1, 0), rng);
        SmallVq.trainPrior(prior, trainCodes, 4, rng);
        UnigramPrior unigram = new UnigramPrior(trainCodes, k);
        double pixelcnnNll, unigramNll = unigram.nll(testCodes), uniformNll = Math.log(k);
        try (GradMode.Scope s = GradMode.off()) {
            pixelcnnNll = prior.loss(testCodes, 500, 7, 7).item();
        }

        // 3. 64 images from each prior, and their distance to the nearest training image
        Tensor fromPixelCnn, fromUnigram;
        try (GradMode.Scope s = GradMode.off()) {
            fromPixelCnn = vq.decodeCodes(prior.sample(64, 7, 7, 1.0, rng), 64, 7, 7).clamp(0, 1);
            fromUnigram = vq.decodeCodes(unigram.sample(64 * 49, rng), 64, 7, 7).clamp(0, 1);
        }
        double nnPixelCnn = SmallVq.mean(SmallVq.nearestNeighbourDistances(fromPixelCnn, train));
        double nnUnigram = SmallVq.mean(SmallVq.nearestNeighbourDistances(fromUnigram, train));
        double nnTest = SmallVq.mean(SmallVq.nearestNeighbourDistances(test.slice(0, 0, 64), train));

        ImageGrid.save(fromPixelCnn, Notebook.file("vq", "pixelcnn_samples.png"));
        ImageGrid.save(fromUnigram, Notebook.file("vq", "unigram_samples.png"));
        Notebook.record("vq", "learned_prior", new Metrics()
                .put("pixelcnn_test_nll_nats_per_code", pixelcnnNll).put("unigram_test_nll_nats_per_code", unigramNll)
                .put("uniform_nll_nats_per_code", uniformNll)
                .put("nn_distance_pixelcnn_samples", nnPixelCnn).put("nn_distance_unigram_samples", nnUnigram)
                .put("nn_distance_test_images", nnTest));

        assertThat(pixelcnnNll).isLessThan(unigramNll);
        assertThat(unigramNll).isLessThan(uniformNll);
        assertThat(nnPixelCnn).isLessThan(nnUnigram);
    }
}

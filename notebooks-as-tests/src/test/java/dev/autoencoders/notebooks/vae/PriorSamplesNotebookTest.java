package dev.autoencoders.notebooks.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import org.junit.jupiter.api.Test;

/**
 * Post 004's picture: an autoencoder maps each training image to a point, and a code between those points decodes to
 * noise; a VAE maps each image to a region and keeps the regions close to N(0, I), so a draw from the prior decodes to
 * something like a digit. Measured by the distance from each generated image to its nearest training image.
 * Both nets are 784-400-20-400-784 with the same initial weights, trained 10 epochs on the same 5,000 images with
 * Adam 1e-3, batch 128, and the same Bernoulli reconstruction loss: the VAE on the ELBO, the plain autoencoder on the
 * reconstruction of z = mu(x) alone (the VAE with eps = 0 and beta = 0: fc22 is then unused). The AE's random codes are
 * drawn from a Gaussian with the mean and variance of its own training codes in each dimension: codes on the scale of
 * the ones it learned (about 2.9 per dimension), but not ones it saw. Decodes of N(0, I) codes are reported too, not
 * asserted: those codes sit in the middle of the AE's code cloud and decode to blurred average digits, which the
 * Euclidean distance scores as close to many training images (blur is cheap in L2).
 */
class PriorSamplesNotebookTest {
    static final String SECTION = "vae";
    static final int TRAIN = 5000, EPOCHS = 10, SAMPLES = 500, LATENT = 20;

    @Test
    void vaePriorSamplesLieCloserToTheTrainingSetThanDecodesOfRandomAeCodes() {
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().take(TRAIN).flat(), test = data.test().take(SAMPLES).flat();
        Vae.Config config = new Vae.Config(784, 400, LATENT, new BernoulliLikelihood(), Double.POSITIVE_INFINITY);
        Vae vae = new Vae(config, new Rng(11)), ae = new Vae(config, new Rng(11));
        VaeTraining.fit(vae, Objective.elbo(), train, EPOCHS, 12, null);
        Trainer aeTrainer = new Trainer(new Adam(ae.parameters(), 1e-3), TRAIN, 128, new Rng(12));
        aeTrainer.fit(EPOCHS, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            // z = mu(x) (eps = 0), loss = -log p(x|z) only
            return ae.elbo(x, Tensor.zeros(batch.length, LATENT)).reconstructionNats();
        }, null);

        try (GradMode.Scope s = GradMode.off()) {
            Rng rng = new Rng(13);
            Tensor vaeSamples = vae.sample(SAMPLES, rng);
            // the AE's codes of the training images: per-dimension mean m and standard deviation s
            Tensor codes = ae.encode(train).mu();
            Tensor m = codes.mean(0, true), sd = codes.sub(m).square().mean(0, true).sqrt();
            Tensor aeFitted = ae.decode(Tensor.randn(rng, SAMPLES, LATENT).mul(sd).add(m));
            Tensor aeStandard = ae.decode(Tensor.randn(rng, SAMPLES, LATENT));
            double dVae = meanNearestDistance(vaeSamples, train), dAeFitted = meanNearestDistance(aeFitted, train);
            double dAeStandard = meanNearestDistance(aeStandard, train), dTest = meanNearestDistance(test, train);
            double dVaeRecon = meanNearestDistance(vae.reconstruct(test), train), dAeRecon = meanNearestDistance(ae.reconstruct(test), train);
            Notebook.record(SECTION, "prior-samples", new Metrics().put("train_images", TRAIN).put("epochs", EPOCHS).put("samples", SAMPLES)
                    .put("nn_distance_vae_prior_samples", dVae).put("nn_distance_ae_random_codes_fitted", dAeFitted)
                    .put("nn_distance_ae_random_codes_standard_normal", dAeStandard).put("nn_distance_test_images", dTest)
                    .put("nn_distance_vae_test_reconstructions", dVaeRecon).put("nn_distance_ae_test_reconstructions", dAeRecon)
                    .put("ae_code_std_mean", sd.mean().item()));
            // rows: 2 of VAE prior samples, 2 of AE decodes of fitted random codes, 2 of AE decodes of N(0, I) codes
            Tensor rows = Reshaping.concat(0, vaeSamples.slice(0, 0, 16), aeFitted.slice(0, 0, 16), aeStandard.slice(0, 0, 16));
            ImageGrid.save(rows.reshape(48, 1, 28, 28), Notebook.file(SECTION, "vae-vs-ae-samples.png"));

            // the claim: the VAE's samples are closer to real digits than the AE's decodes of codes it never saw
            // (measured 5.04 against 5.48; real test images lie at 4.94 from their nearest training image)
            assertThat(dVae).as("VAE %.3f vs AE (fitted codes) %.3f", dVae, dAeFitted).isLessThan(0.95 * dAeFitted);
            assertThat(dVae).as("VAE samples %.3f vs real test images %.3f", dVae, dTest).isLessThan(1.05 * dTest);
            // and it is not that the AE decodes badly: on codes of real images it reconstructs as close to the data as the VAE
            assertThat(dAeRecon).isLessThan(dVaeRecon * 1.1);
        }
    }

    /**
     * The mean over the rows of {@code a: (N, D)} of the Euclidean distance to the nearest row of {@code b: (M, D)}, with
     * {@code ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b}.
     */
    static double meanNearestDistance(Tensor a, Tensor b) {
        Tensor aa = a.square().sum(1, true), bb = b.square().sum(1, false);
        Tensor d2 = aa.add(bb).sub(a.matmul(b.t()).mul(2));
        double[] v = d2.data();
        int n = a.dim(0), mm = b.dim(0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < mm; j++) best = Math.min(best, v[i * mm + j]);
            sum += Math.sqrt(Math.max(0, best));
        }
        return sum / n;
    }
}

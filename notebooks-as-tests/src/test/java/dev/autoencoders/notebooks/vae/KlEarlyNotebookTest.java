package dev.autoencoders.notebooks.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.DiagonalGaussian;
import dev.autoencoders.vae.KlDivergence;
import dev.autoencoders.vae.Elbo;
import dev.autoencoders.vae.GaussianLikelihood;
import dev.autoencoders.vae.Likelihood;
import dev.autoencoders.vae.Objective;
import dev.autoencoders.vae.Vae;
import org.junit.jupiter.api.Test;

/**
 * Post 001 (Why a normal distribution): "the KL loss takes a large share, so the model quickly lowers it: the posterior
 * p(Z|X) quickly goes to the prior p(Z), and the noise and the reconstruction cannot push back". Measured over the first
 * 80 steps of post 003's VAE (784-400-20, Adam 1e-3, batch 128, mnist-10k): the KL and the reconstruction term of each
 * batch, with the Bernoulli decoder of post 003 and with a Gaussian decoder of sigma^2 = 1 (the reconstruction term
 * ||x - f(z)||^2 / 2 of an unweighted squared error, the weakest pull against the KL), and after each step the ratio of
 * the KL's gradient to the reconstruction's at the encoder's outputs. The quick fall holds (the KL rises for about ten
 * steps, then falls to a fifth of its peak or less); the large share does not (at most 14% of the loss, and a smaller
 * gradient than the reconstruction's throughout).
 */
class KlEarlyNotebookTest {
    static final String SECTION = "vae";
    static final int STEPS = 80, IMAGES = 40 * 128;

    @Test
    void theKlRisesAndFallsBackQuicklyInTheFirstStepsWithoutEverTakingALargeShare() {
        Tensor train = Datasets.load("mnist-10k").train().take(IMAGES).flat();
        Likelihood[] kinds = {new BernoulliLikelihood(), new GaussianLikelihood(1)};
        String[] names = {"Bernoulli (BCE)", "Gaussian, sigma^2 = 1"};
        double[][] kl = new double[2][STEPS], recon = new double[2][STEPS], pull = new double[2][STEPS];
        for (int k = 0; k < 2; k++) {
            Vae vae = new Vae(Vae.Config.mnist(20, kinds[k]), new Rng(31));
            Adam adam = new Adam(vae.parameters(), 1e-3);
            Trainer trainer = new Trainer(adam, train.dim(0), 128, new Rng(32));
            int run = k;
            DiagonalGaussian[] last = new DiagonalGaussian[1];
            // after each step's backward: the gradient at the encoder's outputs (mu, log sigma^2), split into the KL's part,
            // known in closed form (mu / N and (sigma^2 - 1) / 2N), and the reconstruction's (the rest)
            trainer.onStep(done -> pull[run][(int) done - 1] = klPull(last[0]));
            // 40 batches an epoch, 2 epochs: the first 80 steps
            trainer.fit(2, (batch, noise) -> {
                int t = (int) adam.steps();
                Tensor x = Reshaping.indexSelect(train, batch);
                DiagonalGaussian q = vae.encode(x);
                q.mu().retainGrad();
                q.logvar().retainGrad();
                last[0] = q;
                // the ELBO as Vae.elbo computes it, with q kept for its gradients
                Elbo elbo = Elbo.of(kinds[run], vae.decoderOutput(q.rsample(Tensor.randn(noise, x.dim(0), 20))), x,
                        KlDivergence.toStandardNormal(q.mu(), q.logvar()));
                kl[run][t] = elbo.klNats().item();
                recon[run][t] = elbo.reconstructionNats().item();
                return Objective.elbo().loss(elbo, t);
            }, null);
        }
        double[] steps = PosteriorCollapseNotebookTest.range(STEPS);
        double[][] share = new double[2][STEPS];
        for (int k = 0; k < 2; k++) for (int t = 0; t < STEPS; t++) share[k][t] = kl[k][t] / (kl[k][t] + recon[k][t]);
        new LinePlot("the KL term over the first steps (nats per image)", "step", "KL").logY(true)
                .series(names[0], steps, kl[0]).series(names[1], steps, kl[1]).save(Notebook.file(SECTION, "kl-early.png"));
        new LinePlot("the KL's pull on the encoder's outputs: ||grad KL|| / ||grad reconstruction|| at (mu, log sigma^2)", "step", "ratio").logY(true)
                .series(names[0], steps, pull[0]).series(names[1], steps, pull[1]).save(Notebook.file(SECTION, "kl-early-gradient.png"));
        Metrics m = new Metrics().put("steps", STEPS);
        for (int k = 0; k < 2; k++) {
            String p = k == 0 ? "bernoulli_" : "gaussian1_";
            m.put(p + "kl_step1", kl[k][0]).put(p + "recon_step1", recon[k][0]).put(p + "kl_max", max(kl[k])).put(p + "kl_final", kl[k][STEPS - 1])
                    .put(p + "recon_final", recon[k][STEPS - 1]).put(p + "kl_share_max", max(share[k]));
        }
        for (int k = 0; k < 2; k++) {
            int peak = argmax(kl[k]);
            double fallen = Double.POSITIVE_INFINITY;
            for (int t = peak; t < 60; t++) fallen = Math.min(fallen, kl[k][t]);
            // the posterior starts at the prior: the KL of step 1 is a tenth of a nat, 0.02% of the loss
            assertThat(kl[k][0]).as("%s: KL at step 1", names[k]).isLessThan(0.5);
            // within 20 steps it rises to its early peak, then falls quickly to a fifth of it or less (by step 60)
            assertThat(peak).as("%s: step of the early peak", names[k]).isLessThan(20);
            assertThat(kl[k][peak]).as("%s: the peak", names[k]).isGreaterThan(20 * kl[k][0]);
            assertThat(fallen).as("%s: the KL's low after the peak", names[k]).isLessThan(kl[k][peak] / 5);
            // but it never takes a large share: at most 15% of the loss, and its gradient at the encoder's outputs stays
            // below the reconstruction's
            assertThat(max(share[k])).as("%s: largest share of the KL in the loss", names[k]).isLessThan(k == 0 ? 0.15 : 0.01);
            assertThat(max(pull[k])).as("%s: largest ||grad KL|| / ||grad reconstruction||", names[k]).isLessThan(1);
            m.put((k == 0 ? "bernoulli_" : "gaussian1_") + "kl_peak_step", peak + 1).put((k == 0 ? "bernoulli_" : "gaussian1_") + "kl_low_after_peak", fallen)
                    .put((k == 0 ? "bernoulli_" : "gaussian1_") + "kl_pull_max", max(pull[k]));
        }
        Notebook.record(SECTION, "kl-early", m);
    }

    /** ||gradient of the KL at (mu, log sigma^2)|| / ||gradient of the reconstruction term there||, for the batch mean. */
    static double klPull(DiagonalGaussian q) {
        double[] mu = q.mu().data(), lv = q.logvar().data(), gMu = q.mu().grad(), gLv = q.logvar().grad();
        int n = q.rows();
        double klNorm = 0, recNorm = 0;
        for (int i = 0; i < mu.length; i++) {
            double klMu = mu[i] / n, klLv = (Math.exp(lv[i]) - 1) / (2.0 * n);
            klNorm += klMu * klMu + klLv * klLv;
            recNorm += (gMu[i] - klMu) * (gMu[i] - klMu) + (gLv[i] - klLv) * (gLv[i] - klLv);
        }
        return Math.sqrt(klNorm / recNorm);
    }

    static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
        return best;
    }

    static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }
}

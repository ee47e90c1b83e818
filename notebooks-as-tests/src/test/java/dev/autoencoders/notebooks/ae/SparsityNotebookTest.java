package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.SparseAutoEncoder;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.data.Crops;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The sparse autoencoder's claims (post 003, section 3; UFLDL): with the KL penalty the hidden units are
 * active on average about rho of the time, without it far more; and the penalised filters are localised (the post's
 * "strokes"), the unpenalised ones spread over the patch. The post's setting: 50,000 10x10 crops of MNIST digits,
 * 100 sigmoid hidden units, rho 0.01, beta 5, Adam 1e-3, batch 32, here 10 epochs ({@link SparseTraining}).
 */
class SparsityNotebookTest {
    static final String SECTION = "sparse-autoencoder";

    @Test
    void thePenaltyHoldsTheMeanActivationNearRhoAndLocalisesTheFilters() {
        Splits data = Datasets.load("mnist-10k");
        Rng cropRng = new Rng(10);
        Tensor train = Crops.draw(data.train().images(), SparseTraining.CROPS, 10, cropRng);
        Tensor test = Crops.draw(data.test().images(), 5_000, 10, cropRng);
        SparseAutoEncoder.Config sparse = SparseAutoEncoder.Config.post003();
        double rho = sparse.rho();

        SparseAutoEncoder withPenalty = SparseTraining.train(sparse, train, SparseTraining.EPOCHS, null, 1);
        SparseAutoEncoder without = SparseTraining.train(sparse.withBeta(0), train, SparseTraining.EPOCHS, null, 1);

        try (GradMode.Scope s = GradMode.off()) {
            SparseAutoEncoder.Forward fp = withPenalty.forward(test), fn = without.forward(test);
            double actP = fp.hidden().mean().item(), actN = fn.hidden().mean().item();
            double mseP = Losses.mse(fp.reconstruction(), test, Reduction.MEAN).item();
            double mseN = Losses.mse(fn.reconstruction(), test, Reduction.MEAN).item();
            Tensor filtersP = withPenalty.filters(10, 10), filtersN = without.filters(10, 10);
            double topP = SparseTraining.topDecileEnergyShare(filtersP), topN = SparseTraining.topDecileEnergyShare(filtersN);
            Notebook.record(SECTION, "sparsity", new Metrics().put("rho", rho).put("beta", sparse.beta())
                    .put("mean_activation_penalised", actP).put("mean_activation_unpenalised", actN)
                    .put("test_mse_penalised", mseP).put("test_mse_unpenalised", mseN)
                    .put("top_decile_energy_penalised", topP).put("top_decile_energy_unpenalised", topN));
            ImageGrid.Options grid = ImageGrid.Options.DEFAULT.withNrow(10).normalized(false);
            ImageGrid.save(Figures.upscale(filtersP, 3), Notebook.file(SECTION, "filters-penalised.png"), grid);
            ImageGrid.save(Figures.upscale(filtersN, 3), Notebook.file(SECTION, "filters-unpenalised.png"), grid);

            // with the penalty the mean activation is within a factor 2 of rho; without, more than ten times rho
            assertThat(actP).as("mean activation with the penalty").isBetween(rho / 2, 2 * rho);
            assertThat(actN).as("mean activation without the penalty").isGreaterThan(10 * rho);
            // the penalised filters put more of their energy into their top 10% of pixels
            assertThat(topP).as("top-decile energy share, penalised %.3f vs unpenalised %.3f", topP, topN).isGreaterThan(topN);
        }
    }
}

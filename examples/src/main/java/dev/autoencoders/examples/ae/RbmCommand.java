package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.PseudoLikelihood;
import dev.autoencoders.ae.Rbm;
import dev.autoencoders.ae.RbmSgd;
import dev.autoencoders.data.Splits;
import dev.autoencoders.data.Transforms;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders rbm}: one binary RBM trained by CD-k (or persistent CD) on the images. */
@Command(name = "rbm", description = {
    "One Bernoulli-Bernoulli RBM: 784 visible units (grey levels as",
    "probabilities), --hidden binary hidden units, trained by CD-k (--cd-k) or",
    "persistent CD (--persistent-chains M) with Hinton's update: lr --lr,",
    "momentum 0.5 for 5 epochs then 0.9, weight cost 2e-4, batch --batch-size.",
    "Writes recon_error_epoch_<i>, test_recon_error, the mean free energy and",
    "pseudo-log-likelihood of 500 binarised test and training images,",
    "filters.png (weights of 100 hidden units as images), samples.png (Gibbs",
    "chains from 10 test images: rows after 0, 1, 10, 100, 1000 steps) and",
    "loss.png."})
public final class RbmCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    private int hidden;
    private int cdK;
    private int persistentChains;
    private int gibbsSteps;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "500", description = "hidden units (default: ${DEFAULT-VALUE})")
    void setHidden(int value) {
        hidden = OptionChecks.atLeast(spec, "--hidden", value, 1);
    }

    @Option(names = "--cd-k", paramLabel = "K", defaultValue = "1", description = "Gibbs steps of the negative phase (default: ${DEFAULT-VALUE})")
    void setCdK(int value) {
        cdK = OptionChecks.atLeast(spec, "--cd-k", value, 1);
    }

    @Option(names = "--persistent-chains", paramLabel = "M", defaultValue = "0",
            description = "persistent CD with M fantasy chains (a smaller --lr suits it, e.g. 0.01); 0: plain CD-k (default: ${DEFAULT-VALUE})")
    void setPersistentChains(int value) {
        persistentChains = OptionChecks.atLeast(spec, "--persistent-chains", value, 0);
    }

    @Option(names = "--gibbs-steps", paramLabel = "N", defaultValue = "1000", description = "length of the Gibbs chains of samples.png (default: ${DEFAULT-VALUE})")
    void setGibbsSteps(int value) {
        gibbsSteps = OptionChecks.atLeast(spec, "--gibbs-steps", value, 1);
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 100, 0.1);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images flattened to (N, 784), grey levels in [0, 1] used as probabilities of the visible units
        Splits data = run.data();
        Tensor train = data.train().flat();
        Tensor test = data.test().flat();
        int side = data.train().height(), width = data.train().width();
        double visible = train.dim(1);
        run.requireMemory("--hidden", hidden, visible * hidden + visible + hidden, Math.max(run.batch(), test.dim(0)), 4 * (visible + hidden));
        run.requireMemory("--persistent-chains", persistentChains, 0, persistentChains, visible + hidden);

        // 2. Model and Hinton's update (momentum 0.5 then 0.9, weight cost 2e-4)
        Rbm rbm = new Rbm(new Rbm.Config(train.dim(1), hidden, Rbm.HiddenUnits.BERNOULLI, cdK, persistentChains), run.rng());
        int perEpoch = (train.dim(0) + run.options().batchSize() - 1) / run.options().batchSize();
        RbmSgd sgd = new RbmSgd(rbm, RbmSgd.Config.hinton().withLr(run.options().lr()), perEpoch);

        // 3. Train: each step puts the CD-k statistics into the gradients and returns the reconstruction error
        Trainer trainer = run.fit(rbm, sgd, train.dim(0),
                Map.of("hidden", Integer.toString(hidden), "cd_k", Integer.toString(cdK), "persistent_chains", Integer.toString(persistentChains)),
                "reconstruction error", (batch, noise) -> rbm.contrastiveDivergence(Reshaping.indexSelect(train, batch), noise));
        List<Double> errors = trainer.epochLosses();
        for (int e = 0; e < errors.size(); e++) run.metrics().put("recon_error_epoch_" + (e + 1), errors.get(e));

        // 4. Evaluate: reconstruction error v -> h ~ p(h|v) -> p(v|h) on the test set, free energy, pseudo-likelihood
        Rng eval = run.rng().fork();
        try (GradMode.Scope s = GradMode.off()) {
            run.metrics().put("test_recon_error", rbm.reconstructionError(test, eval));
            Tensor testBits = Transforms.binarize(test.slice(0, 0, Math.min(500, test.dim(0))), 0.5);
            Tensor trainBits = Transforms.binarize(train.slice(0, 0, Math.min(500, train.dim(0))), 0.5);
            run.metrics().put("test_free_energy", rbm.freeEnergy(testBits).mean().item());
            run.metrics().put("train_free_energy", rbm.freeEnergy(trainBits).mean().item());
            run.metrics().put("test_pseudo_log_likelihood", mean(PseudoLikelihood.of(rbm, testBits)));
            run.metrics().put("train_pseudo_log_likelihood", mean(PseudoLikelihood.of(rbm, trainBits)));

            // 5. Figures: the weights of the first 100 hidden units as images (each min-max normalised)
            int shown = Math.min(100, hidden);
            run.saveGrid("filters.png", rbm.weight.slice(0, 0, shown).reshape(shown, 1, side, width), ImageGrid.Options.DEFAULT.withNrow(10).normalized(true));
            // Gibbs chains from 10 test images: the images, then p(v|h) after 1, 10, 100, ... steps (one row each)
            List<Tensor> rows = new ArrayList<>();
            Tensor v = test.slice(0, 0, 10);
            rows.add(v);
            int done = 0;
            for (int target = 1; target <= gibbsSteps; target *= 10) {
                Tensor p = rbm.gibbs(v, target - done, eval);
                rows.add(p);
                v = Rbm.bernoulli(p, eval);
                done = target;
            }
            run.saveGrid("samples.png", Reshaping.concat(0, rows.toArray(Tensor[]::new)).reshape(10 * rows.size(), 1, side, width),
                    ImageGrid.Options.DEFAULT.withNrow(10));
        }
        run.saveLossPlot("reconstruction error (mean squared, per pixel)");
        run.saveModel(rbm);
        run.writeMetrics();
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s / a.length;
    }
}

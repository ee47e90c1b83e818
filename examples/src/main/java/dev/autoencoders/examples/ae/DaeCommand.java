package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.ae.Corruption;
import dev.autoencoders.ae.DenoisingAutoEncoder;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autoencoders dae}: a denoising autoencoder, trained side by side with a plain autoencoder of the same size,
 * both evaluated on the same corrupted test images.
 */
@Command(name = "dae", description = {
    "A denoising autoencoder (784-256-32-256-784 as 'ae'): fed corrupted images, trained to reproduce the clean ones",
    "(MSE). A plain autoencoder of the same size is trained at the same time on the clean images, on the same batches.",
    "Both reconstruct the same corrupted test images: test_mse_corrupted (DAE) and baseline_test_mse_corrupted (AE),",
    "each against the clean images. Writes denoising.png (rows: clean, corrupted, DAE, AE) and loss.png (the sum of",
    "the two training losses)."})
public final class DaeCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    /** The corruptions of {@code --noise}, by their command-line names. */
    enum Noise {
        masking, saltPepper, salt, gaussian;

        @Override
        public String toString() {
            return this == saltPepper ? "salt-pepper" : name();
        }
    }

    @Option(names = "--noise", paramLabel = "KIND", defaultValue = "masking",
            description = "masking (zero a fraction), salt-pepper (set a fraction to 0 or 1), salt (set a fraction to 1, the post's 0 -> 1), "
                    + "gaussian (add N(0, level^2)) (default: ${DEFAULT-VALUE})")
    Noise noise;

    private double level;

    @Option(names = "--level", paramLabel = "L", defaultValue = "0.5",
            description = "the fraction of corrupted pixels (masking, salt-pepper, salt), or the noise's standard deviation (gaussian) (default: ${DEFAULT-VALUE})")
    void setLevel(double value) {
        level = OptionChecks.nonNegative(spec, "--level", value);
    }

    /** The DAE and the baseline as one module, so that one optimizer and one checkpoint hold both. */
    private static final class Pair extends Module {
        Pair(AutoEncoder dae, AutoEncoder baseline) {
            child("dae", dae);
            child("baseline", baseline);
        }
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 64, 1e-3);
    }

    private Corruption corruption() {
        if (noise != Noise.gaussian && level > 1) throw OptionChecks.invalid(spec, "--level", level, "must be in [0, 1] (a fraction of the pixels) with --noise " + noise);
        return switch (noise) {
            case masking -> new Corruption.Masking(level);
            case saltPepper -> new Corruption.SaltAndPepper(level, Corruption.SaltAndPepper.Mode.SALT_AND_PEPPER);
            case salt -> new Corruption.SaltAndPepper(level, Corruption.SaltAndPepper.Mode.SALT);
            case gaussian -> new Corruption.Gaussian(level);
        };
    }

    @Override
    protected void train(Run run) {
        Corruption corruption = corruption();

        // 1. Data: 28 x 28 images flattened to (N, 784), pixels in [0, 1]
        Splits data = run.data(1, 28, 28);
        Tensor train = data.train().flat();
        Tensor test = data.test().flat();

        // 2. Models and optimizer: the DAE and a plain AE of the same size. Their parameters are disjoint and Adam
        //    updates each element on its own, so one Adam over both is two independent Adams.
        DenoisingAutoEncoder dae = new DenoisingAutoEncoder(new DenoisingAutoEncoder.Config(AutoEncoder.Config.mnist(false), corruption), run.rng());
        AutoEncoder baseline = new AutoEncoder(AutoEncoder.Config.mnist(false), run.rng());
        Pair both = new Pair(dae.net, baseline);
        Adam adam = new Adam(both.parameters(), run.options().lr());
        run.metrics().put("noise", noise.toString()).put("level", level).put("corruption", corruption.describe());

        // 3. Train both on the same batches: L = mean (h(g(x~)) - x)^2 (DAE, fresh noise each step) + mean (h(g(x)) - x)^2 (AE)
        run.fit(both, adam, data.train().size(), Map.of("noise", noise.toString(), "level", Double.toString(level)), "DAE mse + AE mse", (batch, rng) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return dae.loss(x, rng).add(Losses.mse(baseline.forward(x), x, Reduction.MEAN));
        });

        // 4. Evaluate: the same corrupted test images (drawn once) through both, each compared with the clean images
        try (GradMode.Scope s = GradMode.off()) {
            Tensor corrupted = dae.corrupt(test, run.rng().fork());
            Tensor daeOut = dae.reconstruct(corrupted), aeOut = baseline.forward(corrupted);
            double daeMse = Losses.mse(daeOut, test, Reduction.MEAN).item();
            double aeMse = Losses.mse(aeOut, test, Reduction.MEAN).item();
            double daeClean = Losses.mse(dae.reconstruct(test), test, Reduction.MEAN).item();
            double aeClean = Losses.mse(baseline.forward(test), test, Reduction.MEAN).item();
            run.metrics().put("test_mse_corrupted", daeMse).put("baseline_test_mse_corrupted", aeMse)
                    .put("test_mse_clean", daeClean).put("baseline_test_mse_clean", aeClean);
            run.log("corrupted test images (%s): DAE mse %.5f, plain AE mse %.5f; clean: DAE %.5f, AE %.5f",
                    corruption.describe(), daeMse, aeMse, daeClean, aeClean);

            // 5. Figures: 8 test images per row: clean, corrupted, DAE reconstruction, AE reconstruction; the loss curve
            Tensor rows = Reshaping.concat(0, test.slice(0, 0, 8), corrupted.slice(0, 0, 8).clamp(0, 1), daeOut.slice(0, 0, 8), aeOut.slice(0, 0, 8));
            run.saveGrid("denoising.png", rows.reshape(32, 1, 28, 28));
        }
        run.saveLossPlot("MSE");
        run.saveModel(dae.net);
        run.writeMetrics();
    }
}

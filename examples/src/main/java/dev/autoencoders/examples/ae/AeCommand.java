package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code autoencoders ae}: the plain MLP autoencoder 784-256-32-256-784 on pixels in [0, 1]. */
@Command(name = "ae", description = {
    "A plain MLP autoencoder: 784-256-32-256-784, ReLU between layers, linear 32-d code, sigmoid output,",
    "MSE loss, Adam. Writes test_mse, a reconstruction grid (test images over reconstructions) and loss.png."})
public final class AeCommand extends TrainCommand {

    @Option(names = "--tied", description = "tie the decoder weights to the encoder's (W' = W^T)")
    boolean tied;

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 2, 64, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: 28 x 28 images flattened to (N, 784), pixels in [0, 1]
        Splits data = run.data(1, 28, 28);
        Tensor train = data.train().flat();
        Tensor test = data.test().flat();

        // 2. Model and optimizer
        AutoEncoder ae = new AutoEncoder(AutoEncoder.Config.mnist(tied), run.rng());
        Adam adam = new Adam(ae.parameters(), run.options().lr());

        // 3. Train: minimise the mean squared error between x and its reconstruction h(g(x))
        run.fit(ae, adam, data.train().size(), Map.of("tied", Boolean.toString(tied)), "mse", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return Losses.mse(ae.forward(x), x, Reduction.MEAN);
        });

        // 4. Evaluate on the test set, without recording a graph
        try (GradMode.Scope s = GradMode.off()) {
            Tensor recon = ae.forward(test);
            double mse = Losses.mse(recon, test, Reduction.MEAN).item();
            run.metrics().put("test_mse", mse);
            run.log("test mse %.5f", mse);

            // 5. Figures: 8 test images over their reconstructions, and the loss curve
            Tensor originals = test.slice(0, 0, 8), recons = recon.slice(0, 0, 8);
            run.saveGrid("reconstructions.png", Reshaping.concat(0, originals, recons).reshape(16, 1, 28, 28));
        }
        run.saveLossPlot("MSE");
        run.saveModel(ae);
        run.writeMetrics();
    }
}

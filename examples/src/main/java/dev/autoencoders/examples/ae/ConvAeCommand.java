package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.ConvAutoEncoder;
import dev.autoencoders.data.Splits;
import dev.autoencoders.data.Transforms;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders conv-ae}: post 003's convolutional autoencoder on Fashion-MNIST in [-1, 1]. */
@Command(name = "conv-ae", description = {
    "The convolutional autoencoder of post 003: Conv(1->16, k3 s3 p1), ReLU, MaxPool(2, s2), Conv(16->8, k3 s2 p1),",
    "ReLU, MaxPool(2, s1) to an 8x2x2 code; ConvT(8->16, k3 s2), ReLU, ConvT(16->8, k5 s3 p1), ReLU, ConvT(8->1, k2 s2 p1),",
    "Tanh. Images scaled to [-1, 1], MSE loss, Adam with L2 weight decay. --decoder unpool mirrors the encoder instead:",
    "max-unpooling by the pooling indices where it pooled, transposed convolutions where it convolved.",
    "Writes test_mse, a reconstruction grid (test images over reconstructions) and loss.png.",
    "--recipe post: post 003's settings, --epochs 18 --batch-size 32 --lr 0.003 --weight-decay 1e-5 --decoder convtranspose",
    "--train-limit 50000 (its data_spilt; with --data fashion-mnist: its data); options given on the command line win."})
public final class ConvAeCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    /** The decoders of {@code --decoder}, by their command-line names. */
    enum Decoder { convtranspose, unpool }

    @Option(names = "--decoder", paramLabel = "KIND", defaultValue = "convtranspose",
            description = "convtranspose (the post's transposed convolutions) or unpool (max-unpooling by the pooling indices; default: ${DEFAULT-VALUE})")
    Decoder decoderOption;

    private double weightDecay;

    @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "1e-5",
            description = "L2 weight decay of Adam, added to the gradient as PyTorch's Adam(weight_decay=...) (default: ${DEFAULT-VALUE})")
    void setWeightDecay(double value) {
        weightDecay = OptionChecks.nonNegative(spec, "--weight-decay", value);
    }

    @Option(names = "--recipe", paramLabel = "post", description = "post: post 003's own settings (see above)")
    void setRecipe(Recipe value) {
        Recipe.apply(spec, Map.of("--epochs", "18", "--batch-size", "32", "--lr", "0.003", "--weight-decay", "1e-5", "--decoder", "convtranspose",
                "--train-limit", "50000"));
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("fashion-mnist-10k", 10, 32, 3e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images (N, 1, 28, 28) scaled to [-1, 1] (x -> 2x - 1, the post's Normalize(0.5, 0.5))
        Splits data = run.data(1, 28, 28);
        ConvAutoEncoder.Decoder decoder = decoderOption == Decoder.unpool ? ConvAutoEncoder.Decoder.UNPOOL : ConvAutoEncoder.Decoder.CONV_TRANSPOSE;
        Tensor train = Transforms.toMinusOneOne(data.train().images());
        Tensor test = Transforms.toMinusOneOne(data.test().images());

        // 2. Model and optimizer (Adam with L2 weight decay: g = grad + wd * p)
        ConvAutoEncoder cae = new ConvAutoEncoder(decoder, run.rng());
        Adam adam = new Adam(cae.parameters(), run.options().lr(), weightDecay);
        String kind = decoderOption.toString();
        run.metrics().put("decoder", kind).put("weight_decay", weightDecay).put("parameters", cae.numParameters());
        run.log("conv-ae: %s decoder, %d parameters", kind, cae.numParameters());

        // 3. Train: minimise the mean squared error between x and dec(enc(x))
        Map<String, String> settings = Map.of("decoder", decoder.name(), "weight_decay", Double.toString(weightDecay));
        run.fit(cae, adam, data.train().size(), settings, "mse", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return Losses.mse(cae.forward(x), x, Reduction.MEAN);
        });

        // 4. Evaluate on the test set, without recording a graph
        try (GradMode.Scope s = GradMode.off()) {
            Tensor recon = cae.forward(test);
            double mse = Losses.mse(recon, test, Reduction.MEAN).item();
            run.metrics().put("test_mse", mse);
            run.log("test mse %.5f", mse);

            // 5. Figures: 8 test images over their reconstructions, shown from [-1, 1]; the loss curve
            Tensor originals = test.slice(0, 0, 8), recons = recon.slice(0, 0, 8);
            run.saveGrid("reconstructions.png", Reshaping.concat(0, originals, recons), ImageGrid.Options.DEFAULT.normalized(-1, 1));
        }
        run.saveLossPlot("MSE");
        run.saveModel(cae);
        run.writeMetrics();
    }
}

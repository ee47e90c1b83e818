package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.SparseAutoEncoder;
import dev.autoencoders.data.Crops;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders sparse-ae}: post 003's sparse autoencoder on random 10x10 crops of MNIST digits. */
@Command(name = "sparse-ae", description = {
    "A sparse autoencoder on random crops (pixels in [0, 1]): 100 -> 100 sigmoid -> 100 sigmoid, loss = MSE +",
    "beta * (1/hidden) sum_j KL(rho || rho_hat_j) (post 003's scaling), rho_hat the batch-mean activation.",
    "The crops are drawn once from the training images; the test crops from the test images.",
    "Writes test_mse, mean_hidden_activation, the filter grid (W_i / ||W_i||, the unit-norm input that activates",
    "hidden unit i most), a reconstruction grid and loss.png.",
    "--recipe post: post 003's settings, --epochs 15 --batch-size 32 --lr 0.001 --hidden 100 --rho 0.01 --beta 5",
    "--weight-decay 0 --crops 50000 --crop-size 10, and its Normalize(0.1307, 0.3081) of the crops (x -> (x - 0.1307) / 0.3081,",
    "targets included); options given on the command line win."})
public final class SparseAeCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    private int hidden;
    private double rho;
    private double beta;
    private double weightDecay;
    private int crops;
    private int testCrops;
    private int cropSize;
    private static final double MNIST_MEAN = 0.1307, MNIST_STD = 0.3081;
    // --recipe post: the crops normalised with MNIST's mean and standard deviation, as post 003's transforms.Normalize
    private boolean normalize;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "100", description = "hidden units (default: ${DEFAULT-VALUE})")
    void setHidden(int value) {
        hidden = OptionChecks.atLeast(spec, "--hidden", value, 1);
    }

    @Option(names = "--rho", paramLabel = "RHO", defaultValue = "0.01", description = "target mean activation, in (0, 1) (default: ${DEFAULT-VALUE})")
    void setRho(double value) {
        rho = OptionChecks.within(spec, "--rho", value, 0, false, 1, false);
    }

    @Option(names = "--beta", paramLabel = "BETA", defaultValue = "5", description = "weight of the sparsity penalty, 0 = none (default: ${DEFAULT-VALUE})")
    void setBeta(double value) {
        beta = OptionChecks.nonNegative(spec, "--beta", value);
    }

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "lambda of the weight-decay term (lambda/2)(||W1||^2 + ||W2||^2) in the loss (default: ${DEFAULT-VALUE})")
    void setWeightDecay(double value) {
        weightDecay = OptionChecks.nonNegative(spec, "--weight-decay", value);
    }

    @Option(names = "--crops", paramLabel = "N", defaultValue = "50000", description = "training crops, drawn once (default: ${DEFAULT-VALUE})")
    void setCrops(int value) {
        crops = OptionChecks.atLeast(spec, "--crops", value, 1);
    }

    @Option(names = "--test-crops", paramLabel = "N", defaultValue = "5000", description = "test crops (default: ${DEFAULT-VALUE})")
    void setTestCrops(int value) {
        testCrops = OptionChecks.atLeast(spec, "--test-crops", value, 1);
    }

    @Option(names = "--crop-size", paramLabel = "S", defaultValue = "10", description = "side of the square crops (default: ${DEFAULT-VALUE})")
    void setCropSize(int value) {
        cropSize = OptionChecks.atLeast(spec, "--crop-size", value, 1);
    }

    @Option(names = "--recipe", paramLabel = "post", description = "post: post 003's own settings (see above)")
    void setRecipe(Recipe value) {
        Recipe.apply(spec, Map.of("--epochs", "15", "--batch-size", "32", "--lr", "0.001", "--hidden", "100", "--rho", "0.01", "--beta", "5",
                "--weight-decay", "0", "--crops", "50000", "--crop-size", "10"));
        normalize = true;
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 5, 32, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: random crops (N, S*S) in [0, 1], drawn once: train from the training images, test from the test images
        Splits data = run.data();
        if (cropSize > data.train().height() || cropSize > data.train().width()) {
            throw OptionChecks.invalid(spec, "--crop-size", cropSize, "is larger than the " + data.train().height() + "x" + data.train().width() + " images");
        }
        double d2 = (double) cropSize * cropSize;
        OptionChecks.fitsInHeap(spec, "--crops", crops, 8 * d2 * crops);
        OptionChecks.fitsInHeap(spec, "--test-crops", testCrops, 8 * d2 * testCrops * 4);
        run.requireMemory("--hidden", hidden, 2 * d2 * hidden + hidden + d2, Math.min(run.options().batchSize(), crops), 2 * (d2 + hidden));
        Rng cropRng = run.rng().fork();
        Tensor rawTrain = Crops.draw(data.train().images(), crops, cropSize, cropRng);
        Tensor rawTest = Crops.draw(data.test().images(), testCrops, cropSize, cropRng);
        // --recipe post: post 003's transforms.Normalize((0.1307,), (0.3081,)), x -> (x - mean) / std, inputs and targets alike
        Tensor train = normalize ? rawTrain.sub(MNIST_MEAN).div(MNIST_STD) : rawTrain;
        Tensor test = normalize ? rawTest.sub(MNIST_MEAN).div(MNIST_STD) : rawTest;
        if (normalize) run.metrics().put("normalize", MNIST_MEAN + "," + MNIST_STD);

        // 2. Model and optimizer
        int d = cropSize * cropSize;
        SparseAutoEncoder.Config config = new SparseAutoEncoder.Config(d, hidden, rho, beta, weightDecay, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003);
        SparseAutoEncoder sae = new SparseAutoEncoder(config, run.rng());
        Adam adam = new Adam(sae.parameters(), run.options().lr());
        run.metrics().put("hidden", hidden).put("rho", rho).put("beta", beta).put("weight_decay", weightDecay)
                .put("crops", crops).put("test_crops", testCrops).put("crop_size", cropSize);

        // 3. Train: J = mean (x' - x)^2 + beta * (1/hidden) sum_j KL(rho || rho_hat_j) + (lambda/2)(||W1||^2 + ||W2||^2)
        Map<String, String> settings = new HashMap<>(Map.of("hidden", Integer.toString(hidden), "rho", Double.toString(rho), "beta", Double.toString(beta),
                "weight_decay", Double.toString(weightDecay), "crops", Integer.toString(crops), "crop_size", Integer.toString(cropSize)));
        if (normalize) settings.put("normalize", MNIST_MEAN + "," + MNIST_STD);
        run.fit(sae, adam, crops, settings, "loss", (batch, noise) -> sae.cost(Reshaping.indexSelect(train, batch)).total());

        // 4. Evaluate on the test crops: the reconstruction error alone, and the mean activation of the hidden units
        try (GradMode.Scope s = GradMode.off()) {
            SparseAutoEncoder.Forward f = sae.forward(test);
            double mse = Losses.mse(f.reconstruction(), test, Reduction.MEAN).item();
            double meanActivation = f.hidden().mean().item();
            run.metrics().put("test_mse", mse).put("mean_hidden_activation", meanActivation);
            run.log("test mse %.5f, mean hidden activation %.4f (rho %.4f)", mse, meanActivation, rho);

            // 5. Figures: the filters W_i / ||W_i|| (min-max over all of them, as the post's make_grid(normalize=True)),
            //    16 test crops over their reconstructions, and the loss curve
            run.saveGrid("filters.png", sae.filters(cropSize, cropSize), ImageGrid.Options.DEFAULT.withNrow(10).normalized(false));
            Tensor originals = test.slice(0, 0, 16), recons = f.reconstruction().slice(0, 0, 16);
            ImageGrid.Options shown = normalize // pixels 0 and 1 after the normalisation
                    ? ImageGrid.Options.DEFAULT.withNrow(16).normalized(-MNIST_MEAN / MNIST_STD, (1 - MNIST_MEAN) / MNIST_STD) : ImageGrid.Options.DEFAULT.withNrow(16);
            run.saveGrid("reconstructions.png", Reshaping.concat(0, originals, recons).reshape(32, 1, cropSize, cropSize), shown);
        }
        run.saveLossPlot("loss");
        run.saveModel(sae);
        run.writeMetrics();
    }
}

package dev.autoencoders.examples.ae;

import dev.autoencoders.ae.DeepAutoEncoder;
import dev.autoencoders.ae.Pca;
import dev.autoencoders.ae.Rbm;
import dev.autoencoders.ae.RbmSgd;
import dev.autoencoders.data.Splits;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.Run;
import dev.autoencoders.examples.TrainCommand;
import dev.autoencoders.examples.TrainDefaults;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoencoders deep-ae}: Hinton and Salakhutdinov's deep autoencoder, RBM-pretrained or not, against PCA. */
@Command(name = "deep-ae", description = {
    "The deep autoencoder of Hinton & Salakhutdinov (2006): 784-1000-500-250-30,",
    "linear 30-d code.",
    "1. --pretrain rbm: greedy layer-wise RBMs, CD-1 with Hinton's settings",
    "   (lr --rbm-lr, momentum 0.5 then 0.9, weight cost 2e-4, batch",
    "   --rbm-batch-size); the code layer's RBM has linear Gaussian hidden units",
    "   and lr --rbm-code-lr; each RBM learns from the hidden probabilities of",
    "   the one below. --pretrain none: PyTorch's default init of the same net.",
    "2. Unrolling (decoder = transposed weights, untied), fine-tuning by",
    "   backprop: MSE, Adam --lr, --epochs, --batch-size.",
    "3. PCA with as many components as the code, fitted on the training set.",
    "Writes test_mse, pca30_test_mse, rbm<i>_recon_error, reconstructions.png",
    "(test images over deep-AE over PCA reconstructions) and loss.png.",
    "--resume continues any phase: each RBM has its own checkpoint",
    "(checkpoint-rbm<i>.safetensors), fine-tuning checkpoint-finetune; all",
    "options, --rbm-epochs included, must be those of the stopped run (only",
    "--epochs may grow).",
    "--recipe post: post 003's settings (\"ReLU and Adam, 50000 MNIST images, 10 epochs\"),",
    "--pretrain none --activation relu --widths 784,1000,500,250,30 --epochs 10",
    "--lr 0.001 --train-limit 50000; options given on the command line win."})
public final class DeepAeCommand extends TrainCommand {

    @Spec
    CommandSpec spec;

    /** How the weights start before fine-tuning. */
    enum Pretrain { rbm, none }

    /** The hidden nonlinearity of the unrolled net. */
    enum Hidden { auto, sigmoid, relu }

    @Option(names = "--pretrain", paramLabel = "rbm|none", defaultValue = "rbm",
            description = "rbm: layer-wise RBM pretraining; none: PyTorch's default init (default: ${DEFAULT-VALUE})")
    Pretrain pretrain;

    @Option(names = "--activation", paramLabel = "auto|sigmoid|relu", defaultValue = "auto",
            description = "hidden nonlinearity of the fine-tuned net; auto = sigmoid after RBM pretraining (the function the"
                    + " RBMs were trained to compute), relu without (post 003's recipe, the PyTorch twin) (default: ${DEFAULT-VALUE})")
    Hidden activation;

    int[] widths;
    private int rbmEpochs;
    private int rbmBatchSize;
    private double rbmLr;
    private double rbmCodeLr;

    @Option(names = "--widths", paramLabel = "W,W,...", split = ",", defaultValue = "784,1000,500,250,30",
            description = "layer widths from the input to the code; the first must be the image size (default: ${DEFAULT-VALUE})")
    void setWidths(int[] value) {
        for (int w : value) if (w < 1) throw OptionChecks.invalid(spec, "--widths", typed(value), "has a width " + w + "; every width must be >= 1");
        widths = value;
    }

    /** The widths as given on the command line: {@code 784,1000,30}. */
    private static String typed(int[] widths) {
        return Arrays.stream(widths).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    @Option(names = "--rbm-epochs", paramLabel = "N", defaultValue = "10",
            description = "CD-1 epochs per RBM (Hinton's demo code: 10; the paper: 50) (default: ${DEFAULT-VALUE})")
    void setRbmEpochs(int value) {
        rbmEpochs = OptionChecks.atLeast(spec, "--rbm-epochs", value, 0);
    }

    @Option(names = "--rbm-batch-size", paramLabel = "B", defaultValue = "100", description = "RBM mini-batch size (default: ${DEFAULT-VALUE})")
    void setRbmBatchSize(int value) {
        rbmBatchSize = OptionChecks.atLeast(spec, "--rbm-batch-size", value, 1);
    }

    @Option(names = "--rbm-lr", paramLabel = "RATE", defaultValue = "0.1", description = "learning rate of the binary RBMs (default: ${DEFAULT-VALUE})")
    void setRbmLr(double value) {
        rbmLr = OptionChecks.positive(spec, "--rbm-lr", value);
    }

    @Option(names = "--rbm-code-lr", paramLabel = "RATE", defaultValue = "0.001",
            description = "learning rate of the top RBM with linear hidden units (default: ${DEFAULT-VALUE})")
    void setRbmCodeLr(double value) {
        rbmCodeLr = OptionChecks.positive(spec, "--rbm-code-lr", value);
    }

    @Option(names = "--recipe", paramLabel = "post", description = "post: post 003's own settings (see above)")
    void setRecipe(Recipe value) {
        Recipe.apply(spec, Map.of("--pretrain", "none", "--activation", "relu", "--widths", "784,1000,500,250,30", "--epochs", "10", "--lr", "0.001",
                "--train-limit", "50000"));
    }

    @Override
    protected TrainDefaults defaults() {
        return new TrainDefaults("mnist-10k", 10, 128, 1e-3);
    }

    @Override
    protected void train(Run run) {
        // 1. Data: images flattened to (N, 784), pixels in [0, 1] (for the RBMs: probabilities of the visible units)
        Splits data = run.data();
        Tensor train = data.train().flat();
        Tensor test = data.test().flat();
        if (widths.length < 2) throw OptionChecks.invalid(spec, "--widths", typed(widths), "needs at least the input and the code width");
        if (widths[0] != train.dim(1)) {
            throw OptionChecks.invalid(spec, "--widths", typed(widths), "must start with the image size " + train.dim(1) + " of " + data.name());
        }
        double weights = 0, units = 0;
        for (int i = 0; i + 1 < widths.length; i++) weights += (double) widths[i] * widths[i + 1];
        for (int w : widths) units += w;
        // the unrolled net: encoder and decoder weights and biases; activations of both halves
        run.requireMemory("--widths", typed(widths), 2 * (weights + units), Math.max(run.batch(), test.dim(0)), 2 * units);
        Activation.Kind hidden = activation == Hidden.sigmoid || (activation == Hidden.auto && pretrain == Pretrain.rbm)
                ? Activation.Kind.SIGMOID : Activation.Kind.RELU;
        Map<String, String> settings = new TreeMap<>(Map.of("widths", Arrays.toString(widths), "pretrain", pretrain.name(), "activation", hidden.name()));

        // 2. Pretraining: one RBM per layer, each trained by CD-1 on the hidden probabilities of the one below
        DeepAutoEncoder ae;
        if (pretrain == Pretrain.rbm) {
            settings.putAll(Map.of("rbm_epochs", Integer.toString(rbmEpochs), "rbm_batch_size", Integer.toString(rbmBatchSize),
                    "rbm_lr", Double.toString(rbmLr), "rbm_code_lr", Double.toString(rbmCodeLr)));
            List<Rbm> rbms = new ArrayList<>();
            Tensor input = train;
            for (int i = 0; i + 1 < widths.length; i++) {
                boolean code = i + 2 == widths.length;
                Rbm rbm = new Rbm(Rbm.Config.cd1(widths[i], widths[i + 1], code ? Rbm.HiddenUnits.GAUSSIAN : Rbm.HiddenUnits.BERNOULLI), run.rng());
                RbmSgd sgd = new RbmSgd(rbm, (code ? RbmSgd.Config.hintonLinearHidden().withLr(rbmCodeLr) : RbmSgd.Config.hinton().withLr(rbmLr)),
                        (input.dim(0) + rbmBatchSize - 1) / rbmBatchSize);
                Tensor layerInput = input;
                String name = "rbm" + (i + 1);
                Trainer t = run.fit(new Run.Stage(name, rbmEpochs, rbmBatchSize), rbm, sgd, layerInput.dim(0), settings,
                        name + " " + widths[i] + "-" + widths[i + 1] + " recon. error",
                        (batch, noise) -> rbm.contrastiveDivergence(Reshaping.indexSelect(layerInput, batch), noise));
                List<Double> errors = t.epochLosses();
                if (!errors.isEmpty()) run.metrics().put(name + "_recon_error", errors.get(errors.size() - 1));
                rbms.add(rbm);
                // the next RBM's data: E[h | v] of this one (probabilities; the code layer's are linear)
                try (GradMode.Scope s = GradMode.off()) {
                    input = rbm.hiddenMean(input);
                }
            }
            // 3. Unroll: encoder layer i = (W_i, c_i), mirrored decoder layer = (W_i^T, b_i), untied copies
            ae = DeepAutoEncoder.unroll(rbms, hidden, run.rng());
        } else {
            ae = new DeepAutoEncoder(new DeepAutoEncoder.Config(widths, hidden), run.rng());
        }
        run.metrics().put("pretrain", pretrain.name()).put("activation", hidden.name().toLowerCase());

        // 4. Fine-tuning: minimise the mean squared error of the reconstructions with Adam
        DeepAutoEncoder net = ae;
        Adam adam = new Adam(net.parameters(), run.options().lr());
        run.fit(run.mainStage("finetune"), net, adam, train.dim(0), settings, "fine-tuning mse", (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(train, batch);
            return Losses.mse(net.forward(x), x, Reduction.MEAN);
        });

        // 5. Evaluate on the test set against PCA with as many components as the code
        int k = widths[widths.length - 1];
        try (GradMode.Scope s = GradMode.off()) {
            Tensor recon = net.forward(test);
            double mse = Losses.mse(recon, test, Reduction.MEAN).item();
            Pca pca = Pca.fit(train, k, run.rng());
            Tensor pcaRecon = pca.reconstruct(test);
            double pcaMse = Losses.mse(pcaRecon, test, Reduction.MEAN).item();
            run.metrics().put("test_mse", mse).put("pca" + k + "_test_mse", pcaMse);
            run.log("test mse: deep autoencoder %.5f, PCA-%d %.5f", mse, k, pcaMse);

            // 6. Figures: 10 test images over their deep-AE reconstructions over their PCA reconstructions
            Tensor grid = Reshaping.concat(0, test.slice(0, 0, 10), recon.slice(0, 0, 10), pcaRecon.slice(0, 0, 10).clamp(0, 1));
            int side = (int) Math.round(Math.sqrt(widths[0]));
            run.saveGrid("reconstructions.png", grid.reshape(30, 1, side, widths[0] / side), dev.autoencoders.plot.ImageGrid.Options.DEFAULT.withNrow(10));
        }
        run.saveLossPlot("reconstruction error");
        run.saveModel(net);
        run.writeMetrics();
    }
}

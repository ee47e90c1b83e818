package dev.autoencoders.ae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * The sparse autoencoder (Ng, CS294A lecture notes; the UFLDL tutorial): one sigmoid hidden layer
 * {@code a = sigmoid(W1 x + b1)}, a reconstruction {@code x' = f(W2 a + b2)}, and a penalty that drives the average
 * activation of every hidden unit towards a small target {@code rho}:
 * <pre>
 *   rho_hat_j = (1/N) sum_n a_{n,j}                                   (batch-mean activation of unit j)
 *   KL(rho || rho_hat_j) = rho log(rho / rho_hat_j) + (1 - rho) log((1 - rho) / (1 - rho_hat_j))
 *   J = reconstruction + beta * penalty + (lambda / 2) (||W1||^2 + ||W2||^2)
 * </pre>
 * with the reconstruction term and the penalty scaled as {@link Scaling} says: post 003's code uses the
 * mean squared error over all N*D entries and divides the KL sum by the number of hidden units;
 * UFLDL uses {@code (1/2N) sum_n ||x'_n - x_n||^2} and the plain KL sum.
 *
 * <p>Shapes: {@code x: (N, visible) -> a: (N, hidden) -> x': (N, visible)}. State-dict names as the PyTorch twin
 * {@code SparseAE}: {@code e.weight (hidden, visible), e.bias, d.weight (visible, hidden), d.bias}.
 */
public final class SparseAutoEncoder extends Module {

    /** How the reconstruction error and the KL penalty are normalised. */
    public enum Scaling {
        /** Post 003's code and the PyTorch twin: {@code mean_{n,i} (x' - x)^2 + beta * (1/hidden) sum_j KL_j}. */
        POST_003,
        /** The UFLDL tutorial: {@code (1/2N) sum_n ||x'_n - x_n||^2 + beta * sum_j KL_j}. */
        UFLDL
    }

    /**
     * @param visible     input size D (100 for 10x10 crops), >= 1
     * @param hidden      number of hidden sigmoid units, >= 1
     * @param rho         target average activation, in (0, 1)
     * @param beta        weight of the sparsity penalty, >= 0 (0 = a plain sigmoid autoencoder)
     * @param weightDecay lambda of the weight-decay term {@code (lambda/2) (||W1||^2 + ||W2||^2)} (weights only, not
     *                    biases), >= 0
     * @param output      nonlinearity of the reconstruction (SIGMOID for pixels in [0, 1]; IDENTITY for a linear decoder)
     * @param scaling     how the terms are normalised
     */
    public record Config(int visible, int hidden, double rho, double beta, double weightDecay, Activation.Kind output, Scaling scaling) {
        public Config {
            if (visible < 1 || hidden < 1) throw new IllegalArgumentException("SparseAutoEncoder: visible and hidden must be >= 1, got " + visible + ", " + hidden);
            if (!(rho > 0 && rho < 1)) throw new IllegalArgumentException("SparseAutoEncoder: rho must be in (0, 1), got " + rho);
            if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("SparseAutoEncoder: beta must be finite and >= 0, got " + beta);
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) throw new IllegalArgumentException("SparseAutoEncoder: weight decay must be finite and >= 0, got " + weightDecay);
            if (output == null || scaling == null) throw new IllegalArgumentException("SparseAutoEncoder: output and scaling must be given");
        }

        /** Post 003's net for 10x10 crops: 100 -> 100 -> 100, rho 0.01, beta 5, no weight decay, sigmoid output. */
        public static Config post003() {
            return new Config(100, 100, 0.01, 5.0, 0.0, Activation.Kind.SIGMOID, Scaling.POST_003);
        }

        /** The same with another sparsity weight (0 switches the penalty off). */
        public Config withBeta(double b) {
            return new Config(visible, hidden, rho, b, weightDecay, output, scaling);
        }
    }

    /** The hidden activations and the reconstruction of one batch. */
    public record Forward(Tensor hidden, Tensor reconstruction) {}

    /** The terms of the cost of one batch (each a scalar tensor) and their weighted sum {@code total}. */
    public record Cost(Tensor reconstruction, Tensor penalty, Tensor weightDecay, Tensor total) {}

    public final Config config;
    /** Encoder {@code W1: (hidden, visible), b1: (hidden)}. */
    public final Linear e;
    /** Decoder {@code W2: (visible, hidden), b2: (visible)}. */
    public final Linear d;

    public SparseAutoEncoder(Config config, Rng rng) {
        this.config = config;
        this.e = child("e", new Linear(config.visible(), config.hidden(), rng));
        this.d = child("d", new Linear(config.hidden(), config.visible(), rng));
    }

    /** {@code a = sigmoid(x W1^T + b1)}: {@code (N, visible) -> (N, hidden)}. */
    public Tensor hidden(Tensor x) {
        return e.forward(x).sigmoid();
    }

    /** {@code x' = f(a W2^T + b2)}: {@code (N, hidden) -> (N, visible)}. */
    public Tensor decode(Tensor a) {
        return Activation.apply(config.output(), d.forward(a));
    }

    /** Hidden activations and reconstruction of {@code x: (N, visible)}. */
    public Forward forward(Tensor x) {
        Tensor a = hidden(x);
        return new Forward(a, decode(a));
    }

    /**
     * {@code sum_j KL(rho || rho_hat_j)} with {@code rho_hat = mean over the batch of a}; {@code a: (N, hidden) -> scalar}.
     * Needs {@code 0 < rho_hat_j < 1}, which a sigmoid layer gives.
     */
    public Tensor klSum(Tensor a) {
        double rho = config.rho();
        // @lab dae-sparse begin
        // rho_hat_j = (1/N) sum_n a_{n,j}
        Tensor rhoHat = a.mean(0, false);
        // KL_j = rho log(rho / rho_hat_j) + (1 - rho) log((1 - rho) / (1 - rho_hat_j))
        Tensor kl = rhoHat.log().rsub(Math.log(rho)).mul(rho)
                .add(rhoHat.rsub(1).log().rsub(Math.log(1 - rho)).mul(1 - rho));
        return kl.sum();
        // @lab dae-sparse end -> return Lab.todo("dae-sparse", "SparseAutoEncoder.klSum");
    }

    /**
     * The whole cost of a batch {@code x: (N, visible)} (target = x), with its terms:
     * {@code J = reconstruction + beta * penalty + (lambda/2)(||W1||^2 + ||W2||^2)}, scaled as {@link Config#scaling()}.
     */
    public Cost cost(Tensor x) {
        return cost(x, x);
    }

    /**
     * As {@link #cost(Tensor)} with a separate target, e.g. a corrupted input and its clean version:
     * {@code input, target: (N, visible)}.
     */
    public Cost cost(Tensor input, Tensor target) {
        Forward f = forward(input);
        Tensor reconstruction, penalty;
        if (config.scaling() == Scaling.POST_003) {
            // mean_{n,i} (x'_{n,i} - x_{n,i})^2
            reconstruction = Losses.mse(f.reconstruction(), target, Reduction.MEAN);
            // (1/hidden) sum_j KL(rho || rho_hat_j)
            penalty = klSum(f.hidden()).div(config.hidden());
        } else {
            // (1/2N) sum_n ||x'_n - x_n||^2
            reconstruction = Losses.mse(f.reconstruction(), target, Reduction.BATCH_MEAN).mul(0.5);
            // sum_j KL(rho || rho_hat_j)
            penalty = klSum(f.hidden());
        }
        // (lambda/2) (||W1||^2 + ||W2||^2)
        Tensor decay = e.weight.square().sum().add(d.weight.square().sum()).mul(config.weightDecay() / 2);
        // J = reconstruction + beta * penalty + decay
        Tensor total = reconstruction.add(penalty.mul(config.beta())).add(decay);
        return new Cost(reconstruction, penalty, decay, total);
    }

    /**
     * The filter of each hidden unit as an image: the input of unit norm that activates unit i most,
     * {@code x = W1_i / ||W1_i||} (by Cauchy-Schwarz, {@code W1_i . x <= ||W1_i||} for {@code ||x|| = 1}, with equality
     * there; UFLDL "Visualizing a Trained Autoencoder"). {@code -> (hidden, 1, height, width)} with
     * {@code height * width = visible}.
     */
    public Tensor filters(int height, int width) {
        int h = config.hidden(), v = config.visible();
        if (height * width != v) throw new IllegalArgumentException("SparseAutoEncoder.filters: " + height + "x" + width + " images do not hold " + v + " inputs");
        double[] w = e.weight.data(), out = new double[h * v];
        for (int i = 0; i < h; i++) {
            double norm2 = 0;
            for (int j = 0; j < v; j++) norm2 += w[i * v + j] * w[i * v + j];
            double norm = Math.sqrt(norm2);
            // x_j = W1_ij / sqrt(sum_j W1_ij^2)
            for (int j = 0; j < v; j++) out[i * v + j] = norm == 0 ? 0 : w[i * v + j] / norm;
        }
        return Tensor.of(out, h, 1, height, width);
    }
}

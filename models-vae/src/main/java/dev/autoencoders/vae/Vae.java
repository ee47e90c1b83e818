package dev.autoencoders.vae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The variational autoencoder of Kingma and Welling (2014) as in pytorch/examples (post 003), an MLP by default
 * 784-400-20:
 * <pre>
 *   encoder  q(z|x) = N(mu, diag(sigma^2)):   h = relu(fc1 x),  mu = fc21 h,  log sigma^2 = fc22 h
 *   sample   z = mu + sigma * eps,  eps ~ N(0, I)                 (reparameterization)
 *   decoder  a = fc4 relu(fc3 z),  p(x|z) from a                  (Bernoulli or Gaussian, {@link Likelihood})
 *   prior    p(z) = N(0, I)
 * </pre>
 * Shapes: {@code x: (N, input) -> mu, logvar, z: (N, latent) -> a: (N, input)}. State-dict names as the PyTorch
 * twin ({@code fc1.weight}, ..., {@code fc4.bias}). Training maximises the {@link Elbo}; {@link #iwae} estimates
 * {@code log p(x)} on test data.
 */
public final class Vae extends Module {

    /**
     * @param input       pixels per image D, >= 1
     * @param hidden      width of the hidden layer of encoder and decoder, >= 1
     * @param latent      latent dimensions L, >= 1
     * @param likelihood  the decoder's distribution p(x|z)
     * @param logvarBound clamp the encoder's log sigma^2 to [-bound, bound] (a guard against exp overflow early in
     *                    training); {@code Double.POSITIVE_INFINITY} = no clamp
     */
    public record Config(int input, int hidden, int latent, Likelihood likelihood, double logvarBound) {
        public Config {
            if (input < 1 || hidden < 1 || latent < 1) {
                throw new IllegalArgumentException("Vae: input, hidden and latent sizes must be >= 1, got input=" + input + " hidden=" + hidden + " latent=" + latent);
            }
            if (likelihood == null) throw new IllegalArgumentException("Vae: a decoder likelihood is required");
            if (!(logvarBound > 0)) throw new IllegalArgumentException("Vae: the log-variance bound must be > 0 (or infinite for none), got " + logvarBound);
        }

        /** 784-400-{latent}, no clamp: the pytorch/examples VAE for 28x28 images. */
        public static Config mnist(int latent, Likelihood likelihood) {
            return new Config(784, 400, latent, likelihood, Double.POSITIVE_INFINITY);
        }
    }

    public final Config config;
    public final Linear fc1, fc21, fc22, fc3, fc4;

    public Vae(Config config, Rng rng) {
        this.config = config;
        this.fc1 = child("fc1", new Linear(config.input(), config.hidden(), rng));
        this.fc21 = child("fc21", new Linear(config.hidden(), config.latent(), rng));
        this.fc22 = child("fc22", new Linear(config.hidden(), config.latent(), rng));
        this.fc3 = child("fc3", new Linear(config.latent(), config.hidden(), rng));
        // one output per pixel, two for a decoder that learns its variance
        this.fc4 = child("fc4", new Linear(config.hidden(), config.input() * config.likelihood().outputsPerPixel(), rng));
    }

    /** The approximate posterior {@code q(z|x)}: {@code x: (N, input) -> mu, logvar: (N, latent)}. */
    public DiagonalGaussian encode(Tensor x) {
        // h = relu(fc1 x)
        Tensor h = fc1.forward(x).relu();
        // mu = fc21 h,  log sigma^2 = fc22 h
        Tensor mu = fc21.forward(h);
        Tensor logvar = fc22.forward(h);
        if (Double.isFinite(config.logvarBound())) logvar = logvar.clamp(-config.logvarBound(), config.logvarBound());
        return new DiagonalGaussian(mu, logvar);
    }

    /** The decoder's last pre-activation {@code a = fc4 relu(fc3 z)}: {@code z: (N, latent) -> (N, k input)}, k outputs per pixel. */
    public Tensor decoderOutput(Tensor z) {
        return fc4.forward(fc3.forward(z).relu());
    }

    /** The decoder's mean image {@code E[x|z]}: {@code z: (N, latent) -> (N, input)}. */
    public Tensor decode(Tensor z) {
        return config.likelihood().mean(decoderOutput(z));
    }

    /** The ELBO of a batch {@code x: (N, input)} with the noise {@code eps: (N, latent)} given (fixed noise for checks). */
    public Elbo elbo(Tensor x, Tensor eps) {
        // @lab vae begin
        DiagonalGaussian q = encode(x);
        // z = mu + sigma * eps
        Tensor z = q.rsample(eps);
        // ELBO = log p(x|z) - KL(q(z|x) || N(0, I))
        return Elbo.of(config.likelihood(), decoderOutput(z), x, KlDivergence.toStandardNormal(q.mu(), q.logvar()));
        // @lab vae end -> return Lab.todo("vae", "Vae.elbo");
    }

    /** The ELBO of a batch with {@code eps ~ N(0, I)} drawn from {@code rng}. */
    public Elbo elbo(Tensor x, Rng rng) {
        return elbo(x, Tensor.randn(rng, x.dim(0), config.latent()));
    }

    /** The reconstruction through the posterior mean: {@code decode(mu(x))}, {@code (N, input) -> (N, input)}. */
    public Tensor reconstruct(Tensor x) {
        return decode(encode(x).mu());
    }

    /** {@code n} images decoded from prior draws {@code z ~ N(0, I)}: {@code (n, input)}. */
    public Tensor sample(int n, Rng rng) {
        return decode(Tensor.randn(rng, n, config.latent()));
    }

    /**
     * The IWAE estimate {@code L_K(x) <= log p(x)} of every image, nats: {@code x: (N, input) -> (N)}
     * ({@link ImportanceWeighted}), computed without a graph in chunks of images so that K draws of each fit in memory.
     */
    public Tensor iwae(Tensor x, int k, Rng rng) {
        if (x.rank() != 2 || x.dim(1) != config.input()) {
            throw new ShapeException("Vae.iwae: images must be (N, " + config.input() + "), got " + Arrays.toString(x.shape()));
        }
        if (k < 1) throw new IllegalArgumentException("Vae.iwae: the number of importance samples k must be >= 1, got " + k);
        int chunk = Math.max(1, 4096 / k);
        List<Tensor> parts = new ArrayList<>();
        try (GradMode.Scope s = GradMode.off()) {
            for (int start = 0; start < x.dim(0); start += chunk) {
                Tensor xs = x.slice(0, start, Math.min(x.dim(0), start + chunk));
                parts.add(ImportanceWeighted.bound(encode(xs), k, z -> logJoint(xs, z), rng));
            }
        }
        return Reshaping.concat(0, parts.toArray(Tensor[]::new));
    }

    /** {@code log p(x, z) = log p(x|z) + log p(z)}: {@code x: (N, input), z: (K, N, latent) -> (K, N)}. */
    Tensor logJoint(Tensor x, Tensor z) {
        int k = z.dim(0), n = z.dim(1);
        Tensor a = decoderOutput(z.reshape(k * n, config.latent()));
        // x repeated K times, row i*N + n = x_n, the order of z.reshape
        Tensor[] copies = new Tensor[k];
        Arrays.fill(copies, x);
        Tensor logPxz = config.likelihood().logProb(a, Reshaping.concat(0, copies)).reshape(k, n);
        // log p(x|z) + log p(z)
        return logPxz.add(DiagonalGaussian.standardNormalLogProb(z));
    }
}

package dev.autoencoders.vae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.nn.Embedding;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Locale;

/**
 * A VAE whose generation is steered by a class label y, in two variants.
 * <pre>
 *   CONCAT (Sohn et al. 2015):  q(z|x, y) = N(mu, diag(sigma^2)) from [x, onehot(y)],
 *                               p(x|z, y) from [z, onehot(y)],     p(z|y) = N(0, I)
 *       KL = 1/2 sum_j ( mu_j^2 + sigma_j^2 - log sigma_j^2 - 1 )
 *   PRIOR_MEAN (post 001):      q(z|x) and p(x|z) as the plain VAE,  p(z|y) = N(mu_y, I), mu_y learned per class
 *       KL = 1/2 sum_j ( (mu_j - mu_{y,j})^2 + sigma_j^2 - log sigma_j^2 - 1 )
 * </pre>
 * Sampling a class: {@code z ~ p(z|y)}, decode (with y for CONCAT). Shapes: {@code x: (N, input)}, labels: N class
 * indices in [0, classes). State-dict names: {@code fc1 ... fc4} as {@link Vae} (fc1 and fc3 are wider by
 * {@code classes} in CONCAT) and {@code prior_mean.weight: (classes, latent)} in PRIOR_MEAN.
 */
public final class ConditionalVae extends Module {

    /** How the label enters the model. */
    public enum Variant {
        /** encoder and decoder both see the one-hot label; the prior is N(0, I) */
        CONCAT,
        /** only the prior sees the label: a learned mean mu_y per class, N(mu_y, I) */
        PRIOR_MEAN;

        /** The command-line name: {@code concat} or {@code prior-mean}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param variant     how the label enters
     * @param input       pixels per image D, >= 1
     * @param hidden      hidden width of encoder and decoder, >= 1
     * @param latent      latent dimensions L, >= 1
     * @param classes     number of classes, >= 2
     * @param likelihood  the decoder's distribution p(x|z)
     * @param logvarBound clamp log sigma^2 to [-bound, bound]; {@code Double.POSITIVE_INFINITY} = no clamp
     */
    public record Config(Variant variant, int input, int hidden, int latent, int classes, Likelihood likelihood, double logvarBound) {
        public Config {
            if (variant == null) throw new IllegalArgumentException("ConditionalVae: a variant is required");
            if (input < 1 || hidden < 1 || latent < 1) {
                throw new IllegalArgumentException("ConditionalVae: input, hidden and latent sizes must be >= 1, got input=" + input + " hidden=" + hidden + " latent=" + latent);
            }
            if (classes < 2) throw new IllegalArgumentException("ConditionalVae: need at least 2 classes, got " + classes);
            if (likelihood == null) throw new IllegalArgumentException("ConditionalVae: a decoder likelihood is required");
            if (!(logvarBound > 0)) throw new IllegalArgumentException("ConditionalVae: the log-variance bound must be > 0 (or infinite for none), got " + logvarBound);
        }

        /** 784-400-{latent} with 10 classes and a Bernoulli decoder. */
        public static Config mnist(Variant variant, int latent) {
            return new Config(variant, 784, 400, latent, 10, new BernoulliLikelihood(), Double.POSITIVE_INFINITY);
        }
    }

    public final Config config;
    public final Linear fc1, fc21, fc22, fc3, fc4;
    /** The class means mu_y of the prior (PRIOR_MEAN); null for CONCAT. */
    public final Embedding priorMean;

    public ConditionalVae(Config config, Rng rng) {
        this.config = config;
        int extra = config.variant() == Variant.CONCAT ? config.classes() : 0;
        this.fc1 = child("fc1", new Linear(config.input() + extra, config.hidden(), rng));
        this.fc21 = child("fc21", new Linear(config.hidden(), config.latent(), rng));
        this.fc22 = child("fc22", new Linear(config.hidden(), config.latent(), rng));
        this.fc3 = child("fc3", new Linear(config.latent() + extra, config.hidden(), rng));
        this.fc4 = child("fc4", new Linear(config.hidden(), config.input(), rng));
        this.priorMean = config.variant() == Variant.PRIOR_MEAN ? child("prior_mean", new Embedding(config.classes(), config.latent(), rng)) : null;
    }

    /** The approximate posterior: {@code x: (N, input), labels: N -> mu, logvar: (N, latent)}. */
    public DiagonalGaussian encode(Tensor x, int[] labels) {
        checkLabels(labels, x.dim(0));
        // CONCAT: h = relu(fc1 [x, onehot(y)]);  PRIOR_MEAN: h = relu(fc1 x)
        Tensor in = config.variant() == Variant.CONCAT ? Reshaping.concat(1, x, oneHot(labels, config.classes())) : x;
        Tensor h = fc1.forward(in).relu();
        Tensor mu = fc21.forward(h);
        Tensor logvar = fc22.forward(h);
        if (Double.isFinite(config.logvarBound())) logvar = logvar.clamp(-config.logvarBound(), config.logvarBound());
        return new DiagonalGaussian(mu, logvar);
    }

    /** The decoder's last pre-activation: {@code z: (N, latent), labels: N -> (N, input)}. */
    public Tensor decoderOutput(Tensor z, int[] labels) {
        checkLabels(labels, z.dim(0));
        // CONCAT: a = fc4 relu(fc3 [z, onehot(y)]);  PRIOR_MEAN: a = fc4 relu(fc3 z)
        Tensor in = config.variant() == Variant.CONCAT ? Reshaping.concat(1, z, oneHot(labels, config.classes())) : z;
        return fc4.forward(fc3.forward(in).relu());
    }

    /** The mean of the prior {@code p(z|y)}: zeros for CONCAT, {@code mu_y} for PRIOR_MEAN: {@code labels: N -> (N, latent)}. */
    public Tensor priorMean(int[] labels) {
        checkLabels(labels, labels.length);
        return config.variant() == Variant.PRIOR_MEAN ? priorMean.forward(labels) : Tensor.zeros(labels.length, config.latent());
    }

    /** The ELBO of a labelled batch with the noise {@code eps: (N, latent)} given. */
    public Elbo elbo(Tensor x, int[] labels, Tensor eps) {
        DiagonalGaussian q = encode(x, labels);
        // z = mu + sigma * eps
        Tensor z = q.rsample(eps);
        // KL = 1/2 sum_j ((mu_j - mu_{y,j})^2 + sigma_j^2 - log sigma_j^2 - 1), mu_y = 0 for CONCAT
        Tensor kl = KlDivergence.toUnitVarianceGaussian(q.mu(), q.logvar(), priorMean(labels));
        return Elbo.of(config.likelihood(), decoderOutput(z, labels), x, kl);
    }

    /** The ELBO of a labelled batch with {@code eps ~ N(0, I)} from {@code rng}. */
    public Elbo elbo(Tensor x, int[] labels, Rng rng) {
        return elbo(x, labels, Tensor.randn(rng, x.dim(0), config.latent()));
    }

    /** The decoder's mean image {@code E[x|z, y]}: {@code z: (N, latent), labels: N -> (N, input)}. */
    public Tensor decode(Tensor z, int[] labels) {
        return config.likelihood().mean(decoderOutput(z, labels));
    }

    /** The reconstruction through the posterior mean, {@code decode(mu(x, y), y)}: {@code (N, input) -> (N, input)}. */
    public Tensor reconstruct(Tensor x, int[] labels) {
        return decode(encode(x, labels).mu(), labels);
    }

    /** One image per label, decoded from {@code z ~ p(z|y) = N(prior mean, I)}: {@code labels: N -> (N, input)}. */
    public Tensor sample(int[] labels, Rng rng) {
        // z = mu_y + eps
        Tensor z = priorMean(labels).add(Tensor.randn(rng, labels.length, config.latent()));
        return decode(z, labels);
    }

    /** One-hot rows: {@code labels: N -> (N, classes)}, row n has a 1 at column labels[n]. */
    public static Tensor oneHot(int[] labels, int classes) {
        // @lab cvae-iwae begin
        double[] v = new double[labels.length * classes];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= classes) throw new IllegalArgumentException("oneHot: label " + labels[n] + " at position " + n + " outside [0, " + classes + ")");
            v[n * classes + labels[n]] = 1;
        }
        return Tensor.of(v, labels.length, classes);
        // @lab cvae-iwae end -> return Lab.todo("cvae-iwae", "ConditionalVae.oneHot");
    }

    private void checkLabels(int[] labels, int n) {
        if (labels.length != n) throw new ShapeException("ConditionalVae: " + labels.length + " labels for a batch of " + n);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= config.classes()) {
                throw new IllegalArgumentException("ConditionalVae: label " + labels[i] + " at position " + i + " outside [0, " + config.classes() + ")");
            }
        }
    }
}

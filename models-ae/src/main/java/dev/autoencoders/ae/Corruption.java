package dev.autoencoders.ae;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * A corruption process {@code q(x~ | x)} of the denoising autoencoder: it turns a clean input into a noisy one,
 * {@code x: (N, D) -> x~: (N, D)} (any shape, kept), elementwise and independently. Each strategy draws from the
 * generator it is given, element by element in row-major order, so the same generator state gives the same noise.
 * The result is a new tensor without gradient (corruption happens to the data, not inside the model); the input is
 * left untouched.
 *
 * <p>The strategies of Vincent et al. (2008, 2010):
 * <ul>
 *   <li>{@link Masking}: each element is, with probability {@code nu}, forced to 0;</li>
 *   <li>{@link SaltAndPepper}: each element is, with probability {@code nu}, set to the minimum 0 or the maximum 1;</li>
 *   <li>{@link Gaussian}: {@code x~ = x + sigma * eps}, {@code eps ~ N(0, 1)}.</li>
 * </ul>
 */
public sealed interface Corruption permits Corruption.Masking, Corruption.SaltAndPepper, Corruption.Gaussian {

    /** The corrupted copy {@code x~ ~ q(. | x)}, same shape as {@code x}. */
    Tensor apply(Tensor x, Rng rng);

    /** A short description for logs and metrics, e.g. {@code masking(nu=0.25)}. */
    String describe();

    /**
     * Masking noise: {@code x~_i = 0} with probability {@code nu}, else {@code x~_i = x_i} (one Bernoulli draw per
     * element). Vincent et al. (2008) zero a fixed number {@code nu d} of components chosen at random per example;
     * drawing each element independently (the form of the deeplearning.net DAE tutorial) zeroes {@code nu d} of them
     * on average, with binomial spread. The post of 000 calls it "fill in the blanks", like BERT's masked LM.
     *
     * @param nu the probability of zeroing an element, in [0, 1]
     */
    record Masking(double nu) implements Corruption {
        public Masking {
            checkProbability("Masking", "nu", nu);
        }

        @Override
        public Tensor apply(Tensor x, Rng rng) {
            double[] a = x.data(), y = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                // @lab dae-sparse begin
                // x~_i = 0 with probability nu, else x_i
                y[i] = rng.bernoulli(nu) ? 0.0 : a[i];
                // @lab dae-sparse end -> Lab.todo("dae-sparse", "Corruption.Masking.apply");
            }
            return Tensor.of(y, x.shape());
        }

        @Override
        public String describe() {
            return "masking(nu=" + nu + ")";
        }
    }

    /**
     * Salt-and-pepper noise on pixels in [0, 1]: with probability {@code nu} an element is corrupted, else kept. A
     * corrupted element becomes
     * <ul>
     *   <li>{@link Mode#SALT_AND_PEPPER}: 0 or 1 with probability 1/2 each (Vincent et al. 2010, section 4.1);</li>
     *   <li>{@link Mode#SALT}: 1 (the source post's "some pixels 0 -> 1": on MNIST most selected pixels are background).</li>
     * </ul>
     * Draws per element: one Bernoulli(nu); for a corrupted element in SALT_AND_PEPPER mode one more, Bernoulli(1/2).
     *
     * @param nu   the probability of corrupting an element, in [0, 1]
     * @param mode what a corrupted element becomes
     */
    record SaltAndPepper(double nu, Mode mode) implements Corruption {
        /** What a corrupted element becomes. */
        public enum Mode {
            /** 0 or 1, each with probability 1/2. */
            SALT_AND_PEPPER,
            /** Always 1 (white). */
            SALT
        }

        public SaltAndPepper {
            checkProbability("SaltAndPepper", "nu", nu);
            if (mode == null) throw new IllegalArgumentException("SaltAndPepper: mode must be given");
        }

        @Override
        public Tensor apply(Tensor x, Rng rng) {
            double[] a = x.data(), y = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                // @lab dae-sparse begin
                if (!rng.bernoulli(nu)) {
                    y[i] = a[i];
                } else if (mode == Mode.SALT) {
                    y[i] = 1.0;
                } else {
                    // x~_i = 1 or 0 with probability 1/2 each
                    y[i] = rng.bernoulli(0.5) ? 1.0 : 0.0;
                }
                // @lab dae-sparse end -> Lab.todo("dae-sparse", "Corruption.SaltAndPepper.apply");
            }
            return Tensor.of(y, x.shape());
        }

        @Override
        public String describe() {
            return (mode == Mode.SALT ? "salt" : "salt-pepper") + "(nu=" + nu + ")";
        }
    }

    /**
     * Additive isotropic Gaussian noise: {@code x~ = x + sigma * eps}, {@code eps ~ N(0, I)} (one normal draw per
     * element). The result is not clipped: the target stays the clean x, and a sigmoid output stays in (0, 1) anyway.
     *
     * @param sigma the noise's standard deviation, finite and >= 0
     */
    record Gaussian(double sigma) implements Corruption {
        public Gaussian {
            if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("Gaussian: sigma must be finite and >= 0, got " + sigma);
        }

        @Override
        public Tensor apply(Tensor x, Rng rng) {
            double[] a = x.data(), y = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                // x~_i = x_i + sigma * eps_i
                y[i] = a[i] + sigma * rng.normal();
            }
            return Tensor.of(y, x.shape());
        }

        @Override
        public String describe() {
            return "gaussian(sigma=" + sigma + ")";
        }
    }

    private static void checkProbability(String who, String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1], got " + p);
    }
}

package dev.autoencoders.ae;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Layer;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deep autoencoder of Hinton and Salakhutdinov (2006), 784-1000-500-250-30 with a linear 30-d code:
 * <pre>
 *   enc:  x -> Linear(784, 1000) -> s -> Linear(1000, 500) -> s -> Linear(500, 250) -> s -> Linear(250, 30) = z
 *   dec:  z -> Linear(30, 250) -> s -> Linear(250, 500) -> s -> Linear(500, 1000) -> s -> Linear(1000, 784) -> sigmoid
 * </pre>
 * with {@code s} the hidden nonlinearity (logistic as in the paper, or ReLU as in post 003's recipe).
 * It is initialised either as PyTorch initialises the same net, or by {@link #unroll unrolling} a stack of
 * RBMs trained greedily layer by layer: encoder layer i takes {@code (W_i, c_i)} of RBM i, the mirrored decoder
 * layer takes {@code (W_i^T, b_i)}; the copies are untied, and the whole net is then fine-tuned by backprop.
 *
 * <p>Shapes {@code x: (N, 784) -> z: (N, 30) -> x': (N, 784)}. State-dict names as the PyTorch twin
 * ({@code DeepAE} of {@code shared/bench/torch_bench.py}, {@code tools/pytorch/deep_ae.py}):
 * {@code enc.0.weight, enc.0.bias, enc.2.weight, ..., enc.6.bias, dec.0.weight, ..., dec.6.bias}.
 */
public final class DeepAutoEncoder extends Module {

    /**
     * @param widths encoder widths from the input to the code, e.g. {784, 1000, 500, 250, 30}; the decoder mirrors them
     * @param hidden nonlinearity after every Linear except the code layer and the output (SIGMOID or RELU, say)
     */
    public record Config(int[] widths, Activation.Kind hidden) {
        public Config {
            if (widths.length < 2) throw new IllegalArgumentException("DeepAutoEncoder: need at least input and code widths, got " + Arrays.toString(widths));
            for (int w : widths) if (w < 1) throw new IllegalArgumentException("DeepAutoEncoder: widths must be >= 1, got " + Arrays.toString(widths));
            if (hidden == null) throw new IllegalArgumentException("DeepAutoEncoder: hidden activation must not be null");
            widths = widths.clone();
        }

        /** Hinton and Salakhutdinov's MNIST net, 784-1000-500-250-30. */
        public static Config mnist(Activation.Kind hidden) {
            return new Config(new int[] {784, 1000, 500, 250, 30}, hidden);
        }
    }

    public final Config config;
    public final Sequential enc;
    public final Sequential dec;
    /** The encoder's Linear layers, input side first. */
    public final List<Linear> encoderLayers;
    /** The decoder's Linear layers, code side first. */
    public final List<Linear> decoderLayers;

    /** The net with PyTorch's default initialisation (the {@code --pretrain none} baseline). */
    public DeepAutoEncoder(Config config, Rng rng) {
        this.config = config;
        int[] w = config.widths();
        int depth = w.length - 1;
        List<Layer> e = new ArrayList<>(), d = new ArrayList<>();
        List<Linear> el = new ArrayList<>(), dl = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Linear l = new Linear(w[i], w[i + 1], rng);
            el.add(l);
            e.add(l);
            // s after every encoder layer but the last: the code is linear
            if (i < depth - 1) e.add(new Activation(config.hidden()));
        }
        for (int i = depth; i > 0; i--) {
            Linear l = new Linear(w[i], w[i - 1], rng);
            dl.add(l);
            d.add(l);
            // s between decoder layers, a sigmoid at the output (pixels in [0, 1])
            d.add(new Activation(i > 1 ? config.hidden() : Activation.Kind.SIGMOID));
        }
        this.enc = child("enc", new Sequential(e.toArray(Layer[]::new)));
        this.dec = child("dec", new Sequential(d.toArray(Layer[]::new)));
        this.encoderLayers = List.copyOf(el);
        this.decoderLayers = List.copyOf(dl);
    }

    /**
     * The net initialised from a stack of trained RBMs, bottom first (RBM i's visible units are RBM i-1's hidden
     * units): encoder layer i gets {@code weight = W_i} {@code (H_i, V_i)}, {@code bias = c_i}; the mirrored
     * decoder layer gets {@code weight = W_i^T} {@code (V_i, H_i)}, {@code bias = b_i}. Copies, so that fine-tuning
     * unties them. {@code rng} only feeds the default initialisation that is then overwritten.
     *
     * @throws IllegalArgumentException if the RBMs do not chain or do not match the widths
     */
    public static DeepAutoEncoder unroll(List<Rbm> rbms, Activation.Kind hidden, Rng rng) {
        if (rbms.isEmpty()) throw new IllegalArgumentException("DeepAutoEncoder.unroll: no RBMs");
        int[] widths = new int[rbms.size() + 1];
        widths[0] = rbms.get(0).config.visible();
        for (int i = 0; i < rbms.size(); i++) {
            Rbm r = rbms.get(i);
            if (r.config.visible() != widths[i]) {
                throw new IllegalArgumentException("DeepAutoEncoder.unroll: RBM " + (i + 1) + " has " + r.config.visible()
                        + " visible units but RBM " + i + " has " + widths[i] + " hidden units");
            }
            widths[i + 1] = r.config.hidden();
        }
        DeepAutoEncoder ae = new DeepAutoEncoder(new Config(widths, hidden), rng);
        int depth = rbms.size();
        try (GradMode.Scope s = GradMode.off()) {
            for (int i = 0; i < depth; i++) {
                Rbm r = rbms.get(i);
                Linear e = ae.encoderLayers.get(i), d = ae.decoderLayers.get(depth - 1 - i);
                // encoder: W_i, c_i
                copy(r.weight, e.weight);
                copy(r.hiddenBias, e.bias);
                // decoder: W_i^T, b_i
                copy(r.weight.t(), d.weight);
                copy(r.visibleBias, d.bias);
            }
        }
        return ae;
    }

    private static void copy(Tensor from, Tensor to) {
        System.arraycopy(from.data(), 0, to.data(), 0, to.numel());
    }

    /** {@code z = enc(x)}: {@code (N, widths[0]) -> (N, code)}. */
    public Tensor encode(Tensor x) {
        return enc.forward(x);
    }

    /** {@code x' = dec(z)}: {@code (N, code) -> (N, widths[0])}. */
    public Tensor decode(Tensor z) {
        return dec.forward(z);
    }

    /** {@code x' = dec(enc(x))}. */
    public Tensor forward(Tensor x) {
        return decode(encode(x));
    }
}

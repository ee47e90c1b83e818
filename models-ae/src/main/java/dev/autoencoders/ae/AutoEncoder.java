package dev.autoencoders.ae;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Layer;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Sequential;
import dev.autoencoders.nn.TiedLinear;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The classic autoencoder: an MLP encoder {@code g: x -> z} and a mirrored decoder {@code h: z -> x'}, trained to
 * reproduce its input. In post 000's notation for one hidden layer, {@code y = s(W x + b)} and
 * {@code z = s(W' y + b')}; with tied weights {@code W' = W^T} (one parameter, gradients of both uses summed).
 *
 * <p>Shapes: {@code x: (N, widths[0]) -> code: (N, widths[last]) -> reconstruction: (N, widths[0])}.
 * State-dict names as the PyTorch twin {@code nn.Sequential}s: {@code encoder.0.weight}, ..., {@code decoder.0.bias}.
 */
public final class AutoEncoder extends Module {

    /**
     * @param widths encoder widths from the input to the code, e.g. {784, 256, 32}; the decoder mirrors them
     * @param hidden nonlinearity between layers
     * @param code   nonlinearity at the code (IDENTITY for a linear code)
     * @param output nonlinearity of the reconstruction (SIGMOID for pixels in [0, 1])
     * @param tied   decoder weights are the encoder weights transposed
     */
    public record Config(int[] widths, Activation.Kind hidden, Activation.Kind code, Activation.Kind output, boolean tied) {
        public Config {
            if (widths.length < 2) throw new IllegalArgumentException("AutoEncoder: need at least input and code widths, got " + Arrays.toString(widths));
            for (int w : widths) if (w < 1) throw new IllegalArgumentException("AutoEncoder: widths must be >= 1, got " + Arrays.toString(widths));
        }

        /** The {@code ae} command's net: 784-256-32-256-784, ReLU, linear code, sigmoid output. */
        public static Config mnist(boolean tied) {
            return new Config(new int[] {784, 256, 32}, Activation.Kind.RELU, Activation.Kind.IDENTITY, Activation.Kind.SIGMOID, tied);
        }
    }

    public final Config config;
    public final Sequential encoder;
    public final Sequential decoder;

    public AutoEncoder(Config config, Rng rng) {
        this.config = config;
        int[] w = config.widths();
        int depth = w.length - 1;
        List<Layer> enc = new ArrayList<>();
        List<Linear> encLinears = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Linear l = new Linear(w[i], w[i + 1], rng);
            encLinears.add(l);
            enc.add(l);
            Activation.Kind act = i < depth - 1 ? config.hidden() : config.code();
            if (act != Activation.Kind.IDENTITY) enc.add(new Activation(act));
        }
        List<Layer> dec = new ArrayList<>();
        for (int i = depth; i > 0; i--) {
            dec.add(config.tied() ? new TiedLinear(encLinears.get(i - 1), rng) : new Linear(w[i], w[i - 1], rng));
            Activation.Kind act = i > 1 ? config.hidden() : config.output();
            if (act != Activation.Kind.IDENTITY) dec.add(new Activation(act));
        }
        this.encoder = child("encoder", new Sequential(enc.toArray(Layer[]::new)));
        this.decoder = child("decoder", new Sequential(dec.toArray(Layer[]::new)));
    }

    /** {@code z = g(x)}: {@code (N, in) -> (N, code)}. */
    public Tensor encode(Tensor x) {
        return encoder.forward(x);
    }

    /** {@code x' = h(z)}: {@code (N, code) -> (N, in)}. */
    public Tensor decode(Tensor z) {
        return decoder.forward(z);
    }

    /** {@code x' = h(g(x))}. */
    public Tensor forward(Tensor x) {
        return decode(encode(x));
    }
}

package dev.autoencoders.ae;

import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * Post 003's convolutional autoencoder for 28x28 images in [-1, 1] (Fashion-MNIST normalised with mean 0.5 and
 * std 0.5): {@link ConvEncoder} {@code (N, 1, 28, 28) -> (N, 8, 2, 2)}, then a {@link ConvDecoder}
 * {@code (N, 8, 2, 2) -> (N, 1, 28, 28)}, tanh output. The spatial sizes run 28 -> 10 -> 5 -> 3 -> 2 in the encoder
 * and, with transposed convolutions, 2 -> 5 -> 15 -> 28 in the decoder. With {@link Decoder#CONV_TRANSPOSE} it has
 * 5,729 parameters and the state-dict names of the PyTorch twin {@code ConvAE}: {@code enc.0.weight}, {@code enc.0.bias},
 * {@code enc.3.*}, {@code dec.0.*}, {@code dec.2.*}, {@code dec.4.*}.
 */
public final class ConvAutoEncoder extends Module {

    /** Which decoder. */
    public enum Decoder {
        /** Post 003's: transposed convolutions only ({@link TransposedConvDecoder}), 5,729 parameters in all. */
        CONV_TRANSPOSE,
        /** The mirror of the encoder: max-unpooling by the pooling indices and transposed convolutions ({@link UnpoolDecoder}), 3,273 parameters in all. */
        UNPOOL
    }

    public final Decoder decoderKind;
    public final ConvEncoder enc;
    public final ConvDecoder dec;

    public ConvAutoEncoder(Decoder decoder, Rng rng) {
        if (decoder == null) throw new IllegalArgumentException("ConvAutoEncoder: decoder must be given");
        this.decoderKind = decoder;
        this.enc = child("enc", new ConvEncoder(rng));
        this.dec = child("dec", decoder == Decoder.CONV_TRANSPOSE ? new TransposedConvDecoder(rng) : new UnpoolDecoder(rng));
    }

    /** {@code x: (N, 1, 28, 28) -> z: (N, 8, 2, 2)} with the pooling indices. */
    public ConvEncoder.Code encode(Tensor x) {
        return enc.encode(x);
    }

    /** {@code z: (N, 8, 2, 2) -> x': (N, 1, 28, 28)}. */
    public Tensor decode(ConvEncoder.Code code) {
        return dec.decode(code);
    }

    /** The reconstruction {@code x' = dec(enc(x))}: {@code (N, 1, 28, 28) -> (N, 1, 28, 28)}. */
    public Tensor forward(Tensor x) {
        return decode(encode(x));
    }
}

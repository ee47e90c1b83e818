package dev.autoencoders.ae;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.ConvTranspose2d;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * Post 003's decoder: three transposed convolutions, each with the output size
 * {@code (H - 1) s - 2p + k}:
 * <pre>
 *   z                                          (N,  8,  2,  2)
 *   0  ConvTranspose2d(8 -> 16, k 3, s 2)      (N, 16,  5,  5)    (2 - 1) 2 + 3 = 5
 *   1  ReLU
 *   2  ConvTranspose2d(16 -> 8, k 5, s 3, p 1) (N,  8, 15, 15)    (5 - 1) 3 - 2 + 5 = 15
 *   3  ReLU
 *   4  ConvTranspose2d(8 -> 1, k 2, s 2, p 1)  (N,  1, 28, 28)    (15 - 1) 2 - 2 + 2 = 28
 *   5  Tanh
 * </pre>
 * It ignores the pooling indices. State-dict names {@code dec.0.weight}, {@code dec.2.weight}, {@code dec.4.weight} and
 * their biases.
 */
public final class TransposedConvDecoder extends ConvDecoder {
    public final ConvTranspose2d deconv1;
    public final ConvTranspose2d deconv2;
    public final ConvTranspose2d deconv3;

    public TransposedConvDecoder(Rng rng) {
        this.deconv1 = child("0", new ConvTranspose2d(8, 16, 3, 2, 0, 0, rng));
        child("1", Activation.relu());
        this.deconv2 = child("2", new ConvTranspose2d(16, 8, 5, 3, 1, 0, rng));
        child("3", Activation.relu());
        this.deconv3 = child("4", new ConvTranspose2d(8, 1, 2, 2, 1, 0, rng));
        child("5", Activation.tanh());
    }

    @Override
    public Tensor decode(ConvEncoder.Code code) {
        // (N, 8, 2, 2) -> (N, 16, 5, 5)
        Tensor h = deconv1.forward(code.z()).relu();
        // (N, 16, 5, 5) -> (N, 8, 15, 15)
        h = deconv2.forward(h).relu();
        // (N, 8, 15, 15) -> (N, 1, 28, 28)
        return deconv3.forward(h).tanh();
    }
}

package dev.autoencoders.ae;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.ConvTranspose2d;
import dev.autoencoders.nn.MaxUnpool2d;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * The decoder that mirrors the encoder (the variant post 003 mentions and leaves out): where the encoder
 * max-pooled, it max-unpools by the pooling indices (each value goes back to where its maximum was, zeros
 * elsewhere); where the encoder convolved, it applies a transposed convolution; the ReLU sits after the inner
 * convolution as in the encoder:
 * <pre>
 *   z                                           (N,  8,  2,  2)
 *   0  MaxUnpool2d(2, s 1) by layer 5's indices (N,  8,  3,  3)    (2 - 1) 1 + 2 = 3
 *   1  ConvTranspose2d(8 -> 16, k 3, s 2, p 1)  (N, 16,  5,  5)    (3 - 1) 2 - 2 + 3 = 5
 *   2  ReLU
 *   3  MaxUnpool2d(2, s 2) by layer 2's indices (N, 16, 10, 10)    (5 - 1) 2 + 2 = 10
 *   4  ConvTranspose2d(16 -> 1, k 7, s 3, p 3)  (N,  1, 28, 28)    (10 - 1) 3 - 6 + 7 = 28
 *   5  Tanh
 * </pre>
 * Layer 1 has the shape of the encoder's layer 3 (the exact transpose). Layer 4 does not copy the shape of the
 * encoder's layer 0 (k 3, s 3, p 1): after unpooling, three of every four positions of the 10x10 map are zero, and a
 * kernel no wider than its stride paints each 3x3 output block from one position only, so the image comes out in
 * blocks (test MSE 0.22 in the PyTorch twin, against 0.084 for the post's decoder). A 7x7 kernel at stride 3 lets
 * each position reach its neighbours' blocks and fill the holes; padding 3 keeps the output at 28x28.
 *
 * <p>This decoder reads more than the code z: the pooling indices describe the input too (which of the 4 positions
 * of each window held the maximum, 16 * 25 + 8 * 4 choices of 2 bits per image).
 *
 * <p>State-dict names {@code dec.1.weight}, {@code dec.1.bias}, {@code dec.4.weight}, {@code dec.4.bias} (the PyTorch
 * twin holds these layers in an {@code nn.ModuleList}, since unpooling takes the indices as a second input).
 */
public final class UnpoolDecoder extends ConvDecoder {
    public final MaxUnpool2d unpool2;
    public final ConvTranspose2d deconv2;
    public final MaxUnpool2d unpool1;
    public final ConvTranspose2d deconv1;

    public UnpoolDecoder(Rng rng) {
        this.unpool2 = child("0", new MaxUnpool2d(2, 1, 0));
        this.deconv2 = child("1", new ConvTranspose2d(8, 16, 3, 2, 1, 0, rng));
        child("2", Activation.relu());
        this.unpool1 = child("3", new MaxUnpool2d(2, 2, 0));
        this.deconv1 = child("4", new ConvTranspose2d(16, 1, 7, 3, 3, 0, rng));
        child("5", Activation.tanh());
    }

    @Override
    public Tensor decode(ConvEncoder.Code code) {
        // (N, 8, 2, 2) -> (N, 8, 3, 3): back to where the maxima of the second pooling were
        Tensor h = unpool2.forward(code.z(), code.pool2Indices(), 3, 3);
        // (N, 8, 3, 3) -> (N, 16, 5, 5)
        h = deconv2.forward(h).relu();
        // (N, 16, 5, 5) -> (N, 16, 10, 10): back to where the maxima of the first pooling were
        h = unpool1.forward(h, code.pool1Indices(), 10, 10);
        // (N, 16, 10, 10) -> (N, 1, 28, 28)
        return deconv1.forward(h).tanh();
    }
}

package dev.autoencoders.ae;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.MaxPool2d;
import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Pooling;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * The encoder of post 003's convolutional autoencoder (after L1aoXingyu's pytorch-beginner
 * {@code conv_autoencoder.py}), layer by layer with the output size {@code floor((H + 2p - k)/s) + 1} of each:
 * <pre>
 *   x                                   (N,  1, 28, 28)
 *   0  Conv2d(1 -> 16, k 3, s 3, p 1)   (N, 16, 10, 10)    floor((28 + 2 - 3)/3) + 1 = 10
 *   1  ReLU
 *   2  MaxPool2d(2, s 2)                (N, 16,  5,  5)    floor((10 - 2)/2) + 1 = 5
 *   3  Conv2d(16 -> 8, k 3, s 2, p 1)   (N,  8,  3,  3)    floor((5 + 2 - 3)/2) + 1 = 3
 *   4  ReLU
 *   5  MaxPool2d(2, s 1)                (N,  8,  2,  2)    floor((3 - 2)/1) + 1 = 2
 * </pre>
 * The children are named {@code 0..5} as PyTorch's {@code nn.Sequential}, so the state-dict names are
 * {@code enc.0.weight}, {@code enc.0.bias}, {@code enc.3.weight}, {@code enc.3.bias}. The encoder keeps where each
 * maximum came from ({@link Code}), for a decoder that unpools.
 */
public final class ConvEncoder extends Module {

    /**
     * The code and what the pooling layers remember.
     *
     * @param z            the code {@code (N, 8, 2, 2)}
     * @param pool1Indices argmax of layer 2, flat within each 10x10 plane, one per element of its {@code (N, 16, 5, 5)} output
     * @param pool2Indices argmax of layer 5, flat within each 3x3 plane, one per element of z
     */
    public record Code(Tensor z, int[] pool1Indices, int[] pool2Indices) {}

    public final Conv2d conv1;
    public final MaxPool2d pool1;
    public final Conv2d conv2;
    public final MaxPool2d pool2;

    public ConvEncoder(Rng rng) {
        this.conv1 = child("0", new Conv2d(1, 16, 3, 3, 1, rng));
        child("1", Activation.relu());
        this.pool1 = child("2", new MaxPool2d(2, 2));
        this.conv2 = child("3", new Conv2d(16, 8, 3, 2, 1, rng));
        child("4", Activation.relu());
        this.pool2 = child("5", new MaxPool2d(2, 1));
    }

    /** {@code x: (N, 1, 28, 28) -> z: (N, 8, 2, 2)}, with the pooling indices. */
    public Code encode(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != 1 || x.dim(2) != 28 || x.dim(3) != 28) {
            throw new ShapeException("ConvAutoEncoder", "expects images (N, 1, 28, 28)", x.shape());
        }
        // (N, 1, 28, 28) -> (N, 16, 10, 10)
        Tensor h = conv1.forward(x).relu();
        // (N, 16, 10, 10) -> (N, 16, 5, 5)
        Pooling.Pooled p1 = pool1.forwardWithIndices(h);
        // (N, 16, 5, 5) -> (N, 8, 3, 3)
        h = conv2.forward(p1.output()).relu();
        // (N, 8, 3, 3) -> (N, 8, 2, 2)
        Pooling.Pooled p2 = pool2.forwardWithIndices(h);
        return new Code(p2.output(), p1.indices(), p2.indices());
    }
}

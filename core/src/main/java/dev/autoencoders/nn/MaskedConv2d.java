package dev.autoencoders.nn;

import dev.autoencoders.lab.Lab;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Convolution;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * A convolution whose kernel is multiplied by a fixed 0/1 mask, {@code y = (W . M) * x + b}, so that an output
 * position sees only the inputs before it in raster order (PixelCNN, van den Oord et al. 2016). For a k x k
 * kernel with centre {@code (c, c)}, {@code c = k / 2}, the mask is 1 on the rows above the centre and on the
 * centre row left of the centre; type A also masks the centre itself (first layer: a pixel must not see itself),
 * type B keeps it (later layers). For k = 5:
 * <pre>
 *   type A          type B
 *   1 1 1 1 1       1 1 1 1 1
 *   1 1 1 1 1       1 1 1 1 1
 *   1 1 0 0 0       1 1 1 0 0
 *   0 0 0 0 0       0 0 0 0 0
 *   0 0 0 0 0       0 0 0 0 0
 * </pre>
 * The mask is a buffer named {@code mask} with the weight's shape, as in the PyTorch twin. Gradient: since
 * {@code d(W . M)/dW = M}, masked weights receive zero gradient and stay as initialised.
 */
public final class MaskedConv2d extends Conv2d {
    /** Whether the centre tap is masked (A) or kept (B). */
    public enum Type { A, B }

    public final Type type;
    public final Tensor mask;
    private final boolean[] taps;

    public MaskedConv2d(Type type, int in, int out, int k, int padding, Rng rng) {
        super(in, out, k, 1, padding, rng);
        this.type = type;
        this.mask = buffer("mask", mask(type, out, in, k));
        this.taps = new boolean[k * k];
        for (int i = 0; i < taps.length; i++) taps[i] = mask.data()[i] != 0;
    }

    /** The mask tensor {@code (out, in, k, k)}. */
    public static Tensor mask(Type type, int out, int in, int k) {
        double[] m = new double[out * in * k * k];
        int c = k / 2;
        for (int o = 0; o < out * in; o++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    // @lab pixelcnn begin
                    boolean visible = i < c || (i == c && (type == Type.A ? j < c : j <= c));
                    // @lab pixelcnn end -> boolean visible = Lab.todo("pixelcnn", "MaskedConv2d.mask");
                    m[(o * k + i) * k + j] = visible ? 1 : 0;
                }
            }
        }
        return Tensor.of(m, out, in, k, k);
    }

    /** Which of the k x k taps the mask keeps ({@code taps[i*k + j]}); the same for every channel pair. */
    public boolean[] taps() {
        return taps.clone();
    }

    @Override
    protected boolean[] kernelTaps() {
        return taps;
    }

    /** A loaded {@code mask} must be this layer's type's mask: the convolution uses the type's taps. */
    @Override
    protected void checkLoadedState() {
        double[] expected = mask(type, out, in, k).data();
        if (!java.util.Arrays.equals(expected, mask.data())) {
            throw new IllegalStateException("layer " + path() + ": the loaded mask is not the type-" + type + " mask of a " + k + "x" + k + " kernel");
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            // y = (W . M) * x + b: masked taps contribute nothing and get no gradient
            return Convolution.maskedConv2d(x, weight, bias, stride, padding, taps);
        } catch (ShapeException e) {
            throw new ShapeException("layer " + path() + " " + describe() + ": " + e.getMessage());
        }
    }

    @Override
    protected String describe() {
        return "MaskedConv2d(" + type + ", " + in + ", " + out + ", k=" + k + ")";
    }
}

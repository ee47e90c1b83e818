package dev.autoencoders.data;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;

/**
 * Pixel transforms applied to data before training. Each returns a new tensor (a leaf without gradient) and
 * leaves its input untouched; apply one to a data set with
 * {@code ds.withImages(Transforms.toMinusOneOne(ds.images()))}, or to a batch.
 */
public final class Transforms {
    private Transforms() {}

    /**
     * Bytes to [0, 1]: {@code x = b / 255} (torchvision's {@code ToTensor}), shaped as given.
     * Every loaded {@link Dataset} is already in this form.
     */
    public static Tensor toUnitInterval(byte[] pixels, int... shape) {
        double[] x = new double[pixels.length];
        // x = b / 255
        for (int i = 0; i < x.length; i++) x[i] = (pixels[i] & 0xff) / 255.0;
        return Tensor.of(x, shape);
    }

    /** [0, 1] to [-1, 1]: {@code y = 2x - 1} (torchvision's {@code Normalize(0.5, 0.5)}); any shape. */
    public static Tensor toMinusOneOne(Tensor x) {
        double[] a = x.data(), y = new double[a.length];
        // y = 2x - 1
        for (int i = 0; i < a.length; i++) y[i] = 2 * a[i] - 1;
        return Tensor.of(y, x.shape());
    }

    /** [-1, 1] back to [0, 1]: {@code x = (y + 1) / 2}, e.g. before saving an image grid; any shape. */
    public static Tensor fromMinusOneOne(Tensor y) {
        double[] a = y.data(), x = new double[a.length];
        // x = (y + 1) / 2
        for (int i = 0; i < a.length; i++) x[i] = (a[i] + 1) / 2;
        return Tensor.of(x, y.shape());
    }

    /** Deterministic binarization: {@code y = 1 if x > threshold else 0} (PyTorch {@code (x > t).float()}); any shape. */
    public static Tensor binarize(Tensor x, double threshold) {
        double[] a = x.data(), y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] > threshold ? 1 : 0;
        return Tensor.of(y, x.shape());
    }

    /**
     * Stochastic binarization: {@code y_i ~ Bernoulli(x_i)}, each pixel read as the probability of a 1
     * (as in the binarized-MNIST of the VAE literature); one {@code rng.bernoulli} draw per element, in order.
     *
     * @throws IllegalArgumentException if a value is outside [0, 1] (or NaN)
     */
    public static Tensor binarizeStochastic(Tensor x, Rng rng) {
        double[] a = x.data(), y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] >= 0 && a[i] <= 1)) {
                throw new IllegalArgumentException("binarizeStochastic: value " + a[i] + " at flat index " + i + " is not a probability in [0, 1]");
            }
            y[i] = rng.bernoulli(a[i]) ? 1 : 0;
        }
        return Tensor.of(y, x.shape());
    }

    /**
     * Random crop of each image, like torchvision's {@code RandomCrop(size)}:
     * {@code x: (N, C, H, W) -> y: (N, C, h, w)} with {@code y[n, c, r, s] = x[n, c, top_n + r, left_n + s]},
     * the offsets drawn per image in order {@code top_n = rng.nextInt(H - h + 1)}, {@code left_n = rng.nextInt(W - w + 1)}.
     *
     * @throws ShapeException if x is not rank 4 or the crop is larger than the image or smaller than 1
     */
    public static Tensor randomCrop(Tensor x, int h, int w, Rng rng) {
        if (x.rank() != 4) throw new ShapeException("randomCrop", "input must be (N, C, H, W)", x.shape());
        int n = x.dim(0), c = x.dim(1), hh = x.dim(2), ww = x.dim(3);
        if (h < 1 || w < 1 || h > hh || w > ww) {
            throw new ShapeException("randomCrop", "crop " + h + "x" + w + " does not fit in the image", x.shape());
        }
        double[] a = x.data(), y = new double[n * c * h * w];
        for (int i = 0; i < n; i++) {
            int top = rng.nextInt(hh - h + 1);
            int left = rng.nextInt(ww - w + 1);
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    int src = ((i * c + ch) * hh + top + r) * ww + left;
                    int dst = ((i * c + ch) * h + r) * w;
                    System.arraycopy(a, src, y, dst, w);
                }
            }
        }
        return Tensor.of(y, n, c, h, w);
    }
}

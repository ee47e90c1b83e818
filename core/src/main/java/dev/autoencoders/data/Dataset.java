package dev.autoencoders.data;

import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;

/**
 * A labelled image data set held in memory: images {@code (N, C, H, W)} (MNIST: {@code (N, 1, 28, 28)}) with
 * pixels in [0, 1] (the stored byte divided by 255), and one integer label per image.
 *
 * <p>The images tensor is a plain leaf (no gradient); the data set owns its backing array, so transforms
 * ({@link Transforms}) return new tensors and {@link #withImages(Tensor)} wraps them into a new data set.
 */
public final class Dataset {
    private final String name;
    private final Tensor images;
    private final int[] labels;

    /**
     * @param name   shown in messages and metrics, e.g. {@code mnist-10k/train}
     * @param images {@code (N, C, H, W)}
     * @param labels N labels (copied)
     * @throws ShapeException if images is not rank 4 or the label count differs from N
     */
    public Dataset(String name, Tensor images, int[] labels) {
        if (images.rank() != 4) throw new ShapeException("Dataset " + name, "images must be (N, C, H, W)", images.shape());
        if (labels.length != images.dim(0)) {
            throw new ShapeException("Dataset " + name + ": " + labels.length + " labels for images " + Arrays.toString(images.shape()));
        }
        this.name = name;
        this.images = images;
        this.labels = labels.clone();
    }

    /**
     * Decoded IDX images and labels as a data set: pixel {@code x = byte / 255}, shape {@code (N, 1, rows, cols)}.
     *
     * @throws ShapeException if the counts differ (callers that read files check this first, naming the files)
     */
    public static Dataset fromIdx(String name, Idx.Images idx, int[] labels) {
        return new Dataset(name, Transforms.toUnitInterval(idx.pixels(), idx.count(), 1, idx.rows(), idx.cols()), labels);
    }

    public String name() {
        return name;
    }

    /** The images {@code (N, C, H, W)}; the tensor is owned by this data set: do not write into it. */
    public Tensor images() {
        return images;
    }

    /** A copy of the labels (N). */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** N, the number of images. */
    public int size() {
        return images.dim(0);
    }

    public int channels() {
        return images.dim(1);
    }

    public int height() {
        return images.dim(2);
    }

    public int width() {
        return images.dim(3);
    }

    /** Values per image, {@code C * H * W} (784 for MNIST). */
    public int features() {
        return channels() * height() * width();
    }

    /** The images as rows for an MLP: {@code (N, C, H, W) -> (N, C*H*W)}, a view sharing the data. */
    public Tensor flat() {
        return images.reshape(size(), features());
    }

    /** The images at the given indices, in that order (copied): {@code (N, C, H, W) -> (K, C, H, W)}. */
    public Dataset subset(int[] indices) {
        int d = features(), n = size();
        double[] src = images.data();
        double[] x = new double[indices.length * d];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Dataset " + name + ": index " + i + " outside [0, " + n + ")");
            System.arraycopy(src, i * d, x, k * d, d);
            y[k] = labels[i];
        }
        return new Dataset(name, Tensor.of(x, indices.length, channels(), height(), width()), y);
    }

    /** The first {@code min(n, size())} images. */
    public Dataset take(int n) {
        if (n < 0) throw new IllegalArgumentException("Dataset " + name + ": take(" + n + "): n must be >= 0");
        int k = Math.min(n, size());
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) idx[i] = i;
        return subset(idx);
    }

    /** The same labels with new images (e.g. transformed); {@code images: (N, C', H', W')} with the same N. */
    public Dataset withImages(Tensor newImages) {
        return new Dataset(name, newImages, labels);
    }

    @Override
    public String toString() {
        return "Dataset " + name + " " + Arrays.toString(images.shape());
    }
}

package dev.autoencoders.data;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;

/** Random square patches of images, the training data of the sparse autoencoder (post 003's 10x10 crops). */
public final class Crops {
    private Crops() {}

    /** Images cropped per chunk, so that the selected full images never all sit in memory at once. */
    private static final int CHUNK = 1000;

    /**
     * {@code n} random {@code size x size} crops, flattened: {@code images: (N, 1, H, W) -> (n, size*size)}. Crop k
     * comes from image {@code i_k = rng.nextInt(N)} (uniform, with replacement) at a uniform position; the draws are all
     * n image indices first, then, chunk by chunk, the positions as {@link Transforms#randomCrop} draws them.
     *
     * @throws IllegalArgumentException if n < 1 or the crop does not fit the images
     */
    public static Tensor draw(Tensor images, int n, int size, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("Crops: the number of crops must be >= 1, got " + n);
        if (size < 1 || size > images.dim(2) || size > images.dim(3)) {
            throw new IllegalArgumentException("Crops: a " + size + "x" + size + " crop does not fit images of " + images.dim(2) + "x" + images.dim(3));
        }
        int[] which = new int[n];
        for (int k = 0; k < n; k++) which[k] = rng.nextInt(images.dim(0));
        int d = size * size;
        double[] out = new double[n * d];
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            int[] chunk = java.util.Arrays.copyOfRange(which, start, end);
            // (chunk, 1, H, W) -> (chunk, 1, size, size)
            Tensor c = Transforms.randomCrop(Reshaping.indexSelect(images, chunk), size, size, rng);
            System.arraycopy(c.data(), 0, out, start * d, (end - start) * d);
        }
        return Tensor.of(out, n, d);
    }
}

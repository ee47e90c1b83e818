package dev.autoencoders.data;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches over a data set, like PyTorch's {@code DataLoader(dataset, batch_size, shuffle, drop_last)}.
 *
 * <p>Each epoch is one pass in the order of a permutation drawn from the seeded {@link Rng} when the epoch is
 * created ({@link #shuffled(Rng)}: exactly one {@code rng.permutation(N)} call), or in the stored order
 * ({@link #inOrder()}, for evaluation). Batch {@code k} holds the images at positions
 * {@code [k*B, min((k+1)*B, N))} of that order; the last, smaller batch is kept unless {@code dropLast}.
 * Same seed, same batches, bit for bit. An epoch gives random access to its batches, so a run resumed
 * mid-epoch can recreate the epoch from the saved generator state and continue at batch {@code k}.
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final boolean dropLast;

    /**
     * One batch: {@code images: (B, C, H, W)}, their labels (B), and their indices into the data set (B).
     */
    public record Batch(Tensor images, int[] labels, int[] indices) {
        /** B, the number of images in this batch. */
        public int size() {
            return images.dim(0);
        }

        /** The images as rows: {@code (B, C, H, W) -> (B, C*H*W)}, a view. */
        public Tensor flat() {
            return images.reshape(images.dim(0), -1);
        }
    }

    /**
     * @param batchSize B >= 1
     * @param dropLast  drop the last batch when it has fewer than B images (PyTorch's {@code drop_last})
     */
    public Batches(Dataset data, int batchSize, boolean dropLast) {
        if (batchSize < 1) throw new IllegalArgumentException("Batches: batch size must be >= 1, got " + batchSize);
        this.data = data;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    /** Batches of size B, keeping the last partial batch. */
    public Batches(Dataset data, int batchSize) {
        this(data, batchSize, false);
    }

    public Dataset data() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch: {@code floor(N / B)} with dropLast, else {@code ceil(N / B)}. */
    public int count() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** A new epoch in a random order: draws {@code rng.permutation(N)} now. */
    public Epoch shuffled(Rng rng) {
        return new Epoch(rng.permutation(data.size()));
    }

    /** An epoch in the stored order 0..N-1 (no randomness). */
    public Epoch inOrder() {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        return new Epoch(order);
    }

    /** One pass over the data in a fixed order. */
    public final class Epoch implements Iterable<Batch> {
        private final int[] order;

        private Epoch(int[] order) {
            this.order = order;
        }

        /** A copy of this epoch's order of the data set indices. */
        public int[] order() {
            return order.clone();
        }

        /** Number of batches, {@link Batches#count()}. */
        public int size() {
            return count();
        }

        /** Batch {@code k} (0-based): the images at positions {@code [k*B, min((k+1)*B, N))} of the order. */
        public Batch get(int k) {
            if (k < 0 || k >= count()) throw new IndexOutOfBoundsException("batch " + k + " outside [0, " + count() + ")");
            int from = k * batchSize, to = Math.min(from + batchSize, order.length);
            int[] idx = Arrays.copyOfRange(order, from, to);
            Dataset part = data.subset(idx);
            return new Batch(part.images(), part.labels(), idx);
        }

        /** The batches from {@code first} on (for a run resumed mid-epoch). */
        public Iterable<Batch> from(int first) {
            if (first < 0 || first > count()) throw new IndexOutOfBoundsException("first batch " + first + " outside [0, " + count() + "]");
            return () -> new Iterator<>() {
                private int k = first;

                @Override
                public boolean hasNext() {
                    return k < count();
                }

                @Override
                public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return get(k++);
                }
            };
        }

        @Override
        public Iterator<Batch> iterator() {
            return from(0).iterator();
        }
    }
}

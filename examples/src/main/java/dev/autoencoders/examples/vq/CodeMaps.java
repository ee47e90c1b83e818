package dev.autoencoders.examples.vq;

import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import java.util.function.Function;

/** Code maps of whole data sets, and means over them, computed in chunks without a graph. */
final class CodeMaps {
    private CodeMaps() {}

    /** Images evaluated per chunk (bounds the memory of the convolution buffers). */
    static final int CHUNK = 250;

    /**
     * The code maps of all images {@code x: (N, 1, 28, 28)}, one array per level: {@code f} maps a chunk of images to
     * its code maps (one {@code int[]} per level, row-major per image); the chunks' maps are concatenated in order.
     */
    static int[][] codes(Tensor x, Function<Tensor, int[][]> f) {
        int n = x.dim(0);
        int[][] out = null;
        int[] pos = null;
        try (GradMode.Scope s = GradMode.off()) {
            for (int start = 0; start < n; start += CHUNK) {
                int end = Math.min(n, start + CHUNK);
                int[][] c = f.apply(x.slice(0, start, end));
                if (out == null) {
                    out = new int[c.length][];
                    pos = new int[c.length];
                    for (int l = 0; l < c.length; l++) out[l] = new int[c[l].length / (end - start) * n];
                }
                for (int l = 0; l < c.length; l++) {
                    System.arraycopy(c[l], 0, out[l], pos[l], c[l].length);
                    pos[l] += c[l].length;
                }
            }
        }
        return out;
    }

    /** The {@code per} codes of each example of {@code batch}, from code maps stored {@code per} codes per example. */
    static int[] select(int[] codes, int[] batch, int per) {
        int[] out = new int[batch.length * per];
        for (int i = 0; i < batch.length; i++) System.arraycopy(codes, batch[i] * per, out, i * per, per);
        return out;
    }

    /** The mean over N items of a quantity computed as a mean per chunk {@code [start, end)}, weighted by chunk size. */
    static double mean(int n, ChunkMean f) {
        double sum = 0;
        try (GradMode.Scope s = GradMode.off()) {
            for (int start = 0; start < n; start += CHUNK) {
                int end = Math.min(n, start + CHUNK);
                sum += f.mean(start, end) * (end - start);
            }
        }
        return sum / n;
    }

    /** The mean of some quantity over items {@code [start, end)}. */
    @FunctionalInterface
    interface ChunkMean {
        double mean(int start, int end);
    }
}

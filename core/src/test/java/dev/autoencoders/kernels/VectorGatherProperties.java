package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The vector gathers pack a gathered op(B) into exactly the panels of {@link Packing}'s loop, value for value (in
 * double, and rounded to float), for the widths of both micro-kernels and others, full and short last panels, and any block.
 */
class VectorGatherProperties {

    /**
     * Panel widths besides this machine's MR and NR: the tiles of other machines (6 rows, 8 or 16 columns), and widths
     * that are not a whole number of vectors on any machine (6 and 10 with 4 or 8 lanes, 12 with 8), whose last vector
     * overlaps the one before; 4 is narrower than an AVX-512 vector and goes through the loop there.
     */
    private static final int[] OTHER_WIDTHS = {4, 6, 8, 10, 12, 16, 24};

    @Property(tries = 300)
    void packsTheSamePanelsAsTheLoop(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int kc, @ForAll @IntRange(min = 1, max = 100) int count,
                                     @ForAll boolean floats, @ForAll boolean runs, @ForAll @IntRange(min = 0, max = 7) int widthChoice) {
        Assume.that(GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int k = kc + rng.nextInt(5), n = count + rng.nextInt(40), pc = rng.nextInt(k - kc + 1), jc = rng.nextInt(n - count + 1);
        double[] src = new double[500];
        for (int i = 0; i < src.length; i++) src[i] = rng.uniform(-1, 1);
        int[] rows = new int[k], cols = new int[n];
        for (int i = 0; i < k; i++) rows[i] = rng.nextInt(200);
        // random columns, or runs of adjacent ones (an image row read in place) with random jumps between them
        for (int j = 0; j < n; j++) cols[j] = runs && j > 0 && !rng.bernoulli(0.08) ? Math.min(199, cols[j - 1] + 1) : rng.nextInt(200);
        int bOff = rng.nextInt(100);
        GemmView g = GemmView.gathered(1, new double[k], 0, src, bOff, rows, cols, new double[n], 0, false);
        int width = widthChoice == 0 ? (floats ? VectorGemmFloat.NR : VectorGemm.NR) : OTHER_WIDTHS[widthChoice - 1];
        int length = Packing.packedLength(count, kc, width);
        if (floats) {
            // both start from garbage: every value of the panels is written
            float[] loop = new float[length], vector = new float[length];
            java.util.Arrays.fill(loop, Float.NaN);
            java.util.Arrays.fill(vector, 7f);
            Packing.packB(g, pc, kc, jc, count, width, loop);
            VectorGather.packB(g, pc, kc, jc, count, width, vector);
            assertThat(vector).isEqualTo(loop);
            assertThat(loop[0]).isEqualTo((float) src[bOff + rows[pc] + cols[jc]]);
        } else {
            double[] loop = new double[length], vector = new double[length];
            java.util.Arrays.fill(loop, Double.NaN);
            java.util.Arrays.fill(vector, 7.0);
            Packing.packB(g, pc, kc, jc, count, width, loop);
            VectorGather.packB(g, pc, kc, jc, count, width, vector);
            assertThat(vector).isEqualTo(loop);
            assertThat(loop[0]).isEqualTo(src[bOff + rows[pc] + cols[jc]]);
        }
    }

    /** A strided block (a transpose when the lines are not adjacent) packs into the same panels as Packing's loop. */
    @Property(tries = 300)
    void packsAStridedBlockAsTheLoop(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int kc, @ForAll @IntRange(min = 1, max = 70) int count,
                                    @ForAll @IntRange(min = 1, max = 30) int lineStride, @ForAll @IntRange(min = 1, max = 30) int kStride,
                                    @ForAll boolean floats, @ForAll boolean rowsOfA, @ForAll @IntRange(min = 0, max = 7) int widthChoice) {
        Assume.that(GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int off = rng.nextInt(50), size = off + (count - 1) * lineStride + (kc - 1) * kStride + 1;
        double[] src = new double[size];
        for (int i = 0; i < size; i++) src[i] = rng.uniform(-1, 1);
        // the widths of the kernels' A panels (MR) and B panels (NR), or another
        int width = widthChoice > 0 ? OTHER_WIDTHS[widthChoice - 1]
                : rowsOfA ? (floats ? VectorGemmFloat.MR : VectorGemm.MR) : (floats ? VectorGemmFloat.NR : VectorGemm.NR);
        int length = Packing.packedLength(count, kc, width);
        if (floats) {
            float[] loop = new float[length], vector = new float[length];
            java.util.Arrays.fill(loop, Float.NaN);
            java.util.Arrays.fill(vector, 7f);
            Packing.pack(src, off, lineStride, kStride, count, kc, width, loop);
            VectorGather.pack(src, off, lineStride, kStride, count, kc, width, vector);
            assertThat(vector).isEqualTo(loop);
        } else {
            double[] loop = new double[length], vector = new double[length];
            java.util.Arrays.fill(loop, Double.NaN);
            java.util.Arrays.fill(vector, 7.0);
            Packing.pack(src, off, lineStride, kStride, count, kc, width, loop);
            VectorGather.pack(src, off, lineStride, kStride, count, kc, width, vector);
            assertThat(vector).isEqualTo(loop);
        }
    }

    @Test
    void handComputedTranspose() {
        Assumptions.assumeTrue(GemmBackend.vectorAvailable());
        // an 8 x 3 row-major matrix, a[r][c] = 10 r + c, packed along its rows (lineStride 3, kStride 1) into one panel
        // of width 8, through the gathers: step p holds column p, rows 0 to 7 side by side
        double[] src = new double[24];
        for (int r = 0; r < 8; r++) for (int c = 0; c < 3; c++) src[r * 3 + c] = 10 * r + c;
        double[] dst = new double[24];
        VectorGather.pack(src, 0, 3, 1, 8, 3, 8, dst);
        assertThat(dst).containsExactly(
                0, 10, 20, 30, 40, 50, 60, 70,
                1, 11, 21, 31, 41, 51, 61, 71,
                2, 12, 22, 32, 42, 52, 62, 72);
    }
}

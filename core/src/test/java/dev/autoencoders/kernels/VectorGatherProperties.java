package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The vector gathers pack a gathered op(B) into exactly the panels of {@link Packing}'s loop, value for value (in
 * double, and rounded to float), for the widths of both micro-kernels, full and short last panels, and any block.
 */
class VectorGatherProperties {

    @Property(tries = 300)
    void packsTheSamePanelsAsTheLoop(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int kc, @ForAll @IntRange(min = 1, max = 100) int count,
                                     @ForAll boolean floats) {
        Assume.that(GemmBackend.vectorAvailable());
        Rng rng = new Rng(seed);
        int k = kc + rng.nextInt(5), n = count + rng.nextInt(40), pc = rng.nextInt(k - kc + 1), jc = rng.nextInt(n - count + 1);
        double[] src = new double[500];
        for (int i = 0; i < src.length; i++) src[i] = rng.uniform(-1, 1);
        int[] rows = new int[k], cols = new int[n];
        for (int i = 0; i < k; i++) rows[i] = rng.nextInt(200);
        for (int j = 0; j < n; j++) cols[j] = rng.nextInt(200);
        int bOff = rng.nextInt(100);
        GemmView g = GemmView.gathered(1, new double[k], 0, src, bOff, rows, cols, new double[n], 0, false);
        int width = floats ? VectorGemmFloat.NR : VectorGemm.NR;
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
}

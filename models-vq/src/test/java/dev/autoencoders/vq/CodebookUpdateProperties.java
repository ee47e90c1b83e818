package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/** The EMA codebook update and the dead-code restart. */
class CodebookUpdateProperties {

    /** Encoder outputs {@code (1, D, 1, M)}: M vectors of size D. */
    private static Tensor vectors(Rng rng, int d, int m) {
        return Tensor.uniform(rng, -1, 1, 1, d, 1, m);
    }

    /**
     * The batch's cluster sizes n_k (before smoothing) sum to the number M of encoder vectors; the EMA sizes then
     * follow {@code sum N' = gamma sum N + (1 - gamma) M}, and the Laplace-smoothed sizes keep the total {@code n}.
     */
    @Property(tries = 100)
    void clusterSizesBeforeSmoothingSumToTheBatch(@ForAll @IntRange(min = 1, max = 10) int k, @ForAll @IntRange(min = 1, max = 4) int d,
                                                  @ForAll @IntRange(min = 1, max = 40) int m, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double gamma = rng.uniform(0, 0.999), eps = rng.bernoulli(0.5) ? 0 : 1e-5;
        VectorQuantizer vq = new VectorQuantizer(VectorQuantizer.Config.ema(k, d).withDecay(gamma).withEpsilon(eps), rng);
        for (int c = 0; c < k; c++) vq.clusterSize.data()[c] = rng.uniform(0, 3); // some history
        Quantization q = vq.quantize(vectors(rng, d, m));
        long[] n = CodeUsage.counts(q.codes(), k);
        long total = 0;
        for (long v : n) total += v;
        assertThat(total).isEqualTo(m);
        double before = sum(vq.clusterSize.data());
        vq.update(q, rng);
        assertThat(sum(vq.clusterSize.data())).isCloseTo(gamma * before + (1 - gamma) * m, within(1e-9 * (before + m)));
        assertThat(sum(EmaCodebook.laplaceSmoothed(vq.clusterSize.data(), 1e-3))).isCloseTo(sum(vq.clusterSize.data()), within(1e-9 * (before + m)));
        for (double v : vq.weight.data()) assertThat(v).isFinite();
    }

    /** With decay 0 (and no smoothing) each code that was chosen becomes the mean of the vectors that chose it. */
    @Property(tries = 100)
    @Tag("lab-vq")
    void withDecayZeroACodeBecomesTheMeanOfItsVectors(@ForAll @IntRange(min = 1, max = 10) int k, @ForAll @IntRange(min = 1, max = 4) int d,
                                                      @ForAll @IntRange(min = 1, max = 40) int m, @ForAll long seed) {
        Rng rng = new Rng(seed);
        VectorQuantizer vq = new VectorQuantizer(VectorQuantizer.Config.ema(k, d).withDecay(0).withEpsilon(0), rng);
        for (int i = 0; i < vq.weight.numel(); i++) vq.weight.data()[i] = rng.uniform(-1, 1);
        double[] before = vq.weight.data().clone();
        Quantization q = vq.quantize(vectors(rng, d, m));
        vq.update(q, rng);
        int[] codes = q.codes();
        double[] z = q.vectors().data();
        for (int c = 0; c < k; c++) {
            double[] mean = new double[d];
            int count = 0;
            for (int i = 0; i < m; i++) {
                if (codes[i] != c) continue;
                count++;
                for (int j = 0; j < d; j++) mean[j] += z[i * d + j];
            }
            for (int j = 0; j < d; j++) {
                double want = count == 0 ? before[c * d + j] : mean[j] / count; // an unchosen code keeps its vector: no 0 / 0
                assertThat(vq.weight.data()[c * d + j]).as("code %d of %d, %d vectors", c, k, count).isCloseTo(want, within(1e-12));
            }
        }
    }

    /** The smoothing by hand: N = (3, 1, 0), eps = 0.5: n = 4, N~ = (3.5, 1.5, 0.5) / 5.5 * 4. */
    @Example
    void laplaceSmoothingByHand() {
        double[] s = EmaCodebook.laplaceSmoothed(new double[] {3, 1, 0}, 0.5);
        assertThat(s[0]).isCloseTo(3.5 / 5.5 * 4, within(1e-15));
        assertThat(s[1]).isCloseTo(1.5 / 5.5 * 4, within(1e-15));
        assertThat(s[2]).isCloseTo(0.5 / 5.5 * 4, within(1e-15));
    }

    /** The EMA statistics start as one assignment per code at its initial vector: e = m / N from the first step. */
    @Example
    void emaStatisticsStartConsistent() {
        VectorQuantizer vq = new VectorQuantizer(VectorQuantizer.Config.ema(5, 2), new Rng(1));
        assertThat(vq.clusterSize.data()).containsOnly(1.0);
        assertThat(vq.embedAvg.data()).containsExactly(vq.weight.data());
    }

    /**
     * A code unused for {@code restartAfter} consecutive steps is re-seeded onto one of the batch's encoder outputs,
     * not earlier; a code in use is never touched; the same seed restarts the same way.
     */
    @Property(tries = 50)
    void deadCodesRestartOntoEncoderOutputsAfterNIdleSteps(@ForAll @IntRange(min = 2, max = 8) int k, @ForAll @IntRange(min = 1, max = 5) int after,
                                                            @ForAll boolean ema, @ForAll long seed) {
        Rng rng = new Rng(seed);
        VectorQuantizer.Config base = ema ? VectorQuantizer.Config.ema(k, 2) : VectorQuantizer.Config.plain(k, 2);
        VectorQuantizer vq = new VectorQuantizer(base.withRestartAfter(after), rng);
        // code 0 far from the others, and every encoder output next to it: codes 1..k-1 are never chosen
        double[] e = vq.weight.data();
        e[0] = 10;
        e[1] = 10;
        for (int c = 1; c < k; c++) {
            e[2 * c] = -10 - c;
            e[2 * c + 1] = -10;
        }
        if (ema) System.arraycopy(e, 0, vq.embedAvg.data(), 0, e.length);
        Tensor z = Tensor.uniform(rng, 9.5, 10.5, 1, 2, 1, 6);
        double[] dead = e.clone();
        for (int step = 1; step < after; step++) {
            assertThat(vq.update(vq.quantize(z), rng)).isZero();
        }
        for (int c = 1; c < k; c++) {
            if (!ema) assertThat(e[2 * c]).isEqualTo(dead[2 * c]); // (EMA: the smoothing nudges idle codes slightly)
            assertThat(e[2 * c]).isLessThan(-5);
            assertThat(vq.unusedSteps.data()[c]).isEqualTo(after - 1);
        }
        double[] code0 = {e[0], e[1]};
        Rng twin = Rng.fromState(rng.state());
        assertThat(vq.update(vq.quantize(z), rng)).isEqualTo(k - 1);
        Tensor rows = vq.rows(z);
        for (int c = 1; c < k; c++) {
            int j = twin.nextInt(6); // the draws a restart makes, in code order
            assertThat(new double[] {e[2 * c], e[2 * c + 1]}).containsExactly(rows.data()[2 * j], rows.data()[2 * j + 1]);
            assertThat(vq.unusedSteps.data()[c]).isZero();
            if (ema) assertThat(vq.clusterSize.data()[c]).isEqualTo(1.0);
        }
        if (!ema) assertThat(new double[] {e[0], e[1]}).containsExactly(code0);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}

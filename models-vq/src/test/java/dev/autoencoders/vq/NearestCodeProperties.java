package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/** The quantizer picks the brute-force nearest code, ties broken by the lowest index. */
class NearestCodeProperties {

    /** The reference: M K direct distances, a strict {@code <} so that the first of equal distances stays. */
    static int[] bruteForce(Tensor z, Tensor e) {
        int m = z.dim(0), k = e.dim(0), d = z.dim(1);
        int[] codes = new int[m];
        for (int i = 0; i < m; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = z.data()[i * d + j] - e.data()[c * d + j];
                    s += diff * diff;
                }
                if (s < best) {
                    best = s;
                    codes[i] = c;
                }
            }
        }
        return codes;
    }

    /**
     * Random codebooks with duplicated rows and vectors on codes; with {@code grid}, all coordinates are small integers,
     * so that exactly equal distances (ties) are frequent and every distance is computed without rounding.
     */
    @Property(tries = 300)
    @Tag("lab-vq")
    void nearestIsTheBruteForceNearestWithTiesToTheLowestIndex(@ForAll @IntRange(min = 1, max = 12) int k,
            @ForAll @IntRange(min = 1, max = 5) int d, @ForAll @IntRange(min = 1, max = 20) int m,
            @ForAll boolean grid, @ForAll long seed) {
        Rng rng = new Rng(seed);
        double scale = Math.exp(rng.uniform(-5, 5));
        double[] e = new double[k * d], z = new double[m * d];
        for (int i = 0; i < e.length; i++) e[i] = grid ? rng.nextInt(5) - 2 : scale * rng.normal();
        for (int c = 1; c < k; c++) {
            if (rng.bernoulli(0.3)) System.arraycopy(e, rng.nextInt(c) * d, e, c * d, d); // a duplicate of an earlier code
        }
        for (int i = 0; i < m; i++) {
            if (rng.bernoulli(0.3)) {
                System.arraycopy(e, rng.nextInt(k) * d, z, i * d, d); // exactly on a code
            } else {
                for (int j = 0; j < d; j++) z[i * d + j] = grid ? rng.nextInt(7) - 3 : scale * rng.normal();
            }
        }
        Tensor zt = Tensor.of(z, m, d), et = Tensor.of(e, k, d);
        assertThat(NearestCode.search(zt, et)).containsExactly(bruteForce(zt, et));
    }

    /** The quantizer's own look-up on an (N, D, H, W) grid agrees, position by position in (n, h, w) order. */
    @Property(tries = 30)
    void quantizerLooksUpEveryGridPosition(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 4) int h,
                                           @ForAll @IntRange(min = 1, max = 4) int w, @ForAll long seed) {
        Rng rng = new Rng(seed);
        VectorQuantizer vq = new VectorQuantizer(VectorQuantizer.Config.plain(6, 3), rng);
        Tensor ze = Tensor.uniform(rng, -0.2, 0.2, n, 3, h, w);
        int[] codes = vq.nearest(ze);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double[] v = {ze.get(s, 0, i, j), ze.get(s, 1, i, j), ze.get(s, 2, i, j)};
                    int want = bruteForce(Tensor.of(v, 1, 3), vq.weight)[0];
                    assertThat(codes[(s * h + i) * w + j]).isEqualTo(want);
                }
            }
        }
    }

    /** By hand: (0.5, 0) is equally far (0.25) from codes 0 and 1, and (2, 0) equally near the duplicates 1 and 2. */
    @Example
    @Tag("lab-vq")
    void handComputedTies() {
        Tensor e = Tensor.of(new double[] {0, 0, 1, 0, 1, 0}, 3, 2);
        Tensor z = Tensor.of(new double[] {0.6, 0, 0.5, 0, 2, 0, -1, 0}, 4, 2);
        assertThat(NearestCode.search(z, e)).containsExactly(1, 0, 1, 0);
        // the expansion by hand for z_0 = (0.6, 0): ||z||^2 = 0.36; d = 0.36 - 2 (0, 0.6, 0.6) + (0, 1, 1) = (0.36, 0.16, 0.16)
        double[] d0 = NearestCode.squaredDistances(z, e).slice(0, 0, 1).data();
        assertThat(d0[0]).isCloseTo(0.36, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(d0[1]).isCloseTo(0.16, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(d0[2]).isEqualTo(d0[1]);
    }
}

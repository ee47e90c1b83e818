package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Per-dimension KL, active units (Burda et al.: Cov_x(E_q[u]) > 0.01) and mean posterior variance, on hand-made posteriors. */
class LatentDiagnosticsTest {

    /**
     * Posterior means of 4 images in 3 dimensions: column 0 is {-1, 1, -1, 1} (variance 4/3), column 1 is
     * {0, 0.1, 0, 0.1} (variance 1/300 < 0.01), column 2 constant: one active unit.
     */
    @Test
    void activeUnitsAreDimensionsWhosePosteriorMeanVariesOverTheData() {
        Tensor mu = Tensor.of(new double[] {-1, 0, 5, 1, 0.1, 5, -1, 0, 5, 1, 0.1, 5}, 4, 3);
        assertThat(LatentDiagnostics.activity(mu).data()).containsExactly(new double[] {4.0 / 3, 1.0 / 300, 0}, within(1e-15));
        assertThat(LatentDiagnostics.activeUnits(mu)).isEqualTo(1);
        // scaled by 2, the second column's variance 4/300 crosses the threshold
        assertThat(LatentDiagnostics.activeUnits(mu.mul(2))).isEqualTo(2);
    }

    /** The per-dimension KLs, averaged over the data, add up to the ELBO's KL term. */
    @Test
    void perDimensionKlSumsToTheKlTerm() {
        Rng rng = new Rng(3);
        Tensor mu = Tensor.randn(rng, 6, 4), logvar = Tensor.uniform(rng, -3, 1, 6, 4);
        Tensor perDim = LatentDiagnostics.klPerDimension(mu, logvar);
        assertThat(perDim.shape()).containsExactly(4);
        Elbo e = new Elbo(Tensor.zeros(6), KlDivergence.toStandardNormal(mu, logvar));
        assertThat(perDim.sum().item()).isCloseTo(e.klNats().item(), within(1e-13));
        // a dimension whose posterior is the prior has KL 0 and mean variance 1
        Tensor collapsed = withFirstColumn(mu, 0.0), unit = withFirstColumn(logvar, 0.0);
        assertThat(LatentDiagnostics.klPerDimension(collapsed, unit).data()[0]).isEqualTo(0.0);
        assertThat(LatentDiagnostics.meanVariance(unit).data()[0]).isEqualTo(1.0);
    }

    @Test
    void meanVarianceIsTheDataMeanOfSigmaSquared() {
        Tensor logvar = Tensor.of(new double[] {0, Math.log(3), Math.log(2), Math.log(0.5)}, 2, 2);
        assertThat(LatentDiagnostics.meanVariance(logvar).data()).containsExactly(new double[] {1.5, 1.75}, within(1e-15));
    }

    @Test
    void activityNeedsAtLeastTwoRows() {
        assertThatThrownBy(() -> LatentDiagnostics.activity(Tensor.zeros(1, 3))).isInstanceOf(ShapeException.class).hasMessageContaining("[1, 3]");
    }

    /** A copy with the first column set to {@code v}. */
    static Tensor withFirstColumn(Tensor t, double v) {
        double[] d = t.data().clone();
        int cols = t.dim(1);
        for (int r = 0; r < t.dim(0); r++) d[r * cols] = v;
        return Tensor.of(d, t.shape());
    }
}

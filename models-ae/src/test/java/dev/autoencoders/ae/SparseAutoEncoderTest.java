package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SparseAutoEncoderTest {

    static SparseAutoEncoder.Config small(SparseAutoEncoder.Scaling s, double weightDecay) {
        return new SparseAutoEncoder.Config(8, 5, 0.05, 3.0, weightDecay, Activation.Kind.SIGMOID, s);
    }

    @Test
    void namesAndShapesAsThePyTorchTwin() {
        SparseAutoEncoder sae = new SparseAutoEncoder(SparseAutoEncoder.Config.post003(), new Rng(0));
        assertThat(sae.stateDict().keySet()).containsExactly("e.weight", "e.bias", "d.weight", "d.bias");
        assertThat(sae.e.weight.shape()).containsExactly(100, 100);
        assertThat(sae.numParameters()).isEqualTo(2 * 100 * 100 + 100 + 100);
    }

    /** KL(rho || rho_hat) by hand: 0 at rho_hat = rho, and a worked case. */
    @Test
    @Tag("lab-dae-sparse")
    void klSumHandComputed() {
        SparseAutoEncoder sae = new SparseAutoEncoder(new SparseAutoEncoder.Config(2, 2, 0.2, 1, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003), new Rng(0));
        // column means: unit 0 -> 0.2 (= rho, KL 0), unit 1 -> 0.5
        Tensor a = Tensor.of(new double[] {0.1, 0.4, 0.3, 0.6}, 2, 2);
        // KL(0.2 || 0.5) = 0.2 ln 0.4 + 0.8 ln 1.6
        double expected = 0.2 * Math.log(0.2 / 0.5) + 0.8 * Math.log(0.8 / 0.5);
        assertThat(sae.klSum(a).item()).isCloseTo(expected, Offset.offset(1e-15));
        assertThat(expected).isCloseTo(0.19274475702175753, Offset.offset(1e-15));
    }

    /** KL(rho || rho_hat) >= 0 with equality only at rho_hat = rho (Gibbs' inequality). */
    @Property(tries = 50)
    @net.jqwik.api.Tag("lab-dae-sparse")
    void klIsNonNegative(@ForAll @DoubleRange(min = 0.01, max = 0.99) double rho, @ForAll @DoubleRange(min = 0.01, max = 0.99) double act) {
        SparseAutoEncoder sae = new SparseAutoEncoder(new SparseAutoEncoder.Config(1, 1, rho, 1, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003), new Rng(0));
        double kl = sae.klSum(Tensor.of(new double[] {act}, 1, 1)).item();
        assertThat(kl).isGreaterThanOrEqualTo(-1e-15);
        if (Math.abs(act - rho) > 1e-3) assertThat(kl).isGreaterThan(0);
    }

    /**
     * The whole cost, reconstruction + beta * KL penalty + weight decay, in both scalings, against five-point
     * differences. The UFLDL criterion is on the norm ratio ||a - n|| / ||a + n|| <= 1e-9 ("usually less than 1e-9"
     * in the tutorial's sparse-autoencoder exercise); each element is also held to 1e-7.
     */
    @Test
    @Tag("lab-dae-sparse")
    void wholeCostGradientMeetsTheUfldlCriterion() {
        for (SparseAutoEncoder.Scaling s : SparseAutoEncoder.Scaling.values()) {
            Rng rng = new Rng(5);
            SparseAutoEncoder sae = new SparseAutoEncoder(small(s, 1e-3), rng);
            Tensor x = Tensor.rand(rng, 10, 8);
            GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults(), () -> sae.cost(x).total(), sae.parameters());
            assertThat(r.normRelError()).as("%s: %s", s, r).isLessThanOrEqualTo(1e-9);
            assertThat(r.maxRelError()).as("%s: %s", s, r).isLessThanOrEqualTo(1e-7);
            assertThat(r.checked()).isEqualTo((int) sae.numParameters());
        }
    }

    /** The cost, written again in plain loops from its formula (second implementation), both scalings. */
    @Test
    @Tag("lab-dae-sparse")
    void costEqualsTheFormulaInPlainLoops() {
        for (SparseAutoEncoder.Scaling s : SparseAutoEncoder.Scaling.values()) {
            Rng rng = new Rng(8);
            SparseAutoEncoder.Config c = small(s, 0.01);
            SparseAutoEncoder sae = new SparseAutoEncoder(c, rng);
            Tensor x = Tensor.rand(rng, 7, 8);
            SparseAutoEncoder.Cost cost = sae.cost(x);
            int n = 7, v = c.visible(), h = c.hidden();
            double[] w1 = sae.e.weight.data(), b1 = sae.e.bias.data(), w2 = sae.d.weight.data(), b2 = sae.d.bias.data(), xs = x.data();
            double sq = 0, w2sum = 0;
            double[] rhoHat = new double[h];
            for (int i = 0; i < n; i++) {
                double[] a = new double[h];
                for (int j = 0; j < h; j++) {
                    double z = b1[j];
                    for (int k = 0; k < v; k++) z += w1[j * v + k] * xs[i * v + k];
                    a[j] = 1 / (1 + Math.exp(-z));
                    rhoHat[j] += a[j] / n;
                }
                for (int k = 0; k < v; k++) {
                    double z = b2[k];
                    for (int j = 0; j < h; j++) z += w2[k * h + j] * a[j];
                    double r = 1 / (1 + Math.exp(-z));
                    sq += (r - xs[i * v + k]) * (r - xs[i * v + k]);
                }
            }
            double kl = 0;
            for (int j = 0; j < h; j++) kl += c.rho() * Math.log(c.rho() / rhoHat[j]) + (1 - c.rho()) * Math.log((1 - c.rho()) / (1 - rhoHat[j]));
            for (double w : w1) w2sum += w * w;
            for (double w : w2) w2sum += w * w;
            double recon = s == SparseAutoEncoder.Scaling.POST_003 ? sq / (n * v) : sq / (2.0 * n);
            double penalty = s == SparseAutoEncoder.Scaling.POST_003 ? kl / h : kl;
            assertThat(cost.reconstruction().item()).as("%s reconstruction", s).isCloseTo(recon, Offset.offset(1e-14));
            assertThat(cost.penalty().item()).as("%s penalty", s).isCloseTo(penalty, Offset.offset(1e-14));
            assertThat(cost.weightDecay().item()).isCloseTo(0.01 / 2 * w2sum, Offset.offset(1e-14));
            assertThat(cost.total().item()).isCloseTo(recon + c.beta() * penalty + 0.01 / 2 * w2sum, Offset.offset(1e-13));
        }
    }

    /** PyTorch's SparseAE (tools/pytorch/model_fixtures.py, 100 -> 20 -> 100): same activations, loss and gradients. */
    @Test
    @Tag("lab-dae-sparse")
    void matchesThePyTorchTwin() {
        TorchFixture f = TorchFixture.load("sparse_ae");
        SparseAutoEncoder sae = new SparseAutoEncoder(new SparseAutoEncoder.Config(100, 20, 0.01, 5.0, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003), new Rng(0));
        f.loadInto(sae);
        Tensor x = f.get("x");
        SparseAutoEncoder.Forward fw = sae.forward(x);
        TorchFixture.assertClose(fw.hidden().data(), f.get("hidden").data(), 1e-14, "hidden");
        TorchFixture.assertClose(fw.reconstruction().data(), f.get("out").data(), 1e-14, "reconstruction");
        Tensor loss = sae.cost(x).total();
        assertThat(loss.item()).isCloseTo(f.get("loss").item(), Offset.offset(1e-13));
        sae.zeroGrad();
        loss.backward();
        f.assertGradients(sae, 1e-13);
    }

    /** The filter of unit i has unit norm and, among unit-norm inputs, gives the largest pre-activation, ||W_i||. */
    @Test
    void filtersAreTheUnitNormInputsThatActivateEachUnitMost() {
        Rng rng = new Rng(2);
        SparseAutoEncoder sae = new SparseAutoEncoder(small(SparseAutoEncoder.Scaling.POST_003, 0), rng);
        Tensor f = sae.filters(2, 4);
        assertThat(f.shape()).containsExactly(5, 1, 2, 4);
        double[] w = sae.e.weight.data(), fs = f.data();
        for (int i = 0; i < 5; i++) {
            double norm2 = 0, dot = 0, wNorm2 = 0;
            for (int j = 0; j < 8; j++) {
                norm2 += fs[i * 8 + j] * fs[i * 8 + j];
                dot += w[i * 8 + j] * fs[i * 8 + j];
                wNorm2 += w[i * 8 + j] * w[i * 8 + j];
            }
            assertThat(norm2).isCloseTo(1, Offset.offset(1e-12));
            assertThat(dot).isCloseTo(Math.sqrt(wNorm2), Offset.offset(1e-12));
            for (int t = 0; t < 200; t++) {
                Tensor u = Tensor.randn(rng, 8);
                double un = 0, ud = 0;
                for (int j = 0; j < 8; j++) un += u.data()[j] * u.data()[j];
                for (int j = 0; j < 8; j++) ud += w[i * 8 + j] * u.data()[j] / Math.sqrt(un);
                assertThat(ud).isLessThanOrEqualTo(dot + 1e-12);
            }
        }
        assertThatThrownBy(() -> sae.filters(3, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x3");
    }

    @Test
    void hiddenActivationsAreSigmoids() {
        SparseAutoEncoder sae = new SparseAutoEncoder(small(SparseAutoEncoder.Scaling.POST_003, 0), new Rng(4));
        Tensor x = Tensor.rand(new Rng(5), 3, 8);
        try (GradMode.Scope s = GradMode.off()) {
            for (double a : sae.hidden(x).data()) assertThat(a).isStrictlyBetween(0.0, 1.0);
        }
    }

    @Test
    void badHyperparametersAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> new SparseAutoEncoder.Config(100, 100, 1.0, 5, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rho").hasMessageContaining("1.0");
        assertThatThrownBy(() -> new SparseAutoEncoder.Config(100, 100, 0.01, -5, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta").hasMessageContaining("-5");
        assertThatThrownBy(() -> new SparseAutoEncoder.Config(0, 100, 0.01, 5, 0, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new SparseAutoEncoder.Config(100, 100, 0.01, 5, -1e-3, Activation.Kind.SIGMOID, SparseAutoEncoder.Scaling.POST_003))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight decay").hasMessageContaining("-0.001");
    }
}

package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VqVae2Test {

    @Test
    void shapesOfBothLevels() {
        VqVae2 m = new VqVae2(VqVae2.Config.mnist(VectorQuantizer.Config.plain(128, 16)), new Rng(1));
        Tensor x = Tensor.rand(new Rng(2), 3, 1, 28, 28);
        VqVae2.Output out = m.forward(x);
        assertThat(out.top().output().shape()).containsExactly(3, 16, 4, 4);
        assertThat(out.bottom().output().shape()).containsExactly(3, 16, 7, 7);
        assertThat(out.top().codes()).hasSize(3 * 16);
        assertThat(out.bottom().codes()).hasSize(3 * 49);
        assertThat(out.reconstruction().shape()).containsExactly(3, 1, 28, 28);
        // decoding the codes gives the reconstruction (up to the rounding of z_e + (z_q - z_e) against z_q)
        VqVaeTest.assertClose(m.decodeCodes(out.top().codes(), out.bottom().codes(), 3).data(), out.reconstruction().data(), 1e-12);
        assertThat(m.stateDict()).containsKeys("enc_b.0.weight", "enc_t.2.weight", "codebook_t.weight", "dec_t.0.weight",
                "pre_b.weight", "codebook_b.weight", "up_t.weight", "dec.4.bias");
        assertThatThrownBy(() -> new VqVae2.Config(32, 64, VectorQuantizer.Config.plain(8, 4), VectorQuantizer.Config.plain(8, 5)))
                .hasMessageContaining("same code dimension");
    }

    /**
     * Gradient check of the whole two-level loss with both assignments held fixed and every stop-gradient argument
     * frozen at the unperturbed point (see {@link VqVaeTest#gradientOfTheWholeLossWithTheAssignmentAndTheStopGradientsHeldFixed}):
     * the frozen loss, written out again here, is
     * {@code ||x - dec([z_e^b + C_b, up(z_e^t + C_t)])||^2 + sum_levels ||Z_e - e||^2 + beta ||z_e - Z_q||^2}, where z_e^b
     * itself is computed from the straight-through top output {@code z_e^t + C_t}.
     */
    @Test
    void gradientOfTheWholeLossWithAssignmentsAndStopGradientsHeldFixed() {
        VectorQuantizer.Config q = VectorQuantizer.Config.plain(6, 3);
        VqVae2 m = new VqVae2(new VqVae2.Config(3, 4, q, q), new Rng(3));
        Tensor x = Tensor.rand(new Rng(4), 2, 1, 28, 28);
        spread(m.codebookT, m.encT.forward(m.encB.forward(x)), new Rng(5));
        VqVae2.Output first = m.forward(x);
        spread(m.codebookB, unquantizedBottom(m, x, first.top().output()), new Rng(6));
        VqVae2.Output base;
        try (GradMode.Scope s = GradMode.off()) {
            base = m.forward(x);
        }
        int[] top = base.top().codes(), bottom = base.bottom().codes();
        Tensor zeT0 = VqVaeTest.copy(m.encT.forward(m.encB.forward(x))), zeB0 = VqVaeTest.copy(unquantizedBottom(m, x, base.top().output()));
        Tensor zqT0 = VqVaeTest.copy(base.top().quantized()), zqB0 = VqVaeTest.copy(base.bottom().quantized());
        Tensor cT = zqT0.sub(zeT0), cB = zqB0.sub(zeB0);
        double beta = q.beta();
        Supplier<Tensor> frozen = () -> {
            Tensor hb = m.encB.forward(x);
            Tensor zeT = m.encT.forward(hb);
            Tensor stT = zeT.add(cT);
            Tensor zeB = m.preB.forward(Reshaping.concat(1, hb, m.decT.forward(stT)));
            Tensor recon = m.decodeQuantized(stT, zeB.add(cB));
            Tensor eT = m.codebookT.lookup(top, 2, 4, 4), eB = m.codebookB.lookup(bottom, 2, 7, 7);
            return Losses.mse(recon, x, Reduction.MEAN)
                    .add(Losses.mse(eT, zeT0, Reduction.MEAN)).add(Losses.mse(zeT, zqT0, Reduction.MEAN).mul(beta))
                    .add(Losses.mse(eB, zeB0, Reduction.MEAN)).add(Losses.mse(zeB, zqB0, Reduction.MEAN).mul(beta));
        };
        GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults().withH(1e-5).withMaxPerTensor(5),
                () -> GradMode.enabled() ? m.loss(m.forward(x, top, bottom), x) : frozen.get(), m.parameters());
        assertThat(r.maxRelError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void updateMaintainsBothCodebooks() {
        VqVae2 m = new VqVae2(VqVae2.Config.mnist(VectorQuantizer.Config.ema(16, 4).withRestartAfter(1)), new Rng(7));
        VqVae2.Output out = m.forward(Tensor.rand(new Rng(8), 2, 1, 28, 28));
        // after one step every unused code of either level restarts
        long usedT = CodeUsage.used(CodeUsage.counts(out.top().codes(), 16)), usedB = CodeUsage.used(CodeUsage.counts(out.bottom().codes(), 16));
        assertThat(m.update(out, new Rng(9))).isEqualTo((int) (32 - usedT - usedB));
    }

    /** The bottom encoder output before quantization, given the straight-through top output. */
    private static Tensor unquantizedBottom(VqVae2 m, Tensor x, Tensor topOutput) {
        return m.preB.forward(Reshaping.concat(1, m.encB.forward(x), m.decT.forward(topOutput)));
    }

    private static void spread(VectorQuantizer vq, Tensor ze, Rng rng) {
        Tensor z = vq.rows(ze);
        int d = vq.config.dim();
        for (int k = 0; k < vq.config.codes(); k++) {
            int j = rng.nextInt(z.dim(0));
            for (int c = 0; c < d; c++) vq.weight.data()[k * d + c] = z.data()[j * d + c] + 1e-3 * rng.normal();
        }
    }
}

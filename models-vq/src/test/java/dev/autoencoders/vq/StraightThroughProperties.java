package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * The straight-through estimator and the stop-gradients of the VQ-VAE loss, each path on its own:
 * <pre>  L = ||x - dec(z_e + sg[z_q - z_e])||^2 + ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2 .</pre>
 */
class StraightThroughProperties {

    private static VqVae model(long seed) {
        VqVae m = new VqVae(new VqVae.Config(4, 6, VectorQuantizer.Config.plain(8, 3)), new Rng(seed));
        VqVaeTest.spreadCodebook(m, new Rng(seed + 1));
        return m;
    }

    private static boolean allZero(double[] g) {
        if (g == null) return true;
        for (double v : g) if (v != 0) return false;
        return true;
    }

    private static boolean allZero(Iterable<Tensor> params) {
        for (Tensor p : params) if (!allZero(p.grad())) return false;
        return true;
    }

    // Fixed samples (jqwik seed) in this class: the stop-gradient facts hold for every model, but the checks that
    // some gradient is non-zero depend on the random initialisation (a rare initialisation has every ReLU of the
    // decoder closed, and then no gradient reaches z_e at all).

    /** The reconstruction's gradient at the decoder input reaches z_e unchanged, bit for bit; the forward value is z_q. */
    @Property(tries = 15, seed = "20261122")
    @Tag("lab-vq")
    void theGradientAtTheDecoderInputReachesTheEncoderOutputExactly(@ForAll long seed) {
        VqVae m = model(seed);
        Tensor x = Tensor.rand(new Rng(seed + 2), 2, 1, 28, 28);
        VqVae.Output out = m.forward(x);
        Tensor ze = out.encoded().retainGrad(), decoderInput = out.quantization().output().retainGrad();
        m.reconstructionLoss(out, x).backward();
        assertThat(ze.grad()).containsExactly(decoderInput.grad());
        assertThat(allZero(ze.grad())).isFalse();
        double[] zq = out.quantization().quantized().data(), st = decoderInput.data();
        for (int i = 0; i < zq.length; i++) assertThat(st[i]).isCloseTo(zq[i], within(1e-15 * Math.max(1, Math.abs(zq[i])) + 1e-15));
    }

    /** The reconstruction term trains encoder and decoder, never the codebook (sg around z_q - z_e). */
    @Property(tries = 10, seed = "20261122")
    @Tag("lab-vq")
    void reconstructionReachesEncoderAndDecoderButNotTheCodebook(@ForAll long seed) {
        VqVae m = model(seed);
        Tensor x = Tensor.rand(new Rng(seed + 2), 2, 1, 28, 28);
        m.reconstructionLoss(m.forward(x), x).backward();
        assertThat(allZero(m.codebook.weight.grad())).isTrue();
        assertThat(allZero(m.enc.parameters())).isFalse();
        assertThat(allZero(m.dec.parameters())).isFalse();
    }

    /** The codebook term moves only the codebook: dL/de_k = (2 / (N D H W)) sum_{i: k_i = k} (e_k - z_i). */
    @Property(tries = 10, seed = "20261122")
    @Tag("lab-vq")
    void codebookLossReachesOnlyTheCodebook(@ForAll long seed) {
        VqVae m = model(seed);
        Tensor x = Tensor.rand(new Rng(seed + 2), 2, 1, 28, 28);
        VqVae.Output out = m.forward(x);
        Tensor ze = out.encoded().retainGrad();
        out.quantization().codebookLoss().backward();
        assertThat(allZero(ze.grad())).isTrue();
        assertThat(allZero(m.enc.parameters())).isTrue();
        assertThat(allZero(m.dec.parameters())).isTrue();
        int d = 3, numel = ze.numel();
        double[] want = new double[8 * d], e = m.codebook.weight.data(), z = out.quantization().vectors().data();
        int[] codes = out.quantization().codes();
        for (int i = 0; i < codes.length; i++) {
            for (int j = 0; j < d; j++) want[codes[i] * d + j] += 2.0 / numel * (e[codes[i] * d + j] - z[i * d + j]);
        }
        VqVaeTest.assertClose(m.codebook.weight.grad(), want, 1e-14);
    }

    /** The commitment term moves only the encoder: dL/dz_e = 2 beta (z_e - z_q) / (N D H W), nothing to codebook or decoder. */
    @Property(tries = 10, seed = "20261122")
    @Tag("lab-vq")
    void commitmentLossReachesOnlyTheEncoder(@ForAll long seed) {
        VqVae m = model(seed);
        Tensor x = Tensor.rand(new Rng(seed + 2), 2, 1, 28, 28);
        VqVae.Output out = m.forward(x);
        Tensor ze = out.encoded().retainGrad();
        double beta = m.codebook.config.beta();
        out.quantization().commitmentLoss().mul(beta).backward();
        assertThat(allZero(m.codebook.weight.grad())).isTrue();
        assertThat(allZero(m.dec.parameters())).isTrue();
        assertThat(allZero(m.enc.parameters())).isFalse();
        double[] zq = out.quantization().quantized().data(), want = new double[ze.numel()];
        for (int i = 0; i < want.length; i++) want[i] = 2 * beta * (ze.data()[i] - zq[i]) / want.length;
        VqVaeTest.assertClose(ze.grad(), want, 1e-14);
    }

    /** With the EMA codebook the codebook is a buffer: no gradient at all, and not among the optimizer's parameters. */
    @Property(tries = 5, seed = "20261122")
    void anEmaCodebookGetsNoGradient(@ForAll long seed) {
        VqVae m = new VqVae(VqVae.Config.mnist(VectorQuantizer.Config.ema(16, 4)), new Rng(seed));
        Tensor x = Tensor.rand(new Rng(seed + 2), 2, 1, 28, 28);
        VqVae.Output out = m.forward(x);
        m.loss(out, x).backward();
        assertThat(m.codebook.weight.requiresGrad()).isFalse();
        assertThat(m.codebook.weight.grad()).isNull();
        assertThat(m.parameters()).doesNotContain(m.codebook.weight);
        assertThat(m.stateDict()).containsKeys("codebook.weight", "codebook.cluster_size", "codebook.embed_avg");
    }
}

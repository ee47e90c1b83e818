package dev.autoencoders.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.nn.Losses;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.tensor.Convolution;
import java.util.List;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradCheck;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ConvAutoEncoderTest {

    @Test
    void namesAndParameterCountAsThePyTorchTwin() {
        ConvAutoEncoder cae = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(0));
        assertThat(cae.stateDict().keySet()).containsExactly(
                "enc.0.weight", "enc.0.bias", "enc.3.weight", "enc.3.bias",
                "dec.0.weight", "dec.0.bias", "dec.2.weight", "dec.2.bias", "dec.4.weight", "dec.4.bias");
        // 16*1*9 + 16  +  8*16*9 + 8  +  8*16*9 + 16  +  16*8*25 + 8  +  8*1*4 + 1
        assertThat(cae.numParameters()).isEqualTo(160 + 1160 + 1168 + 3208 + 33).isEqualTo(5729);
        ConvAutoEncoder unpool = new ConvAutoEncoder(ConvAutoEncoder.Decoder.UNPOOL, new Rng(0));
        assertThat(unpool.stateDict().keySet()).containsExactly(
                "enc.0.weight", "enc.0.bias", "enc.3.weight", "enc.3.bias", "dec.1.weight", "dec.1.bias", "dec.4.weight", "dec.4.bias");
        assertThat(unpool.numParameters()).isEqualTo(160 + 1160 + 1168 + 785).isEqualTo(3273);
    }

    /** The spatial sizes of post 003's comments: 28 -> 10 -> 5 -> 3 -> 2 -> 5 -> 15 -> 28. */
    @Test
    @Tag("lab-conv")
    void everyLayerHasTheSizeOfTheArithmetic() {
        ConvAutoEncoder cae = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(1));
        ConvEncoder e = cae.enc;
        TransposedConvDecoder d = (TransposedConvDecoder) cae.dec;
        Tensor x = Tensor.rand(new Rng(2), 3, 1, 28, 28);
        Tensor h1 = e.conv1.forward(x);
        Tensor p1 = e.pool1.forward(h1.relu());
        Tensor h2 = e.conv2.forward(p1);
        Tensor z = e.pool2.forward(h2.relu());
        Tensor g1 = d.deconv1.forward(z);
        Tensor g2 = d.deconv2.forward(g1.relu());
        Tensor y = d.deconv3.forward(g2.relu());
        assertThat(h1.shape()).containsExactly(3, 16, 10, 10);
        assertThat(p1.shape()).containsExactly(3, 16, 5, 5);
        assertThat(h2.shape()).containsExactly(3, 8, 3, 3);
        assertThat(z.shape()).containsExactly(3, 8, 2, 2);
        assertThat(g1.shape()).containsExactly(3, 16, 5, 5);
        assertThat(g2.shape()).containsExactly(3, 8, 15, 15);
        assertThat(y.shape()).containsExactly(3, 1, 28, 28);
        // the layer-by-layer result is the model's
        assertThat(cae.forward(x).data()).containsExactly(y.tanh().data());
        assertThat(cae.encode(x).z().data()).containsExactly(z.data());
    }

    /** PyTorch's ConvAE with the same weights (tools/pytorch/model_fixtures.py): same output, loss and gradients. */
    @Test
    @Tag("lab-conv")
    void matchesThePyTorchTwin() {
        for (ConvAutoEncoder.Decoder kind : ConvAutoEncoder.Decoder.values()) {
            TorchFixture f = TorchFixture.load(kind == ConvAutoEncoder.Decoder.CONV_TRANSPOSE ? "conv_ae_convtranspose" : "conv_ae_unpool");
            ConvAutoEncoder cae = new ConvAutoEncoder(kind, new Rng(0));
            f.loadInto(cae);
            Tensor x = f.get("x");
            Tensor y = cae.forward(x);
            TorchFixture.assertClose(y.data(), f.get("out").data(), 1e-13, kind + " output");
            Tensor loss = Losses.mse(y, x, Reduction.MEAN);
            assertThat(loss.item()).as("%s loss", kind).isCloseTo(f.get("loss").item(), Offset.offset(1e-14));
            cae.zeroGrad();
            loss.backward();
            f.assertGradients(cae, 1e-12);
        }
    }

    /**
     * The whole reconstruction loss against five-point differences, both decoders (40 seeded elements of each tensor).
     * The net is piecewise smooth (ReLU, max-pooling): a difference whose points straddle a kink is wrong, and with
     * thousands of pre-activations some lie within 2h of 0 at the default h = 1e-4. The chance shrinks with h, so the
     * step is h = 1e-6; the rounding error of the formula, about eps |L| / h, then limits the agreement to ~1e-5 on the
     * smallest gradients (~1e-5 in size), hence 1e-4 elementwise. A kink that is still straddled shows in the norm ratio
     * (1.5e-6 here), hence 1e-5 there. The exact oracle is {@link #matchesThePyTorchTwin} (1e-12).
     */
    @Test
    void wholeModelGradient() {
        for (ConvAutoEncoder.Decoder kind : ConvAutoEncoder.Decoder.values()) {
            Rng rng = new Rng(21);
            ConvAutoEncoder cae = new ConvAutoEncoder(kind, rng);
            Tensor x = Tensor.uniform(rng, -1, 1, 2, 1, 28, 28);
            GradCheck.Result r = GradCheck.checkScalar(GradCheck.Options.defaults().withMaxPerTensor(40).withH(1e-6),
                    () -> Losses.mse(cae.forward(x), x, Reduction.MEAN), cae.parameters());
            assertThat(r.maxRelError()).as("%s: %s", kind, r).isLessThanOrEqualTo(1e-4);
            assertThat(r.normRelError()).as("%s: %s", kind, r).isLessThanOrEqualTo(1e-5);
        }
    }

    /** Unpooling puts each code value back where its maximum was: a code with one non-zero entry lights one 3x3 position. */
    @Test
    void unpoolingReturnsValuesToTheirMaxima() {
        ConvAutoEncoder cae = new ConvAutoEncoder(ConvAutoEncoder.Decoder.UNPOOL, new Rng(6));
        UnpoolDecoder d = (UnpoolDecoder) cae.dec;
        Tensor x = Tensor.uniform(new Rng(7), -1, 1, 1, 1, 28, 28);
        ConvEncoder.Code code = cae.encode(x);
        Tensor up = d.unpool2.forward(code.z(), code.pool2Indices(), 3, 3);
        double[] u = up.data(), z = code.z().data();
        for (int j = 0; j < z.length; j++) assertThat(u[(j / 4) * 9 + code.pool2Indices()[j]]).isEqualTo(z[j]);
        double sumUp = 0, sumZ = 0;
        for (double v : u) sumUp += v;
        for (int j = 0; j < z.length; j++) {
            // overlapping 2x2 windows with stride 1 may pick the same maximum: count each position once
            boolean first = true;
            for (int k = (j / 4) * 4; k < j; k++) if (code.pool2Indices()[k] == code.pool2Indices()[j]) first = false;
            if (first) sumZ += z[j];
        }
        assertThat(sumUp).isCloseTo(sumZ, Offset.offset(1e-12));
    }

    /**
     * Post 003's reading of the transposed convolution, "convolve once more, after padding with zeros": insert
     * s - 1 zeros between the input pixels, pad k - 1 - p zeros around, and convolve (stride 1) with the kernel flipped
     * in both spatial axes and its in/out channels swapped. Checked on the three layers of the post's decoder.
     */
    @Test
    void transposedConvolutionIsAConvolutionOfTheZeroStuffedInput() {
        int[][] layers = {{8, 16, 3, 2, 0, 2}, {16, 8, 5, 3, 1, 5}, {8, 1, 2, 2, 1, 15}}; // in, out, k, s, p, input size
        Rng rng = new Rng(31);
        for (int[] l : layers) {
            int in = l[0], out = l[1], k = l[2], s = l[3], p = l[4], h = l[5];
            Tensor x = Tensor.randn(rng, 2, in, h, h);
            Tensor w = Tensor.randn(rng, in, out, k, k);
            Tensor b = Tensor.randn(rng, out);
            Tensor expected = Convolution.convTranspose2d(x, w, b, s, p, 0);
            // zero-stuffed and padded input: (h - 1) s + 1 pixels plus k - 1 - p on each side
            int q = k - 1 - p, hz = (h - 1) * s + 1 + 2 * q;
            double[] z = new double[2 * in * hz * hz];
            for (int n = 0; n < 2; n++) for (int c = 0; c < in; c++) for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) {
                z[((n * in + c) * hz + q + i * s) * hz + q + j * s] = x.data()[((n * in + c) * h + i) * h + j];
            }
            // flipped kernel with swapped channels: w'[o, c, u, v] = w[c, o, k-1-u, k-1-v]
            double[] wf = new double[out * in * k * k];
            for (int o = 0; o < out; o++) for (int c = 0; c < in; c++) for (int u = 0; u < k; u++) for (int v = 0; v < k; v++) {
                wf[((o * in + c) * k + u) * k + v] = w.data()[((c * out + o) * k + (k - 1 - u)) * k + (k - 1 - v)];
            }
            Tensor viaConv = Convolution.conv2d(Tensor.of(z, 2, in, hz, hz), Tensor.of(wf, out, in, k, k), b, 1, 0);
            assertThat(viaConv.shape()).containsExactly(expected.shape());
            TorchFixture.assertClose(viaConv.data(), expected.data(), 1e-12, "k " + k + " s " + s + " p " + p);
        }
    }

    /**
     * Adam with L2 weight decay (PyTorch's Adam(weight_decay=wd), the post's 1e-5) adds {@code wd * p} to the gradient:
     * the same steps as plain Adam on the loss plus {@code (wd/2) ||p||^2}. And by hand against torch.optim.Adam on
     * {@code (p - 3)^2 / 2} from p = 1, lr 0.1, weight decay 0.5 (float64).
     */
    @Test
    void adamsWeightDecayIsTheGradientOfAQuadraticPenalty() {
        Tensor x = Tensor.uniform(new Rng(40), -1, 1, 2, 1, 28, 28);
        ConvAutoEncoder a = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(41));
        ConvAutoEncoder b = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(41));
        double wd = 0.05;
        Adam withDecay = new Adam(a.parameters(), 3e-3, wd), plain = new Adam(b.parameters(), 3e-3);
        for (int step = 0; step < 3; step++) {
            withDecay.zeroGrad();
            Losses.mse(a.forward(x), x, Reduction.MEAN).backward();
            withDecay.step();
            plain.zeroGrad();
            Tensor penalty = Tensor.scalar(0);
            for (Tensor p : b.parameters()) penalty = penalty.add(p.square().sum());
            Losses.mse(b.forward(x), x, Reduction.MEAN).add(penalty.mul(wd / 2)).backward();
            plain.step();
        }
        a.stateDict().forEach((k, v) -> TorchFixture.assertClose(v.data(), b.stateDict().get(k).data(), 1e-12, k));

        Tensor p = Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
        Adam adam = new Adam(List.of(p), 0.1, 0.5);
        double[] got = new double[3];
        for (int step = 0; step < 3; step++) {
            adam.zeroGrad();
            p.sub(3).square().mul(0.5).sum().backward();
            adam.step();
            got[step] = p.item();
        }
        // torch.optim.Adam([p], lr=0.1, weight_decay=0.5); without the decay: 1.0999999995, 1.1998335134, 1.2993766072
        TorchFixture.assertClose(got, new double[] {1.099999999333, 1.199587770968, 1.298413726535}, 1e-11, "Adam with L2 decay");
    }

    @Test
    void wrongImageSizeIsAShapeErrorNamingTheShape() {
        ConvAutoEncoder cae = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(0));
        assertThatThrownBy(() -> cae.forward(Tensor.zeros(2, 1, 32, 32))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("ConvAutoEncoder").hasMessageContaining("32");
    }
}

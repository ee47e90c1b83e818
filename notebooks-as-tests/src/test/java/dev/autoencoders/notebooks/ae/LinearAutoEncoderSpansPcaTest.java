package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.AutoEncoder;
import dev.autoencoders.ae.Pca;
import dev.autoencoders.ae.Subspaces;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.optim.Sgd;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.plot.LinePlot;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.util.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Post 003: the classic autoencoder "does something similar to PCA". Precisely (Baldi and Hornik 1989): a linear
 * autoencoder {@code x' = W' (W x + b) + b'} with k < D code units, trained to a minimum of the squared error, has
 * a decoder whose column space is the span of the top-k principal components (not the components themselves: any
 * basis of that span does as well). Measured as the largest principal angle between the two k-dimensional spaces.
 */
class LinearAutoEncoderSpansPcaTest {
    private static final String SECTION = "autoencoder";

    /** A linear AE D-k-D with biases: no nonlinearity anywhere. */
    private static AutoEncoder linear(int d, int k, Rng rng) {
        return new AutoEncoder(new AutoEncoder.Config(new int[] {d, k}, Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, false), rng);
    }

    /** The decoder's columns as rows: its weight is (D, k), its column space is spanned by the rows of W'^T (k, D). */
    private static Tensor decoderColumns(AutoEncoder ae) {
        try (GradMode.Scope s = GradMode.off()) {
            return ((Linear) ae.decoder.get(0)).weight.t();
        }
    }

    private static double largestAngle(Tensor a, Tensor b) {
        double[] angles = Subspaces.principalAngles(a, b);
        return angles[angles.length - 1];
    }

    /** Trains with full-batch Adam, recording the largest principal angle to the PCA span every {@code every} steps. */
    private static double[] train(AutoEncoder ae, Tensor x, Tensor pcaSpan, int steps, double lr, int every) {
        Adam adam = new Adam(ae.parameters(), lr);
        List<Double> angles = new ArrayList<>();
        for (int t = 1; t <= steps; t++) {
            adam.zeroGrad();
            Losses.mse(ae.forward(x), x, Reduction.MEAN).backward();
            adam.step();
            if (t % every == 0) angles.add(largestAngle(decoderColumns(ae), pcaSpan));
        }
        return angles.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Synthetic data where the answer is known: 3 planted directions in R^12 with variances 9, 4, 1, plus isotropic
     * noise of variance 0.01 and an offset. PCA finds the planted span, and so does the linear autoencoder.
     */
    @Test
    void onPlantedDataTheDecoderSpansThePlantedPrincipalSubspace() {
        Rng rng = new Rng(1);
        int d = 12, k = 3, n = 400;
        Tensor planted = Subspaces.orthonormalRows(Tensor.randn(rng, k, d));
        double[] sd = {3, 2, 1};
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                double z = sd[i] * rng.normal();
                for (int t = 0; t < d; t++) x[r * d + t] += z * planted.data()[i * d + t];
            }
            for (int t = 0; t < d; t++) x[r * d + t] += 0.1 * rng.normal() + 0.3;
        }
        Tensor data = Tensor.of(x, n, d);
        Pca pca = Pca.fit(data, k, rng);
        double pcaToPlanted = largestAngle(pca.components, planted);
        AutoEncoder ae = linear(d, k, rng);
        double[] angles = train(ae, data, pca.components, 3000, 1e-2, 100);
        double aeToPca = angles[angles.length - 1];
        Notebook.record(SECTION, "linear-ae-planted", new Metrics().put("pca_to_planted_largest_angle", pcaToPlanted)
                .put("ae_to_pca_largest_angle", aeToPca).put("steps", 3000));
        assertThat(pcaToPlanted).isLessThan(0.02);
        assertThat(aeToPca).as("largest principal angle after every 100 steps: %s", java.util.Arrays.toString(angles)).isLessThan(1e-3);
    }

    /**
     * MNIST: 1,000 training images, centred (the training mean subtracted, as PCA does; the biases are then left
     * with nothing to learn, and plain gradient descent is well conditioned), and a tied linear AE 784-6-784,
     * {@code x' = W^T (W x + b) + b'}, whose decoder's column space is the row space of W. Full-batch gradient
     * descent (lr 30 on the mean squared error) turns that space onto the top-6 principal subspace: the largest
     * principal angle falls below 0.01 rad (measured: about 0.002 after 300 steps). The loss hardly tells: a space
     * with component 7 in place of component 6 costs only (lambda_6 - lambda_7) / 784 = 0.0006 more.
     * (k = 6 because lambda_6 / lambda_7 = 1.27 is one of the larger gaps of this spectrum: the rotation between
     * components k and k+1 converges at a rate set by that gap.)
     */
    @Test
    void onMnistTheDecoderSpansTheTopPrincipalSubspace() {
        int k = 6;
        Tensor raw = Datasets.load("mnist-10k").train().take(1000).flat();
        Tensor x = raw.sub(raw.mean(0, false));
        Rng rng = new Rng(2);
        Pca pca = Pca.fit(x, k, rng);
        AutoEncoder ae = new AutoEncoder(new AutoEncoder.Config(new int[] {784, k}, Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, Activation.Kind.IDENTITY, true), rng);
        Tensor w = ((Linear) ae.encoder.get(0)).weight; // (k, 784): the tied decoder's columns are its rows
        Sgd gd = new Sgd(ae.parameters(), 30);
        int steps = 300, every = 10;
        double[] angles = new double[steps / every];
        for (int t = 1; t <= steps; t++) {
            gd.zeroGrad();
            Losses.mse(ae.forward(x), x, Reduction.MEAN).backward();
            gd.step();
            if (t % every == 0) {
                try (GradMode.Scope s = GradMode.off()) {
                    angles[t / every - 1] = largestAngle(w, pca.components);
                }
            }
        }
        double pcaMse, aeMse;
        try (GradMode.Scope s = GradMode.off()) {
            pcaMse = Losses.mse(pca.reconstruct(x), x, Reduction.MEAN).item();
            aeMse = Losses.mse(ae.forward(x), x, Reduction.MEAN).item();
            // the figure: the 6 principal components over their projections onto the decoder's column space
            Tensor q = Subspaces.orthonormalRows(w);
            Tensor projected = pca.components.matmul(q.t()).matmul(q);
            ImageGrid.save(Reshaping.concat(0, pca.components, projected).reshape(2 * k, 1, 28, 28),
                    Notebook.file(SECTION, "pca-vs-linear-ae.png"), ImageGrid.Options.DEFAULT.withNrow(k).normalized(true));
        }
        double[] stepsAxis = new double[angles.length];
        for (int i = 0; i < angles.length; i++) stepsAxis[i] = (i + 1) * every;
        new LinePlot("tied linear AE 784-6-784 on 1,000 MNIST digits", "gradient step", "largest principal angle to PCA-6 (rad)")
                .series("decoder column space vs top-6 principal subspace", stepsAxis, angles).logY(true)
                .save(Notebook.file(SECTION, "linear-ae-angle.png"));
        double last = angles[angles.length - 1];
        Notebook.record(SECTION, "linear-ae-mnist", new Metrics().put("k", k).put("train_images", 1000).put("steps", steps)
                .put("largest_angle", last).put("ae_train_mse", aeMse).put("pca_train_mse", pcaMse));
        assertThat(last).as("largest principal angle every %d steps: %s", every, java.util.Arrays.toString(angles)).isLessThan(0.01);
        // PCA's error is the least any rank-6 map reaches; the AE matches it
        assertThat(aeMse).isGreaterThanOrEqualTo(pcaMse * (1 - 1e-9)).isLessThan(pcaMse * 1.0001);
    }
}

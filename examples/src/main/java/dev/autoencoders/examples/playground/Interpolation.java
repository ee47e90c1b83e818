package dev.autoencoders.examples.playground;

import dev.autoencoders.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Panel 2, interpolation: two test images, their codes in the live plain autoencoder and the live VAE (the posterior
 * mean), and the images decoded at evenly spaced points of the straight line between the codes,
 * {@code z_t = (1 - t) z_a + t z_b}, {@code t = 0, 1/(steps-1), ..., 1}. The path is drawn on the latent planes.
 */
final class Interpolation {
    private final LatentPanel latent;
    private final Tensor test;

    /** @param test the test images the page picks from, (N, 784) */
    Interpolation(LatentPanel latent, Tensor test) {
        this.latent = latent;
        this.test = test;
    }

    Map<String, Object> json(int a, int b, int steps) {
        LatentPanel.Snapshot s = latent.require();
        Tensor ends = Rows.pick(test, a, b);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step());
        m.put("ends", Pictures.pngs(ends, 28, 28));
        for (String model : List.of("ae", "vae")) {
            double[] z = LatentPanel.encode(s, model, ends).data(); // (2, 2): z_a, z_b
            double[] path = new double[2 * steps];
            for (int i = 0; i < steps; i++) {
                double t = (double) i / (steps - 1);
                // z_t = (1 - t) z_a + t z_b
                path[2 * i] = (1 - t) * z[0] + t * z[2];
                path[2 * i + 1] = (1 - t) * z[1] + t * z[3];
            }
            Tensor images = LatentPanel.decode(s, model, Tensor.of(path, steps, 2));
            m.put(model, Map.of("path", path, "images", Pictures.pngs(images, 28, 28)));
        }
        return m;
    }
}

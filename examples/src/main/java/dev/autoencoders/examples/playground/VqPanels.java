package dev.autoencoders.examples.playground;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vq.CodeUsage;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.VectorQuantizer;
import dev.autoencoders.vq.VqVae;
import dev.autoencoders.vq.VqVaeFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Panels 5 and 6, which share one VQ-VAE: the code map of a test image, whose cells the page changes and decodes
 * (with the codebook usage over the test images), and the PixelCNN prior over code maps, sampled one code at a time
 * ({@link PixelCnnSteps}). From the tour's {@code vq-vae} and {@code pixelcnn} folders, or trained at start as the
 * quick tour trains them (the EMA codebook with restarts; a 32-filter prior).
 */
final class VqPanels {
    static final String VQ = "vq";
    static final String PIXELCNN = "pixelcnn";
    /** Code maps are 7 x 7. */
    static final int SIDE = 7, CELLS = SIDE * SIDE;

    /** A VQ-VAE with what the panels need of it: the test images' code maps, the codebook usage, the commonest code. */
    record Coded(VqVae model, int[] testCodes, long[] usage, int commonest, String source) {}

    private final Tensor test;
    private volatile Coded coded;
    private volatile PixelCnn prior;
    private volatile String priorSource = "";

    /** @param test the test images the page picks from, (N, 1, 28, 28) */
    VqPanels(Tensor test) {
        this.test = test;
    }

    /** Loads the VQ-VAE, and the prior if it is there too; returns what is still missing: "vq", "pixelcnn" or "". */
    String load(Path dir, String data, StringBuilder notes) {
        ModelFiles.Found v = ModelFiles.find(dir, "vq-vae", data, notes);
        if (v == null) return VQ;
        coded = code(VqVaeFile.load(v.file()), "loaded: " + v.file());
        ModelFiles.Found p = ModelFiles.find(dir, "pixelcnn", data, notes);
        if (p == null) return PIXELCNN;
        prior = ModelFiles.pixelCnn(p.file(), coded.model().codebook.config.codes());
        priorSource = "loaded: " + p.file();
        return "";
    }

    private Coded code(VqVae model, String source) {
        int[] codes = codes(model, test);
        long[] usage = CodeUsage.counts(codes, model.codebook.config.codes());
        int commonest = 0;
        for (int k = 1; k < usage.length; k++) if (usage[k] > usage[commonest]) commonest = k;
        return new Coded(model, codes, usage, commonest, source);
    }

    /** The code maps of images {@code x: (N, 1, 28, 28)}, N*49 codes, computed in chunks of 250 without a graph. */
    static int[] codes(VqVae model, Tensor x) {
        int n = x.dim(0);
        int[] out = new int[n * CELLS];
        try (GradMode.Scope g = GradMode.off()) {
            for (int start = 0; start < n; start += 250) {
                int end = Math.min(n, start + 250);
                int[] c = model.codes(x.slice(0, start, end));
                System.arraycopy(c, 0, out, start * CELLS, c.length);
            }
        }
        return out;
    }

    /** Trains the VQ-VAE at start (EMA codebook, restarts after 20 idle steps, batch 16), published when done or cancelled. */
    Job trainVq(Jobs jobs, Tensor train, int epochs, long seed) {
        return jobs.queue(VQ, "VQ-VAE, " + epochs + " epochs", job -> {
            Rng rng = new Rng(seed);
            VqVae vq = new VqVae(VqVae.Config.mnist(VectorQuantizer.Config.ema(128, 16).withRestartAfter(20)), rng);
            // L = ||x - dec(z_e + sg[z_q - z_e])||^2 + beta ||z_e - sg[e]||^2, then the EMA codebook update and restarts
            StartTraining.fit(job, vq, rng, train.dim(0), 16, epochs, "training the VQ-VAE", (batch, noise) -> {
                Tensor x = Reshaping.indexSelect(train, batch);
                VqVae.Output out = vq.forward(x);
                vq.codebook.update(out.quantization(), noise);
                return vq.loss(out, x);
            }, steps -> coded = code(vq, "trained at start (EMA codebook, restarts), " + steps + " steps"));
            return "ready: " + coded.source();
        });
    }

    /** Trains the prior at start over the VQ-VAE's codes of {@code train} (batch 32), published when done or cancelled. */
    Job trainPrior(Jobs jobs, Tensor train, int epochs, int filters, long seed) {
        return jobs.queue(PIXELCNN, "PixelCNN prior (" + filters + " filters), " + epochs + " epochs", job -> {
            Coded c = coded;
            if (c == null) throw new IllegalStateException("there is no VQ-VAE to train a prior for");
            job.progress(0, 0, "coding the training images");
            int[] trainCodes = codes(c.model(), train);
            Rng rng = new Rng(seed);
            PixelCnn p = new PixelCnn(PixelCnn.Config.twin(c.model().codebook.config.codes()).withFilters(filters), rng);
            // -(1/49) sum_i log p(k_i | k_<i), the cross-entropy of the logits with the codes
            StartTraining.fit(job, p, rng, train.dim(0), 32, epochs, "training the PixelCNN prior", (batch, noise) -> {
                int[] maps = new int[batch.length * CELLS];
                for (int i = 0; i < batch.length; i++) System.arraycopy(trainCodes, batch[i] * CELLS, maps, i * CELLS, CELLS);
                return p.loss(maps, batch.length, SIDE, SIDE);
            }, steps -> {
                prior = p;
                priorSource = "trained at start (" + filters + " filters), " + steps + " steps";
            });
            return "ready: " + priorSource;
        });
    }

    Coded coded() {
        Coded c = coded;
        if (c == null) throw new BadRequest("the VQ-VAE is not ready yet (see the panel's progress)");
        return c;
    }

    PixelCnn prior() {
        PixelCnn p = prior;
        if (p == null) throw new BadRequest("the PixelCNN prior is not ready yet (see the panel's progress)");
        return p;
    }

    /** Test image {@code index}: the image, its code map, its reconstruction from the codes, the codebook usage. */
    Map<String, Object> image(int index) {
        Coded c = coded();
        int[] codes = java.util.Arrays.copyOfRange(c.testCodes(), index * CELLS, (index + 1) * CELLS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", Pictures.first(test.slice(0, index, index + 1), 28, 28));
        m.put("codes", codes);
        m.put("decoded", decode(codes));
        m.put("k", c.model().codebook.config.codes());
        m.put("usage", c.usage());
        m.put("source", c.source());
        return m;
    }

    /** The image the decoder makes of a code map (49 indices, each already checked to be < K). */
    String decode(int[] codes) {
        VqVae model = coded().model();
        try (GradMode.Scope g = GradMode.off()) {
            return Pictures.first(model.decodeCodes(codes, 1, SIDE, SIDE), 28, 28);
        }
    }

    /** K, for checking code indices. */
    int codebookSize() {
        return coded().model().codebook.config.codes();
    }

    String priorSource() {
        return priorSource;
    }
}

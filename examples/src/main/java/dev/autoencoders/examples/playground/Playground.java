package dev.autoencoders.examples.playground;

import dev.autoencoders.data.ClassNames;
import dev.autoencoders.data.Dataset;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vae.ConditionalVae;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The playground's models and jobs, without the HTTP: the data, the six panels, and the start-up work (load what the
 * models folder holds, train the rest). {@link PlaygroundServer} puts it on the web.
 */
final class Playground implements AutoCloseable {

    /**
     * @param data      the data set, by name or folder ({@code Datasets.load})
     * @param seed      the seed of every training run
     * @param budget    how much to train
     * @param modelsDir a folder in the tour's layout to load models from, or null
     * @param debug     print stack traces of failed jobs
     */
    record Config(String data, long seed, Budget budget, Path modelsDir, boolean debug) {}

    final Config config;
    final Dataset train, test;
    final List<String> classNames;
    final Jobs jobs;
    final LatentPanel latent;
    final Interpolation interpolation;
    final CvaePanel cvae;
    final DenoisePanel denoise;
    final VqPanels vq;
    /** What loading the models folder found or skipped, for the page and the console. */
    final String notes;
    private final List<ConditionalVae.Variant> cvaeMissing;
    private final boolean denoiseLoaded;
    private final String vqMissing;

    /**
     * Loads the data and the models of {@code config.modelsDir()}; starts nothing yet.
     *
     * @throws dev.autoencoders.io.MalformedFileException for a model file that is there but does not fit its model
     */
    Playground(Config config) {
        this.config = config;
        Budget b = config.budget();
        Splits all = Datasets.load(config.data());
        this.train = all.train().take(Math.min(b.trainImages(), all.train().size()));
        this.test = all.test().take(Math.min(b.testImages(), all.test().size()));
        if (test.size() < 2) throw new IllegalArgumentException("the playground needs at least 2 test images, " + config.data() + " has " + test.size());
        this.classNames = ClassNames.of(config.data());
        this.jobs = new Jobs(config.debug());
        Tensor trainFlat = train.flat(), testFlat = test.flat();
        this.latent = new LatentPanel(trainFlat, testFlat, test.labels(), b, config.seed(), jobs);
        this.interpolation = new Interpolation(latent, testFlat);
        this.cvae = new CvaePanel(classNames.size());
        this.denoise = new DenoisePanel(testFlat);
        this.vq = new VqPanels(test.images());
        StringBuilder notes = new StringBuilder();
        Path dir = config.modelsDir();
        this.denoiseLoaded = denoise.load(dir, config.data(), notes);
        this.cvaeMissing = cvae.load(dir, config.data(), notes);
        this.vqMissing = vq.load(dir, config.data(), notes);
        this.notes = notes.toString();
    }

    /** Starts the live latent-plane training and queues the start-up training of every model not loaded. */
    void start() {
        Budget b = config.budget();
        long seed = config.seed();
        latent.train(new LatentPanel.Settings(1, 0, b.liveSteps()));
        Tensor trainFlat = train.flat();
        if (!denoiseLoaded) denoise.train(jobs, trainFlat, b.daeEpochs(), seed);
        if (!cvaeMissing.isEmpty()) cvae.train(jobs, cvaeMissing, trainFlat, train.labels(), b.cvaeEpochs(), seed);
        if (vqMissing.equals(VqPanels.VQ)) vq.trainVq(jobs, train.images(), b.vqEpochs(), seed);
        if (!vqMissing.isEmpty()) vq.trainPrior(jobs, train.images(), b.priorEpochs(), b.priorFilters(), seed);
    }

    /** What is trained at start, in words (for the console); empty when everything was loaded. */
    List<String> trainedAtStart() {
        List<String> out = new java.util.ArrayList<>();
        if (!denoiseLoaded) out.add("dae+ae");
        cvaeMissing.forEach(v -> out.add("cvae " + v.cliName()));
        if (vqMissing.equals(VqPanels.VQ)) out.add("vq-vae");
        if (!vqMissing.isEmpty()) out.add("pixelcnn");
        return out;
    }

    /** The page's overview: the data, the class names, every panel's job and where its models came from. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", config.data());
        m.put("classes", classNames);
        m.put("testImages", test.size());
        m.put("seed", config.seed());
        m.put("jobs", jobs.json());
        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("denoise", denoise.source());
        sources.put("cvae", cvae.json());
        sources.put("pixelcnn", vq.priorSource());
        m.put("models", sources);
        m.put("notes", notes);
        return m;
    }

    @Override
    public void close() {
        jobs.close();
    }
}

package dev.autoencoders.examples.playground;

import com.sun.net.httpserver.HttpExchange;
import dev.autoencoders.random.Rng;
import dev.autoencoders.vae.ConditionalVae.Variant;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The playground's HTTP API under {@code /api/}. Every answer is JSON; images are PNGs inside it as data: URLs. Reads
 * are GET, actions POST, parameters in the query string, each checked ({@link Params}) before anything is computed:
 * <pre>
 *   GET  status                                  data, class names, every panel's job and model source
 *   GET  test-images?from=F&amp;count=C            C test images from F (C &lt;= 100), with labels
 *   GET  latent/state[?since=V]                  the live plane: codes, boxes, loss curves (only the version if V is current)
 *   POST latent/train?beta=B&amp;warmup=W&amp;steps=S   restarts the live training (0 &lt;= B &lt;= 10, 0 &lt;= W, 1 &lt;= S &lt;= 100000)
 *   POST latent/stop                             stops it
 *   GET  latent/decode?model=vae|ae&amp;z1=&amp;z2=      the image at a point of a plane (inside its box)
 *   GET  interpolate?a=I&amp;b=J&amp;steps=N           the two test images, and N images on the line between their codes, per model
 *   GET  cvae/decode?variant=V&amp;label=Y&amp;z1=&amp;z2=  the CVAE's image of class Y at z = mu_y + (z1, z2, 0, ...)
 *   GET  cvae/samples?variant=V&amp;label=Y&amp;n=N&amp;seed=S   N samples of class Y
 *   GET  denoise?index=I&amp;noise=KIND&amp;level=L&amp;seed=S   a corrupted test image and the DAE's and the AE's repairs
 *   GET  vq/image?index=I                        a test image, its 7x7 code map, its decoding, the codebook usage
 *   GET  vq/decode?codes=c0,...,c48              the image of a code map (each code &lt; K)
 *   GET  pixelcnn/sample?seed=S&amp;temperature=T   a stream, one JSON line per step: position, code, distribution, image
 *   POST jobs/cancel?panel=P                     cancels a panel's training job
 * </pre>
 */
final class PlaygroundApi {

    /** An unknown API path: 404. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** A known path with the wrong method: 405. */
    static final class WrongMethod extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongMethod(String message) {
            super(message);
        }
    }

    /** Test images one request may ask for. */
    static final int MAX_IMAGES = 100;
    /** Points of an interpolation, at most. */
    static final int MAX_STEPS = 64;
    /** Samples one CVAE request may ask for. */
    static final int MAX_SAMPLES = 64;

    private final Playground p;

    PlaygroundApi(Playground p) {
        this.p = p;
    }

    void handle(HttpExchange ex, String route) throws IOException {
        Params q = new Params(ex.getRequestURI());
        String method = ex.getRequestMethod();
        switch (route) {
            case "status" -> get(ex, method, route, () -> p.status());
            case "test-images" -> get(ex, method, route, () -> testImages(q));
            case "latent/state" -> get(ex, method, route, () -> p.latent.json(q.integer("since", -1, Long.MAX_VALUE, -1)));
            case "latent/train" -> post(ex, method, route, () -> {
                LatentPanel.Settings s = new LatentPanel.Settings(q.number("beta", 0, 10),
                        q.integer("warmup", 0, 1_000_000, 0), q.integer("steps", 1, 100_000, p.config.budget().liveSteps()));
                return p.latent.train(s).json();
            });
            case "latent/stop" -> post(ex, method, route, () -> Map.of("stopped", p.latent.stop()));
            case "latent/decode" -> get(ex, method, route, () -> Map.of("image",
                    p.latent.decode(q.choice("model", "vae", "ae"), q.number("z1", -1e6, 1e6), q.number("z2", -1e6, 1e6))));
            case "interpolate" -> get(ex, method, route, () -> p.interpolation.json(q.index("a", p.test.size()), q.index("b", p.test.size()),
                    (int) q.integer("steps", 2, MAX_STEPS, 11)));
            case "cvae/decode" -> get(ex, method, route, () -> Map.of("image", p.cvae.decode(variant(q), q.index("label", p.classNames.size()),
                    q.number("z1", -CvaePanel.REACH, CvaePanel.REACH), q.number("z2", -CvaePanel.REACH, CvaePanel.REACH))));
            case "cvae/samples" -> get(ex, method, route, () -> Map.of("images", p.cvae.samples(variant(q), q.index("label", p.classNames.size()),
                    (int) q.integer("n", 1, MAX_SAMPLES, 8), q.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0))));
            case "denoise" -> get(ex, method, route, () -> {
                String noise = q.choice("noise", "masking", "salt", "salt-pepper", "gaussian");
                double level = q.number("level", 0, 1);
                return p.denoise.json(q.index("index", p.test.size()), DenoisePanel.corruption(noise, level),
                        q.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0));
            });
            case "vq/image" -> get(ex, method, route, () -> p.vq.image(q.index("index", p.test.size())));
            case "vq/decode" -> get(ex, method, route, () -> Map.of("image", p.vq.decode(q.indices("codes", VqPanels.CELLS, p.vq.codebookSize()))));
            case "pixelcnn/sample" -> {
                requireMethod(method, "GET", route);
                stream(ex, q.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0), q.number("temperature", 0.05, 5, 1));
            }
            case "jobs/cancel" -> post(ex, method, route, () -> {
                String panel = q.choice("panel", LatentPanel.PANEL, CvaePanel.PANEL, DenoisePanel.PANEL, VqPanels.VQ, VqPanels.PIXELCNN);
                return Map.of("cancelled", p.jobs.cancel(panel));
            });
            default -> throw new NotFound("no such API call: /api/" + route);
        }
    }

    private static Variant variant(Params q) {
        return q.choice("variant", "concat", "prior-mean").equals("concat") ? Variant.CONCAT : Variant.PRIOR_MEAN;
    }

    private Map<String, Object> testImages(Params q) {
        int from = q.index("from", p.test.size());
        int count = (int) q.integer("count", 1, MAX_IMAGES);
        int to = Math.min(p.test.size(), from + count);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.test.size());
        m.put("from", from);
        m.put("images", Pictures.pngs(p.test.flat().slice(0, from, to), 28, 28));
        m.put("labels", java.util.Arrays.copyOfRange(p.test.labels(), from, to));
        return m;
    }

    /** The PixelCNN's steps as they are drawn, one JSON object per line (application/x-ndjson), each with the decoded map. */
    private void stream(HttpExchange ex, long seed, double temperature) throws IOException {
        var prior = p.vq.prior();
        VqPanels.Coded coded = p.vq.coded();
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            line(out, Map.of("k", prior.config.codes(), "filler", coded.commonest(), "seed", seed, "temperature", temperature));
            PixelCnnSteps.sample(prior, temperature, new Rng(seed), step -> {
                // the picture fills the positions not drawn yet with the commonest code of the test maps (mostly background)
                int[] shown = step.codes().clone();
                for (int i = step.position() + 1; i < shown.length; i++) shown[i] = coded.commonest();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("position", step.position());
                m.put("code", step.code());
                m.put("probs", step.probs());
                m.put("image", p.vq.decode(shown));
                try {
                    line(out, m);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            line(out, Map.of("done", true));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void line(OutputStream out, Object value) throws IOException {
        out.write(PlaygroundServer.JSON.writeValueAsBytes(value));
        out.write('\n');
        out.flush();
    }

    @FunctionalInterface
    private interface Answer {
        Object get() throws IOException;
    }

    private static void get(HttpExchange ex, String method, String route, Answer a) throws IOException {
        requireMethod(method, "GET", route);
        PlaygroundServer.json(ex, 200, a.get());
    }

    private static void post(HttpExchange ex, String method, String route, Answer a) throws IOException {
        requireMethod(method, "POST", route);
        PlaygroundServer.json(ex, 200, a.get());
    }

    private static void requireMethod(String method, String wanted, String route) {
        boolean ok = method.equals(wanted) || (wanted.equals("GET") && method.equals("HEAD"));
        if (!ok) throw new WrongMethod("/api/" + route + " takes " + wanted + ", not " + method);
    }
}

package dev.autoencoders.examples.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * A playground small enough for tests (tiny live models, a few steps of every start-up training), on an ephemeral
 * port, with a client for its API.
 */
final class TinyPlayground implements AutoCloseable {
    /** 64 training and 20 test images; live 784-16-2 models, 30 steps of 16 images, a snapshot every 5; one epoch of everything else. */
    static final Budget TINY = new Budget(64, 20, 16, 16, 30, 5, 1, 1, 1, 1, 8);

    final Playground playground;
    final PlaygroundServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A server with nothing loaded or trained (every model missing), or, with {@code start}, with its start-up work done. */
    TinyPlayground(long seed, boolean start, Path models) {
        playground = new Playground(new Playground.Config("mnist-10k", seed, TINY, models, true));
        try {
            server = new PlaygroundServer(playground, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (start) {
            playground.start();
            awaitJobs();
        }
    }

    /** Waits until every panel's job has finished (each a few seconds at most). */
    void awaitJobs() {
        try {
            for (String panel : new String[] {LatentPanel.PANEL, DenoisePanel.PANEL, CvaePanel.PANEL, VqPanels.VQ, VqPanels.PIXELCNN}) {
                if (playground.jobs.get(panel) == null) continue;
                assertThat(playground.jobs.await(panel, 120_000)).as("job of %s finished", panel).isTrue();
                assertThat(playground.jobs.get(panel).state()).as("job of %s: %s", panel, playground.jobs.get(panel).json()).isEqualTo(Job.State.DONE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return server.url();
    }

    /** Status code and body of a request. */
    record Answer(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return PlaygroundServer.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    Answer post(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON answer with status 200. */
    JsonNode ok(String path) {
        Answer a = path.startsWith("POST ") ? post(path.substring(5)) : get(path);
        assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        return a.json();
    }

    /** The image of a data:image/png;base64 URL, checked to be a PNG of 28 x 28. */
    static BufferedImage png(String dataUrl) {
        assertThat(dataUrl).startsWith("data:image/png;base64,");
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()))));
            assertThat(img).as("a PNG").isNotNull();
            assertThat(img.getWidth()).isEqualTo(28);
            assertThat(img.getHeight()).isEqualTo(28);
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        playground.close();
    }
}

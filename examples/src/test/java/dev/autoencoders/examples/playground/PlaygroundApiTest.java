package dev.autoencoders.examples.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoencoders.random.Rng;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The playground's HTTP API, on an ephemeral port of 127.0.0.1, over a tiny playground whose start-up training has run:
 * the page and nothing else is served, points decode (fast), codes change the VQ-VAE's image, the PixelCNN's steps
 * stream, bad requests get a 400 with a message, the same seed gives the same bits.
 */
class PlaygroundApiTest {
    static TinyPlayground tiny;

    @BeforeAll
    static void start() {
        tiny = new TinyPlayground(7, true, null);
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    @Test
    void servesThePageItsScriptAndStyleAndNothingElse() {
        TinyPlayground.Answer page = tiny.get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"playground.js\"></script>").contains("playground.css")
                .doesNotContain("http://").doesNotContain("https://");
        assertThat(tiny.get("playground.js").status()).isEqualTo(200);
        assertThat(tiny.get("playground.js").body()).doesNotContain("http://").doesNotContain("https://");
        assertThat(tiny.get("playground.css").contentType()).startsWith("text/css");
        for (String other : List.of("index.htm", "../pom.xml", "playground/index.html", "dev/autoencoders/examples/Main.class")) {
            TinyPlayground.Answer a = tiny.get(other);
            assertThat(a.status()).as(other).isIn(400, 404);
            assertThat(a.json().get("error").asText()).as(other).isNotBlank();
        }
    }

    @Test
    void listensOn127001OnlyAndRefusesOtherHostNames() throws Exception {
        assertThat(tiny.server.url()).startsWith("http://127.0.0.1:");
        assertThat(tiny.server.port()).isPositive();
        assertThat(rawStatus("127.0.0.1:" + tiny.server.port())).isEqualTo(200);
        assertThat(rawStatus("localhost:" + tiny.server.port())).isEqualTo(200);
        assertThat(rawStatus("attacker.example:" + tiny.server.port())).isEqualTo(403);
    }

    /** The status of GET /api/status with the given Host header, over a plain socket (HttpClient sets Host itself). */
    private static int rawStatus(String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", tiny.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    @Test
    void statusListsEveryPanelsFinishedJob() {
        JsonNode s = tiny.ok("api/status");
        assertThat(s.get("data").asText()).isEqualTo("mnist-10k");
        assertThat(s.get("classes")).hasSize(10);
        for (String panel : List.of("latent", "denoise", "cvae", "vq", "pixelcnn")) {
            assertThat(s.get("jobs").get(panel).get("state").asText()).as(panel).isEqualTo("done");
        }
    }

    @Test
    void aPointOfEachPlaneDecodesToAnImageThatDependsOnThePointInUnder50Ms() {
        JsonNode state = tiny.ok("api/latent/state");
        assertThat(state.get("step").asLong()).isEqualTo(TinyPlayground.TINY.liveSteps());
        assertThat(state.get("labels")).hasSize(TinyPlayground.TINY.testImages());
        for (String model : List.of("vae", "ae")) {
            JsonNode box = state.get(model).get("box");
            assertThat(state.get(model).get("codes")).hasSize(2 * TinyPlayground.TINY.testImages());
            double x0 = box.get(0).asDouble(), x1 = box.get(1).asDouble(), y0 = box.get(2).asDouble(), y1 = box.get(3).asDouble();
            String a = decode(model, x0 + 0.1 * (x1 - x0), y0 + 0.1 * (y1 - y0)), b = decode(model, x0 + 0.9 * (x1 - x0), y0 + 0.8 * (y1 - y0));
            TinyPlayground.png(a);
            TinyPlayground.png(b);
            assertThat(a).as("%s: two points, two images", model).isNotEqualTo(b);
            assertThat(decode(model, x0 + 0.1 * (x1 - x0), y0 + 0.1 * (y1 - y0))).as("%s: the same point, the same image", model).isEqualTo(a);

            // latency, client included: the median of 31 requests after 10 to warm up (a drag sends dozens); the tiny
            // model's arithmetic is a small part of it: docs/playground.md has the figures of the command's models
            for (int i = 0; i < 10; i++) decode(model, x0 + (i + 1) / 12.0 * (x1 - x0), y0 + 0.3 * (y1 - y0));
            long[] ms = new long[31];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                decode(model, x0 + (i + 1) / 33.0 * (x1 - x0), (y0 + y1) / 2);
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "decode %s: median %d ms, max %d ms%n", model, ms[ms.length / 2], ms[ms.length - 1]);
            assertThat(ms[ms.length / 2]).as("median ms to decode a point of the %s plane", model).isLessThan(50);
        }
    }

    private static String decode(String model, double z1, double z2) {
        return tiny.ok(String.format(Locale.ROOT, "api/latent/decode?model=%s&z1=%s&z2=%s", model, z1, z2)).get("image").asText();
    }

    @Test
    void theLatentStateComesBackWhole() {
        JsonNode s = tiny.ok("api/latent/state");
        long v = s.get("version").asLong();
        // 30 steps with a snapshot every 5, and one before the first step
        assertThat(v).isGreaterThanOrEqualTo(7);
        JsonNode same = tiny.ok("api/latent/state?since=" + v);
        assertThat(same.has("codes")).isFalse();
        assertThat(same.has("vae")).as("only the version when the page is up to date").isFalse();
        assertThat(same.get("version").asLong()).isEqualTo(v);
        JsonNode curve = s.get("curve");
        assertThat(curve).hasSize(6);
        for (JsonNode row : curve) {
            assertThat(row).hasSize(4);
            for (JsonNode x : row) assertThat(x.asDouble()).isFinite();
        }
        assertThat(s.get("meanVariance").asDouble()).isPositive().isFinite();
    }

    @Test
    void theInterpolationStartsAndEndsAtTheTwoImagesCodes() {
        JsonNode r = tiny.ok("api/interpolate?a=2&b=5&steps=6");
        assertThat(r.get("ends")).hasSize(2);
        for (String model : List.of("ae", "vae")) {
            JsonNode path = r.get(model).get("path"), images = r.get(model).get("images");
            assertThat(path).hasSize(12);
            assertThat(images).hasSize(6);
            images.forEach(i -> TinyPlayground.png(i.asText()));
            // the image at t = 0 is the decoding of the first point, as the plane decodes it
            assertThat(images.get(0).asText()).isEqualTo(decode(model, path.get(0).asDouble(), path.get(1).asDouble()));
            assertThat(images.get(5).asText()).isEqualTo(decode(model, path.get(10).asDouble(), path.get(11).asDouble()));
            // evenly spaced on a straight line: z_t - z_0 = t (z_1 - z_0)
            for (int i = 0; i < 6; i++) {
                double t = i / 5.0;
                assertThat(path.get(2 * i).asDouble()).isCloseTo(path.get(0).asDouble() + t * (path.get(10).asDouble() - path.get(0).asDouble()), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void theCvaeDrawsTheAskedClassWhereZIsAndItsSamplesFollowTheSeed() {
        for (String variant : List.of("concat", "prior-mean")) {
            String three = tiny.ok("api/cvae/decode?variant=" + variant + "&label=3&z1=0.5&z2=-1").get("image").asText();
            String five = tiny.ok("api/cvae/decode?variant=" + variant + "&label=5&z1=0.5&z2=-1").get("image").asText();
            String moved = tiny.ok("api/cvae/decode?variant=" + variant + "&label=3&z1=-2&z2=2").get("image").asText();
            TinyPlayground.png(three);
            assertThat(three).as("%s: another class", variant).isNotEqualTo(five);
            assertThat(three).as("%s: another z", variant).isNotEqualTo(moved);
            JsonNode s1 = tiny.ok("api/cvae/samples?variant=" + variant + "&label=3&n=3&seed=4").get("images");
            assertThat(s1).hasSize(3);
            assertThat(tiny.ok("api/cvae/samples?variant=" + variant + "&label=3&n=3&seed=4").get("images")).isEqualTo(s1);
            assertThat(tiny.ok("api/cvae/samples?variant=" + variant + "&label=3&n=3&seed=5").get("images")).isNotEqualTo(s1);
        }
    }

    @Test
    void denoisingShowsTheCorruptedImageAndBothRepairs() {
        JsonNode clean = tiny.ok("api/denoise?index=4&noise=masking&level=0&seed=1");
        assertThat(clean.get("corrupted").asText()).as("no noise at level 0").isEqualTo(clean.get("clean").asText());
        assertThat(clean.get("mse").get("corrupted").asDouble()).isZero();
        for (String noise : List.of("masking", "salt", "salt-pepper", "gaussian")) {
            JsonNode r = tiny.ok("api/denoise?index=4&noise=" + noise + "&level=0.4&seed=1");
            for (String k : List.of("clean", "corrupted", "dae", "ae")) TinyPlayground.png(r.get(k).asText());
            assertThat(r.get("corrupted").asText()).as(noise).isNotEqualTo(r.get("clean").asText());
            assertThat(r.get("mse").get("corrupted").asDouble()).as(noise).isPositive();
            assertThat(r.get("mse").get("dae").asDouble()).isFinite();
            assertThat(tiny.ok("api/denoise?index=4&noise=" + noise + "&level=0.4&seed=1")).as("same seed, same noise").isEqualTo(r);
        }
    }

    @Test
    void changingACodeOfTheMapChangesTheDecodedImage() {
        JsonNode r = tiny.ok("api/vq/image?index=3");
        int k = r.get("k").asInt();
        assertThat(k).isEqualTo(128);
        int[] codes = new int[49];
        for (int i = 0; i < 49; i++) codes[i] = r.get("codes").get(i).asInt();
        assertThat(Arrays.stream(codes).allMatch(c -> c >= 0 && c < k)).as("codes in [0, K)").isTrue();
        long used = 0;
        for (JsonNode u : r.get("usage")) used += u.asLong();
        assertThat(used).as("usage counts every cell of every test map").isEqualTo(49L * TinyPlayground.TINY.testImages());
        // the map as it is decodes to the panel's picture; one cell changed, another picture
        assertThat(vqDecode(codes)).isEqualTo(r.get("decoded").asText());
        int[] changed = codes.clone();
        changed[24] = (codes[24] + 1) % k;
        assertThat(vqDecode(changed)).isNotEqualTo(r.get("decoded").asText());
    }

    private static String vqDecode(int[] codes) {
        String list = String.join(",", Arrays.stream(codes).mapToObj(Integer::toString).toList());
        return tiny.ok("api/vq/decode?codes=" + list).get("image").asText();
    }

    @Test
    void thePixelCnnStreamsItsFortyNineStepsAsPixelCnnSampleDrawsThem() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = tiny.http.send(HttpRequest.newBuilder(URI.create(tiny.url() + "api/pixelcnn/sample?seed=11&temperature=1")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(r.headers().firstValue("Transfer-encoding").or(() -> r.headers().firstValue("Transfer-Encoding"))).hasValue("chunked");
        List<JsonNode> lines = new ArrayList<>();
        r.body().forEach(l -> {
            try {
                lines.add(PlaygroundServer.JSON.readTree(l));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0).get("k").asInt()).isEqualTo(128);
        assertThat(lines.get(50).get("done").asBoolean()).isTrue();
        int[] drawn = new int[49];
        for (int i = 0; i < 49; i++) {
            JsonNode step = lines.get(i + 1);
            assertThat(step.get("position").asInt()).isEqualTo(i);
            double sum = 0;
            for (JsonNode p : step.get("probs")) sum += p.asDouble();
            assertThat(step.get("probs")).hasSize(128);
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            drawn[i] = step.get("code").asInt();
            assertThat(step.get("probs").get(drawn[i]).asDouble()).as("the drawn code had some probability").isPositive();
            TinyPlayground.png(step.get("image").asText());
        }
        // the second oracle: the library's own sampler with the same generator draws the same codes
        assertThat(drawn).isEqualTo(tiny.playground.vq.prior().sample(1, 7, 7, 1.0, new Rng(11)));
        // the last picture is the decoding of the whole drawn map
        assertThat(lines.get(49).get("image").asText()).isEqualTo(vqDecode(drawn));
    }

    @Test
    void manyRequestsAtOnceAreAllAnswered() {
        List<CompletableFuture<HttpResponse<String>>> all = IntStream.range(0, 24).mapToObj(i -> tiny.http.sendAsync(
                HttpRequest.newBuilder(URI.create(tiny.url() + (i % 3 == 0 ? "api/vq/image?index=" + (i % 20)
                        : i % 3 == 1 ? "api/denoise?index=" + (i % 20) + "&noise=salt&level=0.2&seed=" + i : "api/status"))).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        for (CompletableFuture<HttpResponse<String>> f : all) assertThat(f.join().statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "api/latent/decode?model=vae&z1=1e5&z2=0 | outside the vae plane",
        "api/latent/decode?model=ae&z1=0 | parameter 'z2' is missing",
        "api/latent/decode?model=vae&z1=abc&z2=0 | 'z1' = 'abc' is not a number",
        "api/latent/decode?model=gan&z1=0&z2=0 | must be one of vae, ae",
        "api/latent/decode?model=vae&z1=NaN&z2=0 | outside",
        "api/vq/decode?codes=1,2,3 | must hold 49",
        "api/vq/decode?codes=128,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 | item 0 = 128 is not a valid index, which must be in [0, 128)",
        "api/vq/decode?codes=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-1 | item 48 = -1 is not a valid index",
        "api/vq/image?index=20 | 'index' = 20 is outside [0, 19]",
        "api/interpolate?a=0&b=1&steps=1 | 'steps' = 1 is outside [2, 64]",
        "api/interpolate?a=0&b=99 | 'b' = 99 is outside",
        "api/cvae/decode?variant=concat&label=10&z1=0&z2=0 | 'label' = 10 is outside [0, 9]",
        "api/cvae/decode?variant=concat&label=1&z1=4.5&z2=0 | 'z1' = 4.5 is outside [-4.0, 4.0]",
        "api/cvae/decode?variant=both&label=1&z1=0&z2=0 | must be one of concat, prior-mean",
        "api/cvae/samples?variant=concat&label=1&n=1000 | 'n' = 1000 is outside [1, 64]",
        "api/denoise?index=0&noise=masking&level=1.5 | 'level' = 1.5 is outside [0.0, 1.0]",
        "api/denoise?index=0&noise=blur&level=0.5 | must be one of masking, salt, salt-pepper, gaussian",
        "api/test-images?from=0&count=101 | 'count' = 101 is outside [1, 100]",
        "api/pixelcnn/sample?temperature=0 | 'temperature' = 0 is outside [0.05, 5.0]",
        "api/latent/state?since=x | 'since' = 'x' is not an integer",
        "api/status?a=1&a=2 | parameter 'a' is given twice",
    })
    void badRequestsGet400WithAMessageAndNoStackTrace(String path, String message) {
        TinyPlayground.Answer a = tiny.get(path);
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().get("error").asText()).contains(message);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, api/latent/train?beta=1, 405",
        "POST, api/latent/decode?model=vae&z1=0&z2=0, 405",
        "POST, api/latent/train?beta=-1, 400",
        "POST, api/latent/train?beta=1&steps=0, 400",
        "POST, api/jobs/cancel?panel=everything, 400",
        "GET, api/no/such/call, 404",
    })
    void wrongMethodsUnknownCallsAndBadActionsAreRefused(String method, String path, int status) {
        TinyPlayground.Answer a = method.equals("GET") ? tiny.get(path) : tiny.post(path);
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("error").asText()).isNotBlank();
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        try (TinyPlayground twin = new TinyPlayground(7, true, null); TinyPlayground other = new TinyPlayground(8, true, null)) {
            JsonNode a = tiny.ok("api/latent/state"), b = twin.ok("api/latent/state"), c = other.ok("api/latent/state");
            for (String model : List.of("vae", "ae")) {
                assertThat(b.get(model)).as("%s codes and box, same seed", model).isEqualTo(a.get(model));
                assertThat(c.get(model).get("codes")).as("%s codes, another seed", model).isNotEqualTo(a.get(model).get("codes"));
            }
            assertThat(b.get("curve")).isEqualTo(a.get("curve"));
            for (String path : List.of("api/vq/image?index=1", "api/cvae/samples?variant=prior-mean&label=2&n=2&seed=3",
                    "api/denoise?index=2&noise=gaussian&level=0.3&seed=9", "api/interpolate?a=0&b=3&steps=3")) {
                assertThat(twin.ok(path)).as(path).isEqualTo(tiny.ok(path));
            }
        }
    }

    @Test
    void aNewRunRestartsTheLivePlaneAndCancellingItKeepsTheModelAsItStood() throws Exception {
        try (TinyPlayground own = new TinyPlayground(3, true, null)) {
            JsonNode job = own.ok("POST api/latent/train?beta=0&warmup=10&steps=100000");
            assertThat(job.get("task").asText()).contains("beta 0.0").contains("100000 steps");
            long deadline = System.nanoTime() + 60_000_000_000L;
            // wait for this run (beta 0; the state may still show the run it replaced) to have taken 10 steps
            while (System.nanoTime() < deadline) {
                JsonNode state = own.ok("api/latent/state");
                if (state.get("settings").get("beta").asDouble() == 0 && state.get("step").asLong() >= 10) break;
                Thread.sleep(20);
            }
            assertThat(own.ok("POST api/jobs/cancel?panel=latent").get("cancelled").asBoolean()).isTrue();
            assertThat(own.playground.jobs.await(LatentPanel.PANEL, 30_000)).isTrue();
            assertThat(own.playground.jobs.get(LatentPanel.PANEL).state()).isEqualTo(Job.State.CANCELLED);
            JsonNode s = own.ok("api/latent/state");
            assertThat(s.get("job").get("state").asText()).isEqualTo("cancelled");
            assertThat(s.get("settings").get("beta").asDouble()).isZero();
            assertThat(s.get("step").asLong()).isBetween(10L, 99_999L);
            JsonNode box = s.get("vae").get("box");
            TinyPlayground.png(decodeOn(own, (box.get(0).asDouble() + box.get(1).asDouble()) / 2, (box.get(2).asDouble() + box.get(3).asDouble()) / 2));
            assertThat(own.ok("POST api/latent/stop").get("stopped").asBoolean()).as("nothing left to stop").isFalse();
        }
    }

    private static String decodeOn(TinyPlayground p, double z1, double z2) {
        return p.ok(String.format(Locale.ROOT, "api/latent/decode?model=vae&z1=%s&z2=%s", z1, z2)).get("image").asText();
    }

    @Test
    void aModelThatIsNotThereIsA400SayingSo() {
        try (TinyPlayground empty = new TinyPlayground(1, false, null)) {
            for (String path : List.of("api/latent/decode?model=vae&z1=0&z2=0", "api/interpolate?a=0&b=1",
                    "api/cvae/decode?variant=concat&label=1&z1=0&z2=0", "api/denoise?index=0&noise=salt&level=0.1",
                    "api/vq/image?index=0", "api/pixelcnn/sample?seed=1")) {
                TinyPlayground.Answer a = empty.get(path);
                assertThat(a.status()).as(path).isEqualTo(400);
                assertThat(a.json().get("error").asText()).as(path).containsAnyOf("not ready", "no model");
            }
        }
    }

    @Test
    void theBoxOfAPlaneHoldsItsCodesAndOnlyGrows() {
        float[] codes = {0, 0, 2, 1, -1, 3};
        double[] box = LatentPanel.box(codes, null);
        assertThat(box[1] - box[0]).as("square").isCloseTo(box[3] - box[2], org.assertj.core.data.Offset.offset(1e-12));
        for (int i = 0; i < codes.length; i += 2) {
            assertThat((double) codes[i]).isBetween(box[0], box[1]);
            assertThat((double) codes[i + 1]).isBetween(box[2], box[3]);
        }
        double[] grown = LatentPanel.box(new float[] {0, 0, 0.1f, 0.1f}, box);
        assertThat(grown[0]).isLessThanOrEqualTo(box[0]);
        assertThat(grown[1]).isGreaterThanOrEqualTo(box[1]);
        assertThat(grown[2]).isLessThanOrEqualTo(box[2]);
        assertThat(grown[3]).isGreaterThanOrEqualTo(box[3]);
    }
}

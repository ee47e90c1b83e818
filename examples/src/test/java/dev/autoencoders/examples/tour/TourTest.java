package dev.autoencoders.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoencoders.examples.Cli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's acceptance test of {@code autoencoders tour --quick}: every image index.html links to exists and is a
 * valid, non-blank PNG; every stage has its section with figures, metrics, what to look for and working links to its
 * docs chapter and source; every metric is finite; the page needs no network. The tour (about a minute) runs once.
 */
class TourTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[^>]*)?)>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern SECTION = Pattern.compile("<section id=\"([^\"]*)\">(.*?)</section>", Pattern.DOTALL);
    private static final Pattern LOOK = Pattern.compile("<p class=\"look\">(.*?)</p>", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr><td>(.*?)</td><td class=\"num\">(.*?)</td></tr>");
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]*)\">(.*?)</a>");

    @TempDir
    static Path dir;
    static Path out;
    static Cli.Result run;
    static Path index;
    static String html;

    @BeforeAll
    static void runTheQuickTour() throws IOException {
        out = dir.resolve("tour");
        long t0 = System.nanoTime();
        run = Cli.run("tour", "--quick", "--out", out.toString());
        System.out.printf("tour --quick: %.1f s%n%s", (System.nanoTime() - t0) / 1e9, run.out());
        run.ok(); // every test needs a finished tour; a failure shows the tour's stderr
        index = out.resolve("index.html");
        html = Files.readString(index, StandardCharsets.UTF_8);
    }

    @Test
    void theTourSucceedsWithOneSummaryLinePerStage() {
        assertThat(run.code()).isZero();
        assertThat(index).isRegularFile();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(Stages.ALL.size() + 1);
        for (int i = 0; i < Stages.ALL.size(); i++) {
            assertThat(lines.get(i)).startsWith(Stages.ALL.get(i).dir() + " ").doesNotContain("FAILED").doesNotContain("NaN");
        }
        assertThat(lines.get(lines.size() - 1)).isEqualTo("gallery: " + index);
    }

    @Test
    void everyLinkedImageIsAValidNonBlankPng() throws IOException {
        List<String> images = new ArrayList<>();
        for (Map<String, String> tag : tags(html)) {
            if (tag.get("").equals("img")) images.add(tag.get("src"));
            String href = tag.get("href");
            if (href != null && href.toLowerCase(Locale.ROOT).endsWith(".png")) images.add(href);
        }
        assertThat(images).as("images in index.html").hasSizeGreaterThanOrEqualTo(Stages.ALL.size()).doesNotContainNull();
        for (String src : images) assertValidNonBlankPng(resolve(src));
    }

    @Test
    void everyPngAStageWroteIsOnThePage() throws IOException {
        List<Path> linked = new ArrayList<>();
        for (Map<String, String> tag : tags(html)) if (tag.get("").equals("img")) linked.add(resolve(tag.get("src")));
        for (Stage s : Stages.ALL) {
            try (Stream<Path> files = Files.list(out.resolve(s.dir()))) {
                for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                    assertThat(linked).as("index.html shows %s", png).contains(png.toAbsolutePath().normalize());
                }
            }
        }
    }

    @Test
    void oneSectionPerStageInOrderWithFiguresMetricsWhatToLookForAndLinks() {
        Map<String, String> sections = sections(html);
        assertThat(sections.keySet()).containsExactlyElementsOf(Stages.ALL.stream().map(Stage::dir).toList());
        for (Stage s : Stages.ALL) {
            String body = sections.get(s.dir());
            assertThat(body).as("section %s", s.dir()).doesNotContain("class=\"error\"").contains("<h2>" + TourPage.esc(s.title()) + "</h2>");
            assertThat(body).as("section %s has a figure", s.dir()).contains("<img src=\"" + s.dir() + "/");
            assertThat(body).as("section %s has a metrics table", s.dir()).contains("<table>");
            assertThat(rows(body)).as("section %s metrics", s.dir()).isNotEmpty().containsKeys(s.headline().toArray(String[]::new));

            Matcher look = LOOK.matcher(body);
            assertThat(look.find()).as("section %s has what to look for", s.dir()).isTrue();
            assertThat(unescape(look.group(1)).strip()).isNotEmpty().isEqualTo(s.lookFor());
            // a quick run says what it is too short to show, where that is the case
            if (s.quickNote() != null) assertThat(body).as("section %s's quick note", s.dir()).contains("Quick run: " + TourPage.esc(s.quickNote()));
            else assertThat(body).as("section %s", s.dir()).doesNotContain("Quick run:");

            Map<String, String> links = new LinkedHashMap<>();
            Matcher a = LINK.matcher(body);
            while (a.find()) links.put(unescape(a.group(2)), unescape(a.group(1)));
            String chapter = "docs/" + s.chapter();
            assertThat(links).as("section %s links", s.dir()).containsKeys(chapter, s.source());
            Path repo = repositoryRoot();
            assertThat(resolve(links.get(chapter))).as("%s's chapter link", s.dir()).isRegularFile()
                    .isEqualTo(repo.resolve(chapter).normalize());
            assertThat(resolve(links.get(s.source()))).as("%s's source link", s.dir()).isRegularFile()
                    .isEqualTo(repo.resolve(s.source()).normalize());
        }
        // the navigation at the top links to every section, in order
        String nav = html.substring(html.indexOf("<nav>"), html.indexOf("</nav>"));
        List<String> anchors = new ArrayList<>();
        Matcher a = LINK.matcher(nav);
        while (a.find()) anchors.add(a.group(1));
        assertThat(anchors).containsExactlyElementsOf(Stages.ALL.stream().map(s -> "#" + s.dir()).toList());
    }

    @Test
    void everyMetricIsFiniteInMetricsJsonAndOnThePage() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> sections = sections(html);
        for (Stage s : Stages.ALL) {
            Path file = out.resolve(s.dir()).resolve("metrics.json");
            JsonNode root = json.readTree(file.toFile());
            assertThat(root.isObject()).as("%s is a JSON object", file).isTrue();
            assertFinite(root, file + ":");

            // the page shows exactly these metrics, in this order, none of them NaN, infinite or null (non-finite in JSON)
            Map<String, String> shown = rows(sections.get(s.dir()));
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            assertThat(shown.keySet()).as("metrics of %s on the page", s.dir()).containsExactlyElementsOf(keys);
            shown.forEach((k, v) -> {
                assertThat(v).as("%s %s on the page", s.dir(), k).isNotBlank().doesNotContainIgnoringCase("nan")
                        .doesNotContainIgnoringCase("infinity").doesNotContain("\u221e").isNotEqualTo("null");
                if (root.get(k).isNumber()) {
                    // TourPage formats numbers in Locale.ROOT, as metrics.json has them
                    assertThat(Double.parseDouble(v)).as("%s %s on the page", s.dir(), k).isFinite()
                            .isCloseTo(root.get(k).doubleValue(), withPercentage(1e-3));
                }
            });
        }
    }

    @Test
    void thePageNeedsNoNetwork() {
        for (Map<String, String> tag : tags(html)) {
            String name = tag.get("").toLowerCase(Locale.ROOT);
            List<String> urls = new ArrayList<>();
            if (tag.containsKey("src")) urls.add(tag.get("src"));
            if ((name.equals("link") || name.equals("script")) && tag.containsKey("href")) urls.add(tag.get("href"));
            for (String u : urls) {
                assertThat(u.toLowerCase(Locale.ROOT)).as("<%s> loads %s", name, u).doesNotStartWith("http:").doesNotStartWith("https:")
                        .doesNotStartWith("//");
            }
        }
        String style = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
        assertThat(style).as("the inline style").doesNotContain("http:").doesNotContain("https:").doesNotContain("@import");
    }

    @Test
    void onlyRunsTheNamedStagesAndOneAtATimeGivesTheSameBitsAsTwoAtATime(@TempDir Path tmp) throws IOException {
        Path only = tmp.resolve("only");
        Cli.run("tour", "--only", "ae,conv-ae", "--jobs", "1", "--quick", "--out", only.toString()).ok();
        String page = Files.readString(only.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(sections(page).keySet()).containsExactly("ae", "conv-ae");
        try (Stream<Path> dirs = Files.list(only)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ae", "conv-ae");
        }
        // the full tour trained these stages two at a time, each beside another stage: the same metrics, bit for bit
        for (String stage : List.of("ae", "conv-ae")) {
            assertThat(Files.readAllBytes(only.resolve(stage).resolve("metrics.json")))
                    .as("%s's metrics.json, alone vs beside another stage", stage)
                    .isEqualTo(Files.readAllBytes(out.resolve(stage).resolve("metrics.json")));
        }
    }

    @Test
    void everyStageHasAStartRankAfterTheStageItReads() {
        assertThat(Stages.LONGEST_FIRST).containsExactlyInAnyOrderElementsOf(Stages.ALL.stream().map(Stage::dir).toList());
        for (Stage s : Stages.ALL) {
            if (s.needs() != null) {
                assertThat(Stages.startRank(s.dir())).as("%s starts after %s, whose model it reads", s.dir(), s.needs())
                        .isGreaterThan(Stages.startRank(s.needs()));
            }
        }
    }

    @Test
    void aStageThatReadsAnEarlierStagesOutputWaitsForIt() {
        Stage pixelcnn = Stages.ALL.stream().filter(s -> s.dir().equals("pixelcnn")).findFirst().orElseThrow();
        assertThat(pixelcnn.needs()).isEqualTo("vq-vae");
        assertThat(Stages.ALL.stream().filter(s -> !s.dir().equals("pixelcnn")).map(Stage::needs)).containsOnlyNulls();
    }

    @Test
    void jobsBelowOneAreRefused() {
        Cli.Result r = Cli.run("tour", "--jobs", "0", "--quick");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("autoencoders tour: Invalid value for option '--jobs': 0 must be >= 1 (see 'autoencoders tour --help')\n");
    }

    @Test
    void theSummaryHasOneRowPerModelWithALinkAThumbnailItsHeadlineMetricAndItsBaseline() {
        int start = html.indexOf("<table class=\"summary\">");
        assertThat(start).as("a summary table").isPositive().isLessThan(html.indexOf("<section"));
        String table = html.substring(start, html.indexOf("</table>", start));
        Matcher row = Pattern.compile("<tr><td><a href=\"#([^\"]*)\">.*?</tr>", Pattern.DOTALL).matcher(table);
        Map<String, String> rows = new LinkedHashMap<>();
        while (row.find()) rows.put(row.group(1), row.group());
        assertThat(rows.keySet()).containsExactlyElementsOf(Stages.ALL.stream().map(Stage::dir).toList());
        Map<String, String> baselines = Map.of("deep-ae", "PCA-30", "dae", "plain AE", "pixelcnn", "unigram prior");
        for (Stage s : Stages.ALL) {
            String r = rows.get(s.dir());
            assertThat(r).as("%s's thumbnail", s.dir()).contains("<img src=\"" + s.dir() + "/").doesNotContain("/loss.png");
            String headline = s.headline().get(0);
            String shown = String.format(Locale.ROOT, "%.4g", Cli.metrics(out.resolve(s.dir())).getDouble(headline));
            assertThat(r).as("%s's headline metric", s.dir()).contains(headline + " <code>" + shown + "</code>");
            if (baselines.containsKey(s.dir())) assertThat(r).as("%s's baseline", s.dir()).contains(baselines.get(s.dir()) + " <code>");
            else assertThat(r).as("%s has no baseline", s.dir()).contains("&mdash;");
        }
    }

    @Test
    void figuresAreEnlargedByAWholeNumberAndDrawnPixelated() throws IOException {
        assertThat(html).contains("image-rendering: pixelated");
        int enlarged = 0;
        for (String body : sections(html).values()) {
            for (Map<String, String> tag : tags(body)) {
                if (!tag.get("").equals("img")) continue;
                BufferedImage img = ImageIO.read(resolve(tag.get("src")).toFile());
                int w = Integer.parseInt(tag.get("width")), h = Integer.parseInt(tag.get("height"));
                assertThat(w % img.getWidth()).as("%s: width %d a whole multiple of %d", tag.get("src"), w, img.getWidth()).isZero();
                int k = w / img.getWidth();
                assertThat(k).isBetween(1, 4);
                assertThat(h).as("%s: the same factor on both sides", tag.get("src")).isEqualTo(k * img.getHeight());
                assertThat(w).as("%s fits the page", tag.get("src")).isLessThanOrEqualTo(Math.max(TourPage.MAX_WIDTH, img.getWidth()));
                if (k > 1) enlarged++;
            }
        }
        // the digit grids (8 digits with padding: 242 pixels) are shown 3 times larger
        assertThat(enlarged).as("enlarged figures").isGreaterThanOrEqualTo(Stages.ALL.size());
        assertThat(TourPage.scale(242)).isEqualTo(3);
        assertThat(TourPage.scale(2000)).isEqualTo(1);
        assertThat(TourPage.scale(30)).isEqualTo(4);
    }

    @Test
    void thePageLinksThePlayground() {
        assertThat(html).contains("<code>./autoencoders playground</code>");
        Matcher a = LINK.matcher(html.substring(html.indexOf("class=\"playground\""), html.indexOf("<nav>")));
        assertThat(a.find()).as("a link to the playground's docs").isTrue();
        assertThat(resolve(unescape(a.group(1)))).isRegularFile().isEqualTo(repositoryRoot().resolve("docs/playground.md").normalize());
    }

    // --- helpers ---

    /** Fails unless the number nodes under {@code node} are all finite (a non-finite metric is written as null). */
    private static void assertFinite(JsonNode node, String where) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertFinite(e.getValue(), where + " " + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) assertFinite(node.get(i), where + "[" + i + "]");
        } else if (node.isNull()) {
            fail("%s is null: metrics.json writes a NaN or infinite metric as null", where);
        } else if (node.isNumber()) {
            assertThat(node.doubleValue()).as(where).isFinite();
        }
    }

    private static void assertValidNonBlankPng(Path file) throws IOException {
        assertThat(file).as("linked image").isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(in.readNBytes(PNG_SIGNATURE.length)).as("%s starts with the PNG signature", file).isEqualTo(PNG_SIGNATURE);
        }
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img).as("%s decodes", file).isNotNull();
        assertThat(img.getWidth() * img.getHeight()).as("%s has pixels", file).isPositive();
        int first = img.getRGB(0, 0);
        boolean varies = false;
        for (int y = 0; y < img.getHeight() && !varies; y++) {
            for (int x = 0; x < img.getWidth() && !varies; x++) varies = img.getRGB(x, y) != first;
        }
        assertThat(varies).as("%s is not blank (one colour)", file).isTrue();
    }

    /** A src or href of index.html as a file: a file: URL, or a path relative to index.html. */
    private static Path resolve(String url) {
        assertThat(url).as("link").isNotBlank();
        URI uri;
        try {
            uri = index.toAbsolutePath().toUri().resolve(new URI(url));
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError("not a valid URL in index.html: " + url, e);
        }
        assertThat(uri.getScheme()).as("%s is a local file", url).isEqualTo("file");
        return Path.of(uri).toAbsolutePath().normalize();
    }

    /** The repository this test runs in: the folder above examples/ with docs/README.md. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docs/README.md")) && Files.isDirectory(p.resolve("examples"))) return p.normalize();
        }
        throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** Every start tag of the page: its attributes (unescaped) and, under "", its name. */
    private static List<Map<String, String>> tags(String page) {
        List<Map<String, String>> tags = new ArrayList<>();
        Matcher t = TAG.matcher(page);
        while (t.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("", t.group(1));
            Matcher a = ATTR.matcher(t.group(2));
            while (a.find()) attrs.put(a.group(1).toLowerCase(Locale.ROOT), unescape(a.group(2)));
            tags.add(attrs);
        }
        return tags;
    }

    /** The sections of the page by id, in order. */
    private static Map<String, String> sections(String page) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(page);
        while (m.find()) assertThat(sections.put(m.group(1), m.group(2))).as("section id %s is unique", m.group(1)).isNull();
        return sections;
    }

    /** The metrics table of a section: name to the value shown, in order. */
    private static Map<String, String> rows(String section) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) rows.put(unescape(m.group(1)), unescape(m.group(2)));
        return rows;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}

package dev.autoencoders.examples.tour;

import dev.autoencoders.util.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tour's gallery, {@code index.html}: a summary table (one row per model: its headline metric beside the baseline
 * the command computes, a thumbnail, a link to its section), then one section per model with its figures, its metrics
 * table, what to look for, and links to its docs chapter and source file. Figures are enlarged by a whole number
 * ({@link #scale}) and drawn with {@code image-rendering: pixelated}, so that a 28-pixel digit is a sharp block of
 * pixels, not a blur. Self-contained: inline style, no scripts, no external fonts, images by relative path, so it
 * opens from the file system without a server or a network.
 */
final class TourPage {
    private TourPage() {}

    /** What one stage produced. {@code figures} are file names in the stage's folder; {@code error} is null on success. */
    record Result(Stage stage, List<String> args, Metrics metrics, List<String> figures, double seconds, String error) {}

    /** Metrics that are a baseline the command computes beside its model, and what the summary calls them. */
    static final Map<String, String> BASELINES = Map.of(
            "pca30_test_mse", "PCA-30", "baseline_test_mse_corrupted", "plain AE", "unigram_nll_nats_per_code", "unigram prior");
    /** Figures are enlarged by a whole number to at most this width (pixels), and never more than 4 times. */
    static final int MAX_WIDTH = 960;
    /** The figure a model's summary row shows as its thumbnail, the first of these that it wrote (else its first figure). */
    private static final List<String> THUMBNAILS = List.of("samples.png", "denoising.png", "filters.png", "code_maps.png", "reconstructions.png");

    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 66em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; } h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
            nav a { margin-right: .8em; } code { background: #f3f3f3; padding: 0 .25em; }
            .look { font-style: italic; } .note { color: #865; } .error { color: #a00; font-weight: bold; }
            table { border-collapse: collapse; margin: .6em 0; } td, th { border: 1px solid #ccc; padding: .15em .6em; text-align: left; }
            td.num { text-align: right; font-family: monospace; white-space: nowrap; }
            figure { display: inline-block; margin: .5em 1em .5em 0; vertical-align: top; }
            figure img { image-rendering: pixelated; border: 1px solid #ddd; }
            figcaption { font-size: .85em; color: #555; }
            table.summary td { vertical-align: middle; } table.summary img { height: 64px; border: 1px solid #ddd; }
            .playground { background: #f3f6fb; border: 1px solid #cdd8ea; padding: .5em .8em; }
            """;

    /**
     * @param root the repository root (for links to docs and sources), or null when unknown
     * @param out  the tour's folder, where index.html is written
     */
    static String html(List<Result> results, Path root, Path out, boolean quick) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>autoencoders: the tour</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>The autoencoder family, trained on the embedded data</h1>\n");
        h.append("<p>Made by <code>autoencoders tour").append(quick ? " --quick" : "").append("</code>: every model trained in turn, ")
                .append(quick ? "briefly, on part of the training images (the quick classroom version; run <code>autoencoders tour</code> for the full one)" : "on the embedded data sets")
                .append(". Each section shows the figures its command wrote, its metrics, and where to read the math and the code.</p>\n");
        h.append("<p class=\"playground\">Explore these models live, moving points and codes: <code>./autoencoders playground</code> ")
                .append("serves a page on this machine that loads them from this folder (").append(link(root, out, "docs/playground.md", "docs/playground.md"))
                .append(").</p>\n");
        h.append("<nav>");
        for (Result r : results) h.append("<a href=\"#").append(r.stage().dir()).append("\">").append(esc(r.stage().title())).append("</a> ");
        h.append("</nav>\n");
        summary(h, results);
        for (Result r : results) section(h, r, root, out, quick);
        return h.append("</body>\n</html>\n").toString();
    }

    /**
     * The summary table: per model a link to its section, a thumbnail, its headline metric (the stage's first) and the
     * baseline its command computes beside it (PCA-30, the plain AE, the unigram prior), where it has one.
     */
    private static void summary(StringBuilder h, List<Result> results) {
        h.append("<table class=\"summary\">\n<tr><th>model</th><th>figure</th><th>headline metric</th><th>baseline</th><th>time</th></tr>\n");
        for (Result r : results) {
            Stage s = r.stage();
            h.append("<tr><td><a href=\"#").append(s.dir()).append("\">").append(esc(s.title())).append("</a></td><td>");
            String thumb = thumbnail(r);
            if (thumb != null) h.append("<img src=\"").append(esc(s.dir() + "/" + thumb)).append("\" alt=\"").append(esc(s.title() + ": " + thumb)).append("\">");
            h.append("</td>");
            if (r.error() != null) {
                h.append("<td colspan=\"2\" class=\"error\">failed</td>");
            } else {
                String headline = s.headline().get(0);
                h.append("<td>").append(metric(r.metrics(), headline, headline)).append("</td><td>");
                String baseline = s.headline().stream().filter(BASELINES::containsKey).findFirst().orElse(null);
                h.append(baseline == null ? "&mdash;" : metric(r.metrics(), baseline, BASELINES.get(baseline))).append("</td>");
            }
            h.append(String.format(Locale.ROOT, "<td class=\"num\">%.1f s</td></tr>%n", r.seconds()));
        }
        h.append("</table>\n");
    }

    /** {@code name value}, the value as the metrics table shows it, or the name alone when the metric is missing. */
    private static String metric(Metrics m, String key, String name) {
        if (!m.has(key)) return esc(name);
        Object v = m.get(key);
        String shown = v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
        return esc(name) + " <code>" + esc(shown) + "</code>";
    }

    private static String thumbnail(Result r) {
        for (String t : THUMBNAILS) if (r.figures().contains(t)) return t;
        return r.figures().stream().filter(f -> !f.equals("loss.png")).findFirst().orElse(r.figures().isEmpty() ? null : r.figures().get(0));
    }

    /** The whole number a figure of this width is enlarged by: as large as fits {@link #MAX_WIDTH}, from 1 to 4. */
    static int scale(int width) {
        return Math.max(1, Math.min(4, MAX_WIDTH / Math.max(1, width)));
    }

    /** Width and height of a PNG, from its IHDR chunk (bytes 16 to 23), or null when the file is not a readable PNG. */
    static int[] pngSize(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(24);
            if (b.length < 24 || b[0] != (byte) 0x89 || b[1] != 'P' || b[12] != 'I' || b[13] != 'H') return null;
            int w = ((b[16] & 0xff) << 24) | ((b[17] & 0xff) << 16) | ((b[18] & 0xff) << 8) | (b[19] & 0xff);
            int ht = ((b[20] & 0xff) << 24) | ((b[21] & 0xff) << 16) | ((b[22] & 0xff) << 8) | (b[23] & 0xff);
            return w > 0 && ht > 0 ? new int[] {w, ht} : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void section(StringBuilder h, Result r, Path root, Path out, boolean quick) {
        Stage s = r.stage();
        h.append("\n<section id=\"").append(s.dir()).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
        h.append("<p class=\"look\">").append(esc(s.lookFor())).append("</p>\n");
        if (quick && s.quickNote() != null) h.append("<p class=\"note\">Quick run: ").append(esc(s.quickNote())).append("</p>\n");
        h.append("<p>Command: <code>autoencoders ").append(esc(String.join(" ", r.args()))).append("</code> (")
                .append(String.format(Locale.ROOT, "%.1f s", r.seconds())).append(")<br>\n");
        h.append("Read: ").append(link(root, out, "docs/" + s.chapter(), "docs/" + s.chapter()))
                .append(" · Code: ").append(link(root, out, s.source(), s.source())).append("</p>\n");
        if (r.error() != null) {
            h.append("<p class=\"error\">This stage failed: ").append(esc(r.error())).append("</p>\n</section>\n");
            return;
        }
        h.append("<table>\n<tr><th>metric</th><th>value</th></tr>\n");
        for (Map.Entry<String, Object> e : r.metrics().asMap().entrySet()) {
            Object v = e.getValue();
            String shown = v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v);
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">").append(esc(shown)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (String f : r.figures()) {
            String src = s.dir() + "/" + f;
            // enlarged by a whole number, each pixel a sharp square (image-rendering: pixelated)
            int[] size = pngSize(out.resolve(s.dir()).resolve(f));
            String dims = size == null ? "" : " width=\"" + size[0] * scale(size[0]) + "\" height=\"" + size[1] * scale(size[0]) + "\"";
            h.append("<figure><img src=\"").append(esc(src)).append("\"").append(dims).append(" alt=\"").append(esc(s.title() + ": " + f))
                    .append("\"><figcaption>").append(esc(f)).append(size == null || scale(size[0]) == 1 ? "" : " (&times;" + scale(size[0]) + ")")
                    .append("</figcaption></figure>\n");
        }
        h.append("</section>\n");
    }

    /** A link from the tour's folder to a file of the repository, or the plain path when the repository is unknown. */
    private static String link(Path root, Path out, String repoPath, String text) {
        if (root == null) return "<code>" + esc(text) + "</code>";
        Path target = root.resolve(repoPath).toAbsolutePath().normalize();
        String rel = out.toAbsolutePath().normalize().relativize(target).toString().replace('\\', '/');
        return "<a href=\"" + esc(rel) + "\">" + esc(text) + "</a>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

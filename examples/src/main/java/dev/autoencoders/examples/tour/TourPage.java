package dev.autoencoders.examples.tour;

import dev.autoencoders.util.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tour's gallery, {@code index.html}: one section per model with its figures, its metrics table, what to look
 * for, and links to its docs chapter and source file. Self-contained: inline style, no scripts, no external
 * fonts, images by relative path, so it opens from the file system without a server or a network.
 */
final class TourPage {
    private TourPage() {}

    /** What one stage produced. {@code figures} are file names in the stage's folder; {@code error} is null on success. */
    record Result(Stage stage, List<String> args, Metrics metrics, List<String> figures, double seconds, String error) {}

    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; } h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
            nav a { margin-right: .8em; } code { background: #f3f3f3; padding: 0 .25em; }
            .look { font-style: italic; } .note { color: #865; } .error { color: #a00; font-weight: bold; }
            table { border-collapse: collapse; margin: .6em 0; } td, th { border: 1px solid #ccc; padding: .15em .6em; text-align: left; }
            td.num { text-align: right; font-family: monospace; }
            figure { display: inline-block; margin: .5em 1em .5em 0; vertical-align: top; }
            figure img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
            figcaption { font-size: .85em; color: #555; }
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
        h.append("<nav>");
        for (Result r : results) h.append("<a href=\"#").append(r.stage().dir()).append("\">").append(esc(r.stage().title())).append("</a> ");
        h.append("</nav>\n");
        for (Result r : results) section(h, r, root, out, quick);
        return h.append("</body>\n</html>\n").toString();
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
            h.append("<figure><img src=\"").append(esc(src)).append("\" alt=\"").append(esc(s.title() + ": " + f))
                    .append("\"><figcaption>").append(esc(f)).append("</figcaption></figure>\n");
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

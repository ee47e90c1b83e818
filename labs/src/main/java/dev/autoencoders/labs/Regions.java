package dev.autoencoders.labs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solution regions of one source file. A region is a begin marker, the solution's lines, and an end marker:
 * <pre>
 *   Java:      // @lab demo begin
 *              return w * h;
 *              // @lab demo end -> return Lab.todo("demo", "Shapes.area");
 *
 *   Markdown:  &lt;!-- @lab demo begin --&gt;
 *              (the handout's solution notes)
 *              &lt;!-- @lab demo end --&gt;
 * </pre>
 * In a student copy ({@link #strip}) the markers stay and the solution's lines become the stub after {@code ->}
 * (nothing, in Markdown); the end marker loses its {@code -> stub}. {@link #restore} puts the solution back: restoring
 * a stripped file gives the original byte for byte. {@link #bodies} reads what stands between the markers of a copy
 * (a student's code) and {@link #transplant} puts it into the instructor's file.
 *
 * <p>Rules, each broken one an error naming the file and line: regions do not nest; every begin has its end, with the
 * same lab id; the id is a lab of the catalog; a Java end marker of the instructor's source carries a stub that calls
 * {@code Lab.todo("<id>", ...)}; a comment that starts like a marker ({@code // @lab}) is one of the two forms.
 * Only whole lines count as markers: a Java marker is a line comment alone on its line, a Markdown marker an HTML
 * comment alone on its line.
 */
public final class Regions {
    private Regions() {}

    /** The comment syntax of a file, by its name; null for files that hold no regions. */
    public enum Syntax {
        JAVA(Pattern.compile("^([ \\t]*)// @lab (\\S+) (begin|end)(?: -> (.*\\S))?[ \\t]*$"), Pattern.compile("^[ \\t]*//\\s*@lab\\b")),
        MARKDOWN(Pattern.compile("^([ \\t]*)<!-- @lab (\\S+) (begin|end) -->[ \\t]*$"), Pattern.compile("^[ \\t]*<!--\\s*@lab\\b"));

        final Pattern marker;
        final Pattern looksLikeMarker;

        Syntax(Pattern marker, Pattern looksLikeMarker) {
            this.marker = marker;
            this.looksLikeMarker = looksLikeMarker;
        }

        /** JAVA for {@code *.java}, MARKDOWN for {@code *.md}, else null. */
        public static Syntax of(String path) {
            if (path.endsWith(".java")) return JAVA;
            if (path.endsWith(".md")) return MARKDOWN;
            return null;
        }
    }

    /**
     * One region: its lab, the lines of its markers (1-based) and the exact text of the begin line, the body and the
     * end line, each with its line terminator.
     */
    public record Region(String lab, int beginLine, int endLine, String begin, String body, String end, String stub, String indent, String newline) {}

    /** Every region of the file, in order; {@code file} names it in errors. */
    public static List<Region> parse(String file, String text, Syntax syntax, Set<String> labs) {
        List<String> lines = lines(text);
        List<Region> regions = new ArrayList<>();
        String openLab = null;
        int openLine = 0;
        String openText = null;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String content = stripNewline(line);
            Matcher m = syntax.marker.matcher(content);
            if (!m.matches()) {
                if (syntax.looksLikeMarker.matcher(content).find()) {
                    throw LabException.at(file, i + 1, "a malformed lab marker: '" + content.strip() + "' (the forms: "
                            + (syntax == Syntax.JAVA ? "'// @lab <id> begin', '// @lab <id> end -> <stub>'" : "'<!-- @lab <id> begin -->', '<!-- @lab <id> end -->'") + ")");
                }
                if (openLab != null) body.append(line);
                continue;
            }
            String lab = m.group(2), kind = m.group(3), stub = m.groupCount() >= 4 ? m.group(4) : null;
            if (!labs.contains(lab)) throw LabException.at(file, i + 1, "unknown lab '" + lab + "' (the labs: " + String.join(", ", labs) + ")");
            if (kind.equals("begin")) {
                if (openLab != null) throw LabException.at(file, i + 1, "'@lab " + lab + " begin' inside the region of '" + openLab + "' opened at line " + openLine + " (regions do not nest)");
                if (stub != null) throw LabException.at(file, i + 1, "a begin marker takes no stub");
                openLab = lab;
                openLine = i + 1;
                openText = line;
                body.setLength(0);
            } else {
                if (openLab == null) throw LabException.at(file, i + 1, "'@lab " + lab + " end' without a begin");
                if (!openLab.equals(lab)) throw LabException.at(file, i + 1, "'@lab " + lab + " end' closes the region of '" + openLab + "' opened at line " + openLine);
                if (stub != null && syntax == Syntax.MARKDOWN) throw LabException.at(file, i + 1, "a Markdown region has no stub");
                if (stub != null && !stub.contains("Lab.todo(\"" + lab + "\"")) {
                    throw LabException.at(file, i + 1, "the stub of a '" + lab + "' region must call Lab.todo(\"" + lab + "\", ...), got: " + stub);
                }
                regions.add(new Region(lab, openLine, i + 1, openText, body.toString(), line, stub, m.group(1), newline(line)));
                openLab = null;
            }
        }
        if (openLab != null) throw LabException.at(file, openLine, "'@lab " + openLab + " begin' has no end");
        return regions;
    }

    /** The regions of one lab. */
    public static List<Region> of(String lab, List<Region> regions) {
        return regions.stream().filter(r -> r.lab().equals(lab)).toList();
    }

    /**
     * The student copy of a file: each region of {@code lab} keeps its markers, its body becomes the stub (Java) or
     * nothing (Markdown), and the end marker loses its {@code -> stub}. Other labs' regions are left as they are.
     */
    public static String strip(String file, String text, Syntax syntax, Set<String> labs, String lab) {
        return rewrite(file, text, syntax, labs, lab, (r, i) -> {
            if (syntax == Syntax.MARKDOWN) return r.begin() + r.end();
            if (r.stub() == null) throw LabException.at(file, r.endLine(), "the end of a Java region needs its stub: '// @lab " + lab + " end -> <stub>'");
            return r.begin() + r.indent() + r.stub() + r.newline() + r.indent() + "// @lab " + lab + " end" + r.newline();
        });
    }

    /**
     * The inverse of {@link #strip}: the regions of {@code lab} in {@code copy} get back the bodies and end markers of
     * {@code solution} (the original file's regions of that lab, in order).
     */
    public static String restore(String file, String copy, Syntax syntax, Set<String> labs, String lab, List<Region> solution) {
        return rewrite(file, copy, syntax, labs, lab, (r, i) -> {
            if (i >= solution.size()) throw LabException.at(file, r.beginLine(), "the copy has more '" + lab + "' regions than the original (" + solution.size() + ")");
            Region s = solution.get(i);
            return r.begin() + s.body() + s.end();
        }, solution.size());
    }

    /** What stands between the markers of each region of {@code lab}, in order: in a student's copy, their code. */
    public static List<String> bodies(String file, String text, Syntax syntax, Set<String> labs, String lab) {
        return of(lab, parse(file, text, syntax, labs)).stream().map(Region::body).toList();
    }

    /** The instructor's file with the bodies of its {@code lab} regions replaced by {@code bodies} (a student's code). */
    public static String transplant(String file, String text, Syntax syntax, Set<String> labs, String lab, List<String> bodies) {
        return rewrite(file, text, syntax, labs, lab, (r, i) -> r.begin() + bodies.get(i) + r.end(), bodies.size());
    }

    private interface Rewrite {
        String apply(Region r, int index);
    }

    private static String rewrite(String file, String text, Syntax syntax, Set<String> labs, String lab, Rewrite f) {
        return rewrite(file, text, syntax, labs, lab, f, -1);
    }

    /** Replaces the lines of each region of {@code lab} (markers included) by {@code f}'s text; {@code expected} >= 0 checks their number. */
    private static String rewrite(String file, String text, Syntax syntax, Set<String> labs, String lab, Rewrite f, int expected) {
        List<Region> regions = of(lab, parse(file, text, syntax, labs));
        if (expected >= 0 && regions.size() != expected) {
            throw new LabException(file + ": " + regions.size() + " '" + lab + "' regions where " + expected + " were expected (a marker removed or added?)");
        }
        List<String> lines = lines(text);
        StringBuilder out = new StringBuilder(text.length());
        int next = 0; // the next line (0-based) not yet written
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            for (int k = next; k < r.beginLine() - 1; k++) out.append(lines.get(k));
            out.append(f.apply(r, i));
            next = r.endLine();
        }
        for (int k = next; k < lines.size(); k++) out.append(lines.get(k));
        return out.toString();
    }

    /** The lines of a text, each with its terminator ({@code \n}, {@code \r\n}, or none for a last line without one). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) lines.add(text.substring(start));
        return lines;
    }

    private static String stripNewline(String line) {
        if (line.endsWith("\r\n")) return line.substring(0, line.length() - 2);
        if (line.endsWith("\n")) return line.substring(0, line.length() - 1);
        return line;
    }

    private static String newline(String line) {
        if (line.endsWith("\r\n")) return "\r\n";
        return "\n";
    }
}

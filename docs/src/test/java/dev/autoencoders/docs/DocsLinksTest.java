package dev.autoencoders.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link in the docs (and the README) points to something that exists: a file relative to the page, and,
 * where the link text names {@code `Class.member`} and the target is a Java file, a class of that name declared
 * in it with a method or field of that name.
 */
class DocsLinksTest {
    /** Surefire runs in the module folder: docs/. */
    private static final Path DOCS = Path.of("").toAbsolutePath();
    private static final Path ROOT = DOCS.getParent();
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern MEMBER = Pattern.compile("^`([A-Z][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?(?:\\(\\))?`$");

    record Link(Path page, int line, String text, String target) {
        @Override
        public String toString() {
            return ROOT.relativize(page) + ":" + line + " [" + text + "](" + target + ")";
        }
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> s = Files.walk(DOCS)) {
            s.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/") && !p.toString().contains("/src/")).forEach(pages::add);
        }
        pages.add(ROOT.resolve("README.md"));
        return pages;
    }

    static List<Link> links(Path page) throws IOException {
        List<Link> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.trim().startsWith("```")) code = !code;
            if (code) continue;
            Matcher m = LINK.matcher(l);
            while (m.find()) out.add(new Link(page, i + 1, m.group(1), m.group(2)));
        }
        return out;
    }

    /** What is wrong with a link, or null: a missing file, or a named class or member the Java file lacks. */
    static String problem(Link link) throws IOException {
        String t = link.target();
        String file = t.contains("#") ? t.substring(0, t.indexOf('#')) : t;
        Path target = link.page().getParent().resolve(file).normalize();
        if (!Files.exists(target)) return link + ": no such file " + ROOT.relativize(target);
        Matcher mm = MEMBER.matcher(link.text());
        if (file.endsWith(".java") && mm.matches()) {
            String src = Files.readString(target);
            String cls = mm.group(1), member = mm.group(2);
            if (!Pattern.compile("\\b(class|record|interface|enum)\\s+" + cls + "\\b").matcher(src).find()) {
                return link + ": " + file + " declares no class " + cls;
            }
            if (member != null && !Pattern.compile("\\b" + member + "\\s*[(=;,)]").matcher(src).find()) {
                return link + ": " + file + " has no member " + member;
            }
        }
        return null;
    }

    static boolean external(String target) {
        return target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:") || target.startsWith("#");
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFileAndNamedMembersExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (Link link : links(page)) {
                if (external(link.target())) continue;
                checked++;
                String p = problem(link);
                if (p != null) broken.add(p);
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("links checked").isGreaterThan(0);
    }

    /** The checker can fail: a missing file, a missing class and a missing member are each reported. */
    @Test
    void brokenLinksAreDetected() throws IOException {
        Path page = DOCS.resolve("README.md");
        String tensor = "../core/src/main/java/dev/autoencoders/tensor/Tensor.java";
        assertThat(problem(new Link(page, 1, "x", "nope.md"))).contains("no such file");
        assertThat(problem(new Link(page, 1, "`Tensr.backward`", tensor))).contains("declares no class Tensr");
        assertThat(problem(new Link(page, 1, "`Tensor.noSuchMethod`", tensor))).contains("has no member noSuchMethod");
        assertThat(problem(new Link(page, 1, "`Tensor.backward`", tensor))).isNull();
        assertThat(problem(new Link(page, 1, "`Tensor`", tensor))).isNull();
    }
}

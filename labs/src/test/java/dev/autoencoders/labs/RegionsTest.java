package dev.autoencoders.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The markers: strip and restore (byte for byte), what a copy's regions hold, the transplant of a student's code, and
 * the generator's errors with file and line. The sources are built line by line, so that no line of this file is
 * itself a marker.
 */
class RegionsTest {
    static final Set<String> LABS = Set.of("vae", "vq");
    static final String M = "// @lab ";

    static String src(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static final String ORIGINAL = src(
            "class Q {",
            "    Tensor rsample(Tensor eps) {",
            "        // z = mu + sigma * eps",
            "        " + M + "vae begin",
            "        Tensor sigma = logvar.mul(0.5).exp();",
            "        return mu.add(sigma.mul(eps));",
            "        " + M + "vae end -> return Lab.todo(\"vae\", \"Q.rsample\");",
            "    }",
            "    int k() {",
            "        " + M + "vq begin",
            "        return 3;",
            "        " + M + "vq end -> return Lab.todo(\"vq\", \"Q.k\");",
            "    }",
            "}");

    @Test
    void stripKeepsTheMarkersAndPutsTheStubInPlaceOfTheSolution() {
        String copy = Regions.strip("Q.java", ORIGINAL, Regions.Syntax.JAVA, LABS, "vae");
        // the two lines of the solution become the stub, the end marker loses its '-> stub'; the vq region stays
        String solution2 = "        Tensor sigma = logvar.mul(0.5).exp();\n        return mu.add(sigma.mul(eps));\n";
        String end = "        " + M + "vae end -> return Lab.todo(\"vae\", \"Q.rsample\");\n";
        assertThat(ORIGINAL).contains(solution2 + end);
        assertThat(copy).isEqualTo(ORIGINAL.replace(solution2 + end, "        return Lab.todo(\"vae\", \"Q.rsample\");\n        " + M + "vae end\n"));
        assertThat(copy).contains(M + "vq begin\n        return 3;\n");
        List<Regions.Region> solution = Regions.of("vae", Regions.parse("Q.java", ORIGINAL, Regions.Syntax.JAVA, LABS));
        assertThat(Regions.restore("Q.java", copy, Regions.Syntax.JAVA, LABS, "vae", solution)).isEqualTo(ORIGINAL);
    }

    @Test
    void crlfFilesAndAMissingLastNewlineRoundTrip() {
        String crlf = ORIGINAL.replace("\n", "\r\n");
        String noLast = ORIGINAL.substring(0, ORIGINAL.length() - 1);
        for (String text : List.of(crlf, noLast)) {
            String copy = Regions.strip("Q.java", text, Regions.Syntax.JAVA, LABS, "vae");
            assertThat(copy).doesNotContain("sigma.mul(eps)");
            List<Regions.Region> solution = Regions.of("vae", Regions.parse("Q.java", text, Regions.Syntax.JAVA, LABS));
            assertThat(Regions.restore("Q.java", copy, Regions.Syntax.JAVA, LABS, "vae", solution)).isEqualTo(text);
        }
    }

    @Test
    void aMarkdownRegionLosesItsBody() {
        String md = src("# Lab", "<!-- @lab vae begin -->", "The solution: z = mu + sigma eps.", "<!-- @lab vae end -->", "End.");
        String copy = Regions.strip("vae.md", md, Regions.Syntax.MARKDOWN, LABS, "vae");
        assertThat(copy).isEqualTo(src("# Lab", "<!-- @lab vae begin -->", "<!-- @lab vae end -->", "End."));
        List<Regions.Region> solution = Regions.of("vae", Regions.parse("vae.md", md, Regions.Syntax.MARKDOWN, LABS));
        assertThat(Regions.restore("vae.md", copy, Regions.Syntax.MARKDOWN, LABS, "vae", solution)).isEqualTo(md);
    }

    @Test
    void aStudentsCodeBetweenTheMarkersIsTransplantedIntoTheInstructorsFile() {
        String copy = Regions.strip("Q.java", ORIGINAL, Regions.Syntax.JAVA, LABS, "vae");
        String students = copy.replace("        return Lab.todo(\"vae\", \"Q.rsample\");\n", "        return mu.add(logvar.mul(0.5).exp().mul(eps)); // mine\n");
        List<String> bodies = Regions.bodies("Q.java", students, Regions.Syntax.JAVA, LABS, "vae");
        assertThat(bodies).containsExactly("        return mu.add(logvar.mul(0.5).exp().mul(eps)); // mine\n");
        String graded = Regions.transplant("Q.java", ORIGINAL, Regions.Syntax.JAVA, LABS, "vae", bodies);
        assertThat(graded).contains("// mine").doesNotContain("Tensor sigma = logvar").contains(M + "vae end -> return Lab.todo(\"vae\", \"Q.rsample\");");
        assertThatThrownBy(() -> Regions.transplant("Q.java", ORIGINAL, Regions.Syntax.JAVA, LABS, "vae", List.of()))
                .isInstanceOf(LabException.class).hasMessageContaining("1 'vae' regions where 0 were expected");
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> parse("int a;", M + "rbm begin", "x();", M + "rbm end -> Lab.todo(\"rbm\", \"a\");"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:2: unknown lab 'rbm'");
        assertThatThrownBy(() -> parse(M + "vae begin", "x();", M + "vq begin", "y();", M + "vq end -> Lab.todo(\"vq\", \"a\");", M + "vae end -> Lab.todo(\"vae\", \"a\");"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:3:").hasMessageContaining("do not nest");
        assertThatThrownBy(() -> parse("a();", M + "vae begin", "x();"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:2:").hasMessageContaining("has no end");
        assertThatThrownBy(() -> parse(M + "vae end -> Lab.todo(\"vae\", \"a\");"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:1:").hasMessageContaining("without a begin");
        assertThatThrownBy(() -> parse(M + "vae begin", M + "vq end -> Lab.todo(\"vq\", \"a\");"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:2:").hasMessageContaining("closes the region of 'vae'");
        assertThatThrownBy(() -> parse(M + "vae start"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:1: a malformed lab marker");
        assertThatThrownBy(() -> parse(M + "vae begin", "x();", M + "vae end -> return null;"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:3:").hasMessageContaining("must call Lab.todo(\"vae\"");
        assertThatThrownBy(() -> Regions.strip("A.java", src(M + "vae begin", "x();", M + "vae end"), Regions.Syntax.JAVA, LABS, "vae"))
                .isInstanceOf(LabException.class).hasMessageStartingWith("A.java:3:").hasMessageContaining("needs its stub");
    }

    @Test
    void markersAreWholeLinesOnly() {
        // a marker inside a string or after code is text, not a marker
        List<Regions.Region> none = parse("String s = \"" + M + "vae begin\";", "x(); " + M + "vae begin");
        assertThat(none).isEmpty();
    }

    private static List<Regions.Region> parse(String... lines) {
        return Regions.parse("A.java", src(lines), Regions.Syntax.JAVA, LABS);
    }
}

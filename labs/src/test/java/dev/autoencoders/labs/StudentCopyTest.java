package dev.autoencoders.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a tiny repository (a catalog, a source with a region, a handout with solution notes, a hidden test):
 * what it holds, that {@link CopyCheck} finds it sound, and that the check finds a tampered copy.
 */
class StudentCopyTest {
    static final String M = "// @lab ";

    static Path tinyRepository(Path dir) throws IOException {
        write(dir, "labs/catalog/vae.lab", String.join("\n", "number 1", "title The VAE", "handout docs/labs/vae.md", "modules models-vae",
                "test 3 KlTest.closedForm", "hidden 2 KlInstructorsTest.unseen models-vae/src/test/java/KlInstructorsTest.java", ""));
        write(dir, "models-vae/src/main/java/Kl.java", String.join("\n", "class Kl {", "  double kl(double mu) {",
                "    " + M + "vae begin", "    return 0.5 * mu * mu;", "    " + M + "vae end -> return Lab.todo(\"vae\", \"Kl.kl\");", "  }", "}", ""));
        write(dir, "models-vae/src/test/java/KlInstructorsTest.java", "class KlInstructorsTest {}\n");
        write(dir, "docs/labs/vae.md", String.join("\n", "# The VAE lab", "<!-- @lab vae begin -->", "Solution notes: the KL is mu squared over two.", "<!-- @lab vae end -->", ""));
        write(dir, "mvnw", "#!/bin/sh\n");
        dir.resolve("mvnw").toFile().setExecutable(true);
        Git.run(dir, "init", "-q");
        Git.run(dir, "add", "-A");
        Git.run(dir, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "solution");
        return dir;
    }

    @Test
    void theCopyHoldsTheStubsNoSolutionNoHiddenTestAndOneCommit(@TempDir Path tmp) throws IOException {
        Path repo = tinyRepository(tmp.resolve("repo"));
        Path copy = tmp.resolve("copy");
        StudentCopy.Summary s = StudentCopy.make(repo, "vae", copy);
        assertThat(s.regions()).isEqualTo(2);
        assertThat(s.hiddenLeftOut()).containsExactly("models-vae/src/test/java/KlInstructorsTest.java");
        String kl = Files.readString(copy.resolve("models-vae/src/main/java/Kl.java"));
        assertThat(kl).contains("return Lab.todo(\"vae\", \"Kl.kl\");").doesNotContain("0.5 * mu * mu");
        assertThat(Files.readString(copy.resolve("docs/labs/vae.md"))).doesNotContain("Solution notes");
        assertThat(Files.readString(copy.resolve("labs/catalog/vae.lab"))).contains("test 3 KlTest.closedForm").doesNotContain("hidden");
        assertThat(copy.resolve("models-vae/src/test/java/KlInstructorsTest.java")).doesNotExist();
        assertThat(Files.isExecutable(copy.resolve("mvnw"))).isTrue();
        assertThat(Git.run(copy, "rev-list", "--all", "--count").strip()).isEqualTo("1");
        assertThat(CopyCheck.check(repo, "vae", copy)).isEmpty();

        // the check finds a solution pasted back, a hidden test added, and a second commit
        Files.writeString(copy.resolve("models-vae/src/main/java/Kl.java"), Files.readString(repo.resolve("models-vae/src/main/java/Kl.java")));
        write(copy, "models-vae/src/test/java/KlInstructorsTest.java", "class KlInstructorsTest {}\n");
        Git.run(copy, "add", "-A");
        Git.run(copy, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "more");
        assertThat(CopyCheck.check(repo, "vae", copy)).anyMatch(p -> p.contains("2 commits"))
                .anyMatch(p -> p.contains("Kl.java: holds a line of the solution: return 0.5 * mu * mu;"))
                .anyMatch(p -> p.contains("a hidden test file is in the copy"));
    }

    @Test
    void aNonEmptyOutputFolderAndAnUnknownLabAreRefused(@TempDir Path tmp) throws IOException {
        Path repo = tinyRepository(tmp.resolve("repo"));
        Path busy = tmp.resolve("busy");
        write(busy, "keep.txt", "another run's result\n");
        assertThatThrownBy(() -> StudentCopy.make(repo, "vae", busy)).isInstanceOf(LabException.class).hasMessageContaining("is not empty");
        assertThat(Files.readString(busy.resolve("keep.txt"))).isEqualTo("another run's result\n");
        assertThatThrownBy(() -> StudentCopy.make(repo, "gan", tmp.resolve("x"))).isInstanceOf(LabException.class)
                .hasMessageContaining("unknown lab 'gan'").hasMessageContaining("vae");
    }

    @Test
    void aBrokenMarkerStopsTheCopyNamingFileAndLine(@TempDir Path tmp) throws IOException {
        Path repo = tinyRepository(tmp.resolve("repo"));
        write(repo, "models-vae/src/main/java/Broken.java", String.join("\n", "class Broken {", "  " + M + "vae begin", "}", ""));
        Git.run(repo, "add", "-A");
        assertThatThrownBy(() -> StudentCopy.make(repo, "vae", tmp.resolve("copy"))).isInstanceOf(LabException.class)
                .hasMessage("models-vae/src/main/java/Broken.java:2: '@lab vae begin' has no end");
        assertThat(tmp.resolve("copy")).doesNotExist();
    }

    static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}

package dev.autoencoders.examples.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autoencoders lab}: the list of the eight labs, and bad requests as one line with exit code 2. */
class LabCommandTest {

    @Test
    void listShowsTheEightLabsInOrderWithTheirPointsAndHandouts() {
        Cli.Result r = Cli.run("lab", "list").ok();
        assertThat(r.out().lines().map(l -> l.split("\\s+")[0]).toList())
                .containsExactly("autodiff", "conv", "rbm", "dae-sparse", "vae", "cvae-iwae", "vq", "pixelcnn");
        assertThat(r.out()).contains("vae         The VAE: the reparameterized sample, the closed-form KL, the ELBO (25 points; docs/labs/vae.md)");
        for (String line : r.out().lines().toList()) assertThat(Path.of("../" + line.replaceAll(".*; (docs/labs/[a-z-]+\\.md)\\)$", "$1"))).exists();
    }

    @Test
    void badRequestsAreOneLineWithExitCodeTwo(@TempDir Path dir) throws IOException {
        Cli.Result unknown = Cli.run("lab", "grade", "gan");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("error: unknown lab 'gan' (the labs: autodiff, conv,").doesNotContain("\n").doesNotContain("Exception");

        Files.writeString(dir.resolve("keep.txt"), "another run's result");
        Cli.Result busy = Cli.run("lab", "student", "vae", "--out", dir.toString());
        assertThat(busy.code()).isEqualTo(2);
        assertThat(busy.err().strip()).contains("is not empty").doesNotContain("\n");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("another run's result");

        Cli.Result noOut = Cli.run("lab", "student", "vae");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");

        Cli.Result noSubmission = Cli.run("lab", "grade", "vae", "--submission", dir.resolve("nope").toString());
        assertThat(noSubmission.code()).isEqualTo(2);
        assertThat(noSubmission.err().strip()).contains("is not a folder").doesNotContain("\n");
    }
}

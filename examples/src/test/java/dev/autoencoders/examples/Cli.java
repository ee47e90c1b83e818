package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.util.Metrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** Runs the command line in-process for tests, and checks what a training command wrote. */
public final class Cli {
    private Cli() {}

    /** Exit code, standard output and standard error of one invocation. */
    public record Result(int code, String out, String err) {
        /** Exit 0; otherwise the failure shows stderr. */
        public Result ok() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    /** {@code autoencoders <args>}. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), List.of());
        return new Result(code, out.toString(), err.toString());
    }

    /** The metrics.json a run wrote; every number in it must be finite. */
    public static Metrics metrics(Path out) {
        Metrics m = Metrics.read(out.resolve("metrics.json"));
        m.asMap().forEach((k, v) -> {
            if (v instanceof Number) assertThat(((Number) v).doubleValue()).as("metric %s", k).isFinite();
        });
        return m;
    }

    /** Reads a PNG, checks its size is at least {@code minW x minH} and that it is not blank; returns it. */
    public static BufferedImage png(Path file, int minW, int minH) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as("%s is a PNG", file).isNotNull();
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(minW);
            assertThat(img.getHeight()).isGreaterThanOrEqualTo(minH);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
            assertThat(colours.size()).as("%s is not blank", file).isGreaterThan(1);
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.autoencoders.notebooks;

import dev.autoencoders.util.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a notebook-as-test writes what it shows: figures and the numbers it measured, under
 * {@code notebooks-as-tests/target/notebooks/<section>/} (surefire runs with the module folder as working directory).
 */
public final class Notebook {
    private Notebook() {}

    /** The folder of a section, created. */
    public static Path dir(String section) {
        Path d = Path.of("target", "notebooks", section);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** A file in a section's folder. */
    public static Path file(String section, String name) {
        return dir(section).resolve(name);
    }

    /** Writes the numbers an experiment measured as {@code <name>.json} in the section's folder (for the docs). */
    public static void record(String section, String name, Metrics measured) {
        measured.write(file(section, name + ".json"));
    }
}

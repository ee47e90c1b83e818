package dev.autoencoders.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The labs, one file {@code labs/catalog/<id>.lab} each: the title, the handout, the modules whose tests grade it,
 * and the points of every graded test (one file per lab). The format, a line per entry ({@code #} starts a comment):
 * <pre>
 *   number   5
 *   title    The VAE: a reparameterized sample, the closed-form KL, the ELBO
 *   handout  docs/labs/vae.md
 *   modules  models-vae
 *   test     3  ReparameterizationProperties.derivativesAreOneAndSigmaEpsOverTwo
 *   hidden   3  InstructorsOwnTest.unseenImages  models-vae/src/test/java/dev/autoencoders/vae/InstructorsOwnTest.java
 * </pre>
 * A graded test is named {@code Class.method} (simple class name) and carries the JUnit tag {@code lab-<id>}. A hidden
 * test (the instructor's) names the source file that holds it: a student copy leaves that file out, and its catalog
 * leaves out the {@code hidden} lines.
 */
public final class Catalog {
    /** The catalog's folder, relative to the repository root. */
    public static final String FOLDER = "labs/catalog";

    /** One graded test: its name {@code Class.method}, its points, and for a hidden test the file that holds it. */
    public record GradedTest(String name, int points, String hiddenFile) {
        public boolean hidden() {
            return hiddenFile != null;
        }
    }

    /** One lab. */
    public record Lab(String id, int number, String title, String handout, List<String> modules, List<GradedTest> tests, Path file) {
        /** The JUnit tag of its graded tests. */
        public String tag() {
            return "lab-" + id;
        }

        /** The points of every graded test present (hidden ones included where present). */
        public int maxPoints() {
            return tests.stream().mapToInt(GradedTest::points).sum();
        }
    }

    private final Map<String, Lab> labs;

    private Catalog(Map<String, Lab> labs) {
        this.labs = labs;
    }

    /** Reads every {@code *.lab} file of {@code folder}, ordered by their {@code number}. */
    public static Catalog load(Path folder) {
        if (!Files.isDirectory(folder)) throw new LabException("no lab catalog at " + folder + " (run this inside the autoencoders repository)");
        List<Lab> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lab")).sorted().toList()) list.add(parse(f));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the lab catalog " + folder + ": " + e.getMessage(), e);
        }
        list.sort(Comparator.comparingInt(Lab::number).thenComparing(Lab::id));
        Map<String, Lab> byId = new LinkedHashMap<>();
        for (Lab l : list) byId.put(l.id(), l);
        return new Catalog(byId);
    }

    /** The catalog of a repository: {@code <root>/labs/catalog}. */
    public static Catalog of(Path root) {
        return load(root.resolve(FOLDER));
    }

    /** The labs in order. */
    public List<Lab> labs() {
        return List.copyOf(labs.values());
    }

    /** The ids in order. */
    public Set<String> ids() {
        return new LinkedHashSet<>(labs.keySet());
    }

    /** The lab with this id; an unknown id is a {@link LabException} that lists the ids. */
    public Lab get(String id) {
        Lab l = labs.get(id);
        if (l == null) throw new LabException("unknown lab '" + id + "' (the labs: " + String.join(", ", labs.keySet()) + ")");
        return l;
    }

    /** Every hidden test file of every lab, as paths relative to the root. */
    public Set<String> hiddenFiles() {
        Set<String> files = new LinkedHashSet<>();
        for (Lab l : labs.values()) for (GradedTest t : l.tests()) if (t.hidden()) files.add(t.hiddenFile());
        return files;
    }

    /** A catalog file without its {@code hidden} lines: what a student copy holds. */
    public static String withoutHiddenTests(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : Regions.lines(text)) if (!line.strip().startsWith("hidden ") && !line.strip().equals("hidden")) out.append(line);
        return out.toString();
    }

    static Lab parse(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".lab".length());
        if (!id.matches("[a-z][a-z0-9-]*")) throw new LabException(file + ": a lab id is lower case letters, digits and '-', got '" + id + "'");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        int number = Integer.MAX_VALUE;
        String title = null, handout = null;
        List<String> modules = List.of();
        List<GradedTest> tests = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] w = line.split("\\s+", 2);
            String rest = w.length > 1 ? w[1].strip() : "";
            switch (w[0]) {
                case "number" -> number = integer(file, i + 1, rest);
                case "title" -> title = rest;
                case "handout" -> handout = rest;
                case "modules" -> modules = List.of(rest.split("\\s+"));
                case "test", "hidden" -> {
                    String[] t = rest.split("\\s+");
                    boolean hidden = w[0].equals("hidden");
                    if (t.length != (hidden ? 3 : 2)) {
                        throw LabException.at(file.toString(), i + 1, hidden ? "expected 'hidden <points> <Class.method> <file>'" : "expected 'test <points> <Class.method>'");
                    }
                    int points = integer(file, i + 1, t[0]);
                    if (points < 1) throw LabException.at(file.toString(), i + 1, "points must be >= 1, got " + points);
                    if (!t[1].matches("[A-Za-z_$][\\w$]*\\.[A-Za-z_$][\\w$]*")) throw LabException.at(file.toString(), i + 1, "a test is named Class.method, got '" + t[1] + "'");
                    if (!names.add(t[1])) throw LabException.at(file.toString(), i + 1, "the test " + t[1] + " is listed twice");
                    tests.add(new GradedTest(t[1], points, hidden ? t[2] : null));
                }
                default -> throw LabException.at(file.toString(), i + 1, "unknown entry '" + w[0] + "' (number, title, handout, modules, test, hidden)");
            }
        }
        if (title == null || handout == null || modules.isEmpty() || tests.isEmpty()) {
            throw new LabException(file + ": a lab needs a title, a handout, its modules and at least one test");
        }
        return new Lab(id, number, title, handout, modules, List.copyOf(tests), file);
    }

    private static int integer(Path file, int line, String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw LabException.at(file.toString(), line, "expected a whole number, got '" + s + "'");
        }
    }
}

package dev.autoencoders.labs;

import dev.autoencoders.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Grades a lab by running its graded tests (tagged {@code lab-<id>}) on the repository's compiled classes, in a JVM of
 * its own ({@link GradeRunner}), and scoring them with the catalog's points ({@link Grade}).
 *
 * <p>Why a JVM of its own on the compiled test classes, rather than Maven: the {@code ./autoencoders} launcher has
 * already compiled every module (main and test classes) when it rebuilt its jar after the student's edit, so the
 * grade needs no second build, only a JVM start (Maven would add its own start, a reactor's up-to-date checks and a
 * Surefire fork per module, 15 to 30 s on 2 cores); the tests run isolated from the command line's JVM (their global
 * settings, a student's infinite loop: the grader stops the JVM after a time limit), on the student's classes rather
 * than the jar's. The jars the tests need (JUnit, jqwik, AssertJ, the libraries' dependencies) are listed by the build
 * in {@code labs/target/grading-classpath.txt}.
 *
 * <p>A submission ({@link #gradeSubmission}) is graded on the instructor's repository: a scratch copy of its tracked
 * files, hidden tests included, in which the lab's regions hold the student's code (what stands between the markers
 * in the submission), built with Maven offline. The student's other files, tests included, take no part.
 */
public final class Grader {
    private Grader() {}

    /** The runner and the seed hook, by name: their classes need JUnit and jqwik, which only the grading JVM has. */
    static final String RUNNER = "dev.autoencoders.labs.GradeRunner", SEED_HOOK = "dev.autoencoders.labs.FixedSeeds";

    /** The library modules whose classes the graded tests run with. */
    static final List<String> MODULES = List.of("core", "models-ae", "models-vae", "models-vq");

    /** The longest a grade's test run may take before its JVM is stopped. */
    public static final Duration TIME_LIMIT = Duration.ofMinutes(15);

    /** Grades {@code lab} on the compiled classes of the repository {@code root}. */
    public static Grade grade(Path root, String lab) {
        Catalog.Lab spec = Catalog.of(root).get(lab);
        return grade(root, spec, TIME_LIMIT);
    }

    /** Grades a lab described by {@code spec} on the compiled classes of {@code root} (tests pass a fixture lab). */
    static Grade grade(Path root, Catalog.Lab spec, Duration limit) {
        Path work = root.resolve("target/labs/" + spec.id());
        Path results = work.resolve("results.tsv"), log = work.resolve("grade.log");
        List<String> cp = classpath(root, work, spec.modules());
        List<String> roots = new ArrayList<>();
        for (String m : spec.modules()) {
            Path tc = root.resolve(m).resolve("target/test-classes");
            if (!Files.isDirectory(tc)) throw new IllegalStateException("no compiled tests in " + tc + ": build first (./mvnw -q -DskipTests package -pl examples -am; ./autoencoders does it)");
            roots.add(tc.toString());
        }
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(results);
            Path db = work.resolve("jqwik-database");
            Files.deleteIfExists(db);
            Path request = work.resolve("request.properties");
            Files.writeString(request, "tag=" + esc(spec.tag()) + "\nroots=" + esc(String.join(File.pathSeparator, roots)) + "\nresults=" + esc(results.toString())
                    + "\ndatabase=" + esc(db.toString()) + "\n", StandardCharsets.ISO_8859_1);
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xss4m", "-Xmx4g", "--add-modules", "jdk.incubator.vector",
                    "-Djava.awt.headless=true", "-cp", String.join(File.pathSeparator, cp), RUNNER, request.toString()));
            Path cwd = root.resolve(spec.modules().get(0));
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("the tests of lab " + spec.id() + " ran longer than " + limit.toMinutes() + " minutes and were stopped (an endless loop?); log: " + log);
            }
            if (p.exitValue() != 0 || !Files.exists(results)) {
                throw new IllegalStateException("the grader's test run failed (exit code " + p.exitValue() + "); log: " + log + lastLines(log));
            }
            return Grade.score(spec, read(results));
        } catch (IOException e) {
            throw new UncheckedIOException("grading " + spec.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while grading " + spec.id(), e);
        }
    }

    /**
     * Grades a student's copy {@code submission} with the instructor's repository {@code root}: the student's code
     * between the lab's markers, the instructor's everything else (hidden tests included).
     */
    public static Grade gradeSubmission(Path root, String lab, Path submission) {
        Catalog catalog = Catalog.of(root);
        Catalog.Lab spec = catalog.get(lab);
        if (!Files.isDirectory(submission)) throw new LabException("the submission " + submission + " is not a folder");
        Path tree = root.resolve("target/labs/" + lab + "/submission");
        try {
            // the scratch tree is kept between grades and a file rewritten only where it differs, so that Maven
            // recompiles only the modules a submission changes (and those after them)
            for (String f : Git.trackedFiles(root)) {
                Path src = root.resolve(f);
                if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) continue;
                byte[] bytes = Files.readAllBytes(src);
                Regions.Syntax syntax = Regions.Syntax.of(f);
                if (syntax == Regions.Syntax.JAVA) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    if (!Regions.of(lab, Regions.parse(f, text, syntax, catalog.ids())).isEmpty()) {
                        Path theirs = submission.resolve(f);
                        if (!Files.isRegularFile(theirs)) throw new LabException("the submission has no " + f + " (it holds regions of lab " + lab + ")");
                        List<String> bodies = Regions.bodies(theirs.toString(), Files.readString(theirs, StandardCharsets.UTF_8), syntax, catalog.ids(), lab);
                        bytes = Regions.transplant(theirs.toString(), text, syntax, catalog.ids(), lab, bodies).getBytes(StandardCharsets.UTF_8);
                    }
                }
                Path dst = tree.resolve(f);
                if (!Files.isRegularFile(dst) || !java.util.Arrays.equals(Files.readAllBytes(dst), bytes)) {
                    Files.createDirectories(dst.getParent());
                    Files.write(dst, bytes);
                }
                if (Files.isExecutable(src)) dst.toFile().setExecutable(true, false);
            }
            Path log = tree.resolve("target/build.log");
            Files.createDirectories(log.getParent());
            List<String> mvn = List.of(tree.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString(), "-o", "-q", "-B", "test-compile", "-pl", "labs", "-am");
            Process p = new ProcessBuilder(mvn).directory(tree.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("building the submission took longer than " + TIME_LIMIT.toMinutes() + " minutes; log: " + log);
            }
            if (p.exitValue() != 0) return notCompiling(spec, firstError(log));
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the submission " + submission + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the submission", e);
        }
        return grade(tree, spec, TIME_LIMIT);
    }

    /** A submission that does not compile: every test 0 points, with the compiler's first error. */
    static Grade notCompiling(Catalog.Lab spec, String error) {
        List<Grade.Outcome> outcomes = new ArrayList<>();
        for (Catalog.GradedTest t : spec.tests()) outcomes.add(new Grade.Outcome(t.name(), Grade.Status.FAIL, t.points(), "the submission does not compile: " + error, t.hidden()));
        return new Grade(spec.id(), outcomes);
    }

    /** Writes the grade's results.json atomically. */
    public static void writeResults(Grade grade, Path file) {
        AtomicFiles.write(file, grade.resultsJson());
    }

    /** The grading JVM's classpath: the runner, the service file of {@link FixedSeeds}, the modules' classes, the jars. */
    static List<String> classpath(Path root, Path work, List<String> labModules) {
        Path listing = root.resolve("labs/target/grading-classpath.txt");
        if (!Files.isRegularFile(listing)) throw new IllegalStateException("no " + listing + ": build first (./mvnw -q -DskipTests package -pl examples -am; ./autoencoders does it)");
        List<String> cp = new ArrayList<>();
        Path hooks = work.resolve("hooks");
        try {
            Path service = hooks.resolve("META-INF/services/net.jqwik.api.lifecycle.LifecycleHook");
            Files.createDirectories(service.getParent());
            Files.writeString(service, SEED_HOOK + "\n", StandardCharsets.UTF_8);
            cp.add(hooks.toString());
            cp.add(root.resolve("labs/target/classes").toString());
            java.util.Set<String> modules = new java.util.LinkedHashSet<>(MODULES);
            modules.addAll(labModules);
            for (String m : modules) {
                for (String d : List.of("target/classes", "target/test-classes")) {
                    Path dir = root.resolve(m).resolve(d);
                    if (Files.isDirectory(dir)) cp.add(dir.toString());
                }
            }
            for (String jar : Files.readString(listing, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) if (!jar.isBlank()) cp.add(jar.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("the grading classpath: " + e.getMessage(), e);
        }
        return cp;
    }

    /** The runner's lines, name to {@code [status, seconds, message]}. */
    static Map<String, String[]> read(Path results) throws IOException {
        Map<String, String[]> run = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", 4);
            run.put(f[0], new String[] {f[1], f.length > 2 ? f[2] : "", f.length > 3 ? f[3] : ""});
        }
        return run;
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\");
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstError(Path log) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("[ERROR]") && line.contains(".java")) return line.substring("[ERROR]".length()).strip();
        }
        return "see " + log;
    }
}

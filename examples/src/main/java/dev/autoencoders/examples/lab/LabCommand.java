package dev.autoencoders.examples.lab;

import dev.autoencoders.examples.UsageException;
import dev.autoencoders.labs.Catalog;
import dev.autoencoders.labs.CopyCheck;
import dev.autoencoders.labs.Grade;
import dev.autoencoders.labs.Grader;
import dev.autoencoders.labs.LabException;
import dev.autoencoders.labs.StudentCopy;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code autoencoders lab}: the course labs (docs/labs/README.md). {@code list} shows them, {@code student} makes a
 * student's copy of one, {@code grade} grades one (the repository's own code, or a student's submission),
 * {@code check} checks a copy against this repository.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The course labs: hand out a student copy, grade it (docs/labs/README.md)."},
        subcommands = {LabCommand.ListLabs.class, LabCommand.Student.class, LabCommand.GradeLab.class, LabCommand.Check.class})
public final class LabCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, student, grade or check");
    }

    /**
     * The repository the command line was built from: the folder three levels above {@code examples/target/<jar or
     * classes>}, else the first folder upwards from the working folder that holds {@code labs/catalog}.
     */
    static Path root() {
        try {
            Path code = Path.of(LabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            Path candidate = code.getParent() == null ? null : code.getParent().getParent();
            if (candidate != null && candidate.getParent() != null && Files.isDirectory(candidate.getParent().resolve(Catalog.FOLDER))) return candidate.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working folder
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(Catalog.FOLDER))) return p;
        }
        throw new UsageException("lab: not inside the autoencoders repository (no " + Catalog.FOLDER + " found)");
    }

    /** Runs {@code body}, turning a lab's bad request into a usage error (exit 2). */
    static <T> T usage(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (LabException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A subcommand about one lab: the lab's id, and the command line's output. */
    abstract static class OneLab implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LAB", description = "the lab's id (see 'lab list')")
        String lab;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The labs: id, title, points, handout.")
    static final class ListLabs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Catalog catalog = usage(() -> Catalog.of(root()));
            for (Catalog.Lab l : catalog.labs()) {
                out.printf("%-11s %s (%d points; %s)%n", l.id(), l.title(), l.maxPoints(), l.handout());
            }
            return 0;
        }
    }

    @Command(name = "student", mixinStandardHelpOptions = true,
            description = {"Makes a student's copy of a lab: a new git repository of this project in which only that lab's",
                    "regions are replaced by their stubs, without the handout's solution notes and the hidden tests."})
    static final class Student extends OneLab {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new copy's folder (must not exist, or be empty)")
        Path out;

        @Override
        public Integer call() {
            PrintWriter w = out();
            StudentCopy.Summary s = usage(() -> StudentCopy.make(root(), lab, out));
            Catalog.Lab l = usage(() -> Catalog.of(root()).get(lab));
            w.printf("lab %s: %s%n", l.id(), l.title());
            w.printf("wrote %s: %d files, %d regions stripped, %d hidden test files left out, one commit%n", s.out(), s.files(), s.regions(), s.hiddenLeftOut().size());
            w.printf("the student reads %s, then grades with: cd %s && ./autoencoders lab grade %s%n", l.handout(), s.out(), l.id());
            return 0;
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = {"Grades a lab: runs its graded tests, prints a line per test with its points and the total,",
                    "and writes results.json (Gradescope's autograder format)."})
    static final class GradeLab extends OneLab {
        @Option(names = "--results", paramLabel = "FILE", description = "where to write results.json (default: results.json in the root of the repository graded)")
        Path results;

        @Option(names = "--submission", paramLabel = "DIR",
                description = "grade a student's copy with this repository's tests, hidden ones included: the student's code between the lab's markers, this repository's everything else")
        Path submission;

        @Override
        public Integer call() {
            PrintWriter w = out();
            Path root = root();
            if (submission != null && !Files.isDirectory(submission)) throw new UsageException("lab grade: --submission " + submission + " is not a folder");
            Grade g = usage(() -> submission == null ? Grader.grade(root, lab) : Grader.gradeSubmission(root, lab, submission.toAbsolutePath()));
            for (String line : g.lines()) w.println(line);
            Path file = results != null ? results : (submission != null ? submission.toAbsolutePath() : root).resolve("results.json");
            Grader.writeResults(g, file);
            w.println("results: " + file);
            return 0;
        }
    }

    /**
     * One commit; the generator's files byte for byte; the solution restored byte for byte; no solution text; no hidden
     * test ({@link CopyCheck}). Exit 1 if a check fails.
     */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Checks a student's copy against this repository (what CI checks for every lab).")
    static final class Check extends OneLab {
        @Option(names = "--copy", required = true, paramLabel = "DIR", description = "the copy's folder")
        Path copy;

        @Override
        public Integer call() {
            if (!Files.isDirectory(copy)) throw new UsageException("lab check: --copy " + copy + " is not a folder");
            List<String> problems = usage(() -> CopyCheck.check(root(), lab, copy.toAbsolutePath()));
            problems.forEach(p -> out().println("problem: " + p));
            out().println(problems.isEmpty() ? "lab " + lab + ": the copy " + copy + " is sound" : "lab " + lab + ": " + problems.size() + " problems in " + copy);
            return problems.isEmpty() ? 0 : 1;
        }
    }
}

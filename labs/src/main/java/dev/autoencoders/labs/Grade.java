package dev.autoencoders.labs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab's grade: one outcome per graded test and the total. {@link #lines} is what the grader prints,
 * {@link #resultsJson} the {@code results.json} of Gradescope's autograder format (also read by GitHub Classroom's
 * Gradescope-compatible runners).
 */
public record Grade(String lab, List<Outcome> outcomes) {

    /** How a test ended: passed, failed, still a stub ({@code Lab.todo}), or not found. */
    public enum Status { PASS, FAIL, TODO, MISSING }

    /** One graded test: its name {@code Class.method}, how it ended, its points, the first line of its failure. */
    public record Outcome(String name, Status status, int points, String message, boolean hidden) {
        public int score() {
            return status == Status.PASS ? points : 0;
        }
    }

    public int score() {
        return outcomes.stream().mapToInt(Outcome::score).sum();
    }

    public int maxScore() {
        return outcomes.stream().mapToInt(Outcome::points).sum();
    }

    /** The total line, {@code vae: 17/20}. */
    public String total() {
        return lab + ": " + score() + "/" + maxScore();
    }

    /**
     * One line per test, {@code PASS 3/3  Class.method}, {@code FAIL 0/3  Class.method: <first line of the failure>},
     * {@code TODO 0/3  Class.method: <the stub's message>}, then the total line.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            StringBuilder line = new StringBuilder(String.format("%-4s %d/%d  %s", o.status(), o.score(), o.points(), o.name()));
            if (o.hidden()) line.append(" (hidden)");
            if (o.status() != Status.PASS && !o.message().isEmpty()) line.append(": ").append(o.message());
            out.add(line.toString());
        }
        out.add(total());
        return out;
    }

    /**
     * Gradescope's results.json: {@code score}, an {@code output} line, and {@code tests}, each with {@code name},
     * {@code score}, {@code max_score}, {@code status} and {@code visibility} ({@code visible}; a hidden test
     * {@code after_published}, shown to the student once the grades are published) and the failure as {@code output}.
     */
    public byte[] resultsJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("score", score());
        root.put("output", total());
        root.put("visibility", "visible");
        root.put("stdout_visibility", "visible");
        List<Map<String, Object>> tests = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", o.name());
            t.put("score", o.score());
            t.put("max_score", o.points());
            t.put("status", o.status() == Status.PASS ? "passed" : "failed");
            t.put("visibility", o.hidden() ? "after_published" : "visible");
            if (!o.message().isEmpty()) t.put("output", o.status() + ": " + o.message());
            tests.add(t);
        }
        root.put("tests", tests);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results.json: " + e.getMessage(), e);
        }
    }

    /**
     * Scores a run: the lab's graded tests in the catalog's order, each with the runner's status for it
     * ({@link Status#MISSING} when the run has none). A test the run graded that the catalog does not list is an
     * error: a tagged test without points.
     *
     * @param run the runner's lines, name to {@code status \t seconds \t message}
     */
    static Grade score(Catalog.Lab lab, Map<String, String[]> run) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Catalog.GradedTest t : lab.tests()) {
            String[] r = run.get(t.name());
            if (r == null) {
                outcomes.add(new Outcome(t.name(), Status.MISSING, t.points(), "not found: no compiled test of that name is tagged " + lab.tag(), t.hidden()));
            } else {
                outcomes.add(new Outcome(t.name(), Status.valueOf(r[0]), t.points(), r.length > 2 ? r[2] : "", t.hidden()));
            }
        }
        for (String name : run.keySet()) {
            if (lab.tests().stream().noneMatch(t -> t.name().equals(name))) {
                throw new IllegalStateException(name + " is tagged " + lab.tag() + " but has no points in " + lab.file());
            }
        }
        return new Grade(lab.id(), List.copyOf(outcomes));
    }
}

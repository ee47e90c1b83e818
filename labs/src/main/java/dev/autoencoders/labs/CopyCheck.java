package dev.autoencoders.labs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a student copy against the repository it was made from: what CI asserts for every lab, and what an instructor
 * can run on a copy before handing it out ({@code autoencoders lab check <id> --copy DIR}).
 * <ol>
 *   <li>the copy is a git repository of one commit (no history holds the solution);</li>
 *   <li>its tracked files are exactly the generator's output ({@link StudentCopy#contents}), byte for byte;</li>
 *   <li>restoring the lab's regions ({@link Regions#restore}) gives back every original file byte for byte;</li>
 *   <li>no solution text: no region body, and no line of one that appears in no Java source outside the regions, is in
 *       the copy (a chapter of the book that quotes the solution's line would be found here);</li>
 *   <li>no hidden test: no hidden test file, no mention of a hidden test's class, no {@code hidden} catalog line.</li>
 * </ol>
 */
public final class CopyCheck {
    private CopyCheck() {}

    /** A line of a solution counts as its own text when it has at least this many non-blank characters. */
    static final int DISTINCTIVE = 16;

    /** The problems found, one line each; empty when the copy is sound. */
    public static List<String> check(Path root, String lab, Path copy) {
        Catalog catalog = Catalog.of(root);
        catalog.get(lab);
        List<String> problems = new ArrayList<>();
        String commits = Git.run(copy, "rev-list", "--all", "--count").strip();
        if (!commits.equals("1")) problems.add("the copy has " + commits + " commits; a copy has exactly one");

        Map<String, byte[]> expected = StudentCopy.contents(root, catalog, lab);
        Set<String> tracked = new LinkedHashSet<>(Git.trackedFiles(copy));
        for (String f : expected.keySet()) if (!tracked.contains(f)) problems.add(f + ": missing from the copy");
        for (String f : tracked) if (!expected.containsKey(f)) problems.add(f + ": in the copy but not made by the generator");

        // the solution: every body of the lab's regions, and the lines of them found nowhere else in the sources
        List<String> bodies = new ArrayList<>(), javaBodies = new ArrayList<>();
        Set<String> elsewhere = new HashSet<>();
        Map<String, String> originals = new java.util.LinkedHashMap<>();
        for (String f : Git.trackedFiles(root)) {
            Path p = root.resolve(f);
            if (!Files.isRegularFile(p)) continue;
            String text = new String(StudentCopy.read(p), StandardCharsets.UTF_8);
            Regions.Syntax syntax = Regions.Syntax.of(f);
            List<Regions.Region> own = syntax == null ? List.of() : Regions.of(lab, Regions.parse(f, text, syntax, catalog.ids()));
            if (!own.isEmpty()) originals.put(f, text);
            String outside = own.isEmpty() ? text : Regions.strip(f, text, syntax, catalog.ids(), lab);
            if (syntax == Regions.Syntax.JAVA) for (String line : outside.split("\n")) elsewhere.add(line.strip());
            for (Regions.Region r : own) {
                if (r.body().isBlank()) continue;
                bodies.add(r.body());
                if (syntax == Regions.Syntax.JAVA) javaBodies.add(r.body());
            }
        }
        // a line of code is the solution's own when no Java source has it outside the regions; a handout's notes (Markdown)
        // are checked as a whole: their headings and phrases recur in the other labs' handouts
        Set<String> distinctive = new LinkedHashSet<>();
        for (String b : javaBodies) {
            for (String line : b.split("\n")) {
                String s = line.strip();
                if (s.replace(" ", "").length() >= DISTINCTIVE && !elsewhere.contains(s)) distinctive.add(s);
            }
        }

        Set<String> hiddenClasses = new LinkedHashSet<>();
        for (Catalog.Lab l : catalog.labs()) for (Catalog.GradedTest t : l.tests()) if (t.hidden()) hiddenClasses.add(t.name().substring(0, t.name().indexOf('.')));
        for (String f : catalog.hiddenFiles()) if (Files.exists(copy.resolve(f))) problems.add(f + ": a hidden test file is in the copy");

        for (String f : tracked) {
            Path p = copy.resolve(f);
            if (!Files.isRegularFile(p)) continue;
            byte[] bytes = StudentCopy.read(p);
            byte[] want = expected.get(f);
            if (want != null && !Arrays.equals(bytes, want)) problems.add(f + ": differs from the generator's output");
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String b : bodies) if (text.contains(b)) problems.add(f + ": holds a solution region's text: " + firstLine(b));
            for (String s : distinctive) if (text.contains(s)) problems.add(f + ": holds a line of the solution: " + s);
            for (String c : hiddenClasses) if (text.contains(c)) problems.add(f + ": mentions the hidden test " + c);
            if (f.startsWith(Catalog.FOLDER + "/") && !Catalog.withoutHiddenTests(text).equals(text)) problems.add(f + ": lists hidden tests");
        }

        // stripping then restoring gives the solution back, byte for byte
        for (Map.Entry<String, String> e : originals.entrySet()) {
            String f = e.getKey();
            Path p = copy.resolve(f);
            if (!Files.isRegularFile(p)) continue;
            Regions.Syntax syntax = Regions.Syntax.of(f);
            List<Regions.Region> solution = Regions.of(lab, Regions.parse(f, e.getValue(), syntax, catalog.ids()));
            String restored = Regions.restore(f, new String(StudentCopy.read(p), StandardCharsets.UTF_8), syntax, catalog.ids(), lab, solution);
            if (!restored.equals(e.getValue())) problems.add(f + ": restoring the regions does not give back the original");
        }
        return problems;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }
}

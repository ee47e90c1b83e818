package dev.autoencoders.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A student copy of one lab: the tracked files of the repository as they stand in the working tree, in which
 * <ul>
 *   <li>the lab's regions are stripped to their stubs ({@link Regions#strip}), the handout's solution notes included;</li>
 *   <li>every lab's hidden test files are left out, and every catalog file loses its {@code hidden} lines;</li>
 *   <li>everything else is copied byte for byte (other labs keep their reference code);</li>
 * </ul>
 * committed as the one commit of a new git repository, so that no history holds the solution. Every file's markers are
 * checked on the way (an unknown lab, an unterminated or nested region is an error naming the file and line).
 */
public final class StudentCopy {
    private StudentCopy() {}

    /** What a copy holds: the number of files, of stripped regions, and the hidden test files left out. */
    public record Summary(Path out, int files, int regions, List<String> hiddenLeftOut) {}

    /**
     * Writes the copy of {@code lab} of the repository {@code root} into {@code out}, which must not exist or be an
     * empty folder. The copy is made in a temporary folder beside {@code out} and renamed into place at the end, so an
     * interrupted run leaves no half copy.
     */
    public static Summary make(Path root, String lab, Path out) {
        Catalog catalog = Catalog.of(root);
        Catalog.Lab spec = catalog.get(lab);
        Path target = out.toAbsolutePath().normalize();
        checkEmptyOrAbsent(target);
        Map<String, byte[]> files = contents(root, catalog, spec.id());
        int regions = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Regions.Syntax syntax = Regions.Syntax.of(e.getKey());
            if (syntax != null) regions += Regions.of(lab, Regions.parse(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8), syntax, catalog.ids())).size();
        }
        if (regions == 0) throw new LabException("lab " + lab + " has no regions in the sources: nothing to hand out");
        Path tmp;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path dst = tmp.resolve(e.getKey());
                Files.createDirectories(dst.getParent());
                Files.write(dst, e.getValue());
                if (Files.isExecutable(root.resolve(e.getKey()))) dst.toFile().setExecutable(true, false);
            }
            Git.initAndCommit(tmp, lab + " lab: student copy of " + spec.title());
            if (Files.isDirectory(target)) Files.delete(target); // empty, checked above
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the copy " + target + ": " + e.getMessage(), e);
        }
        List<String> hidden = catalog.hiddenFiles().stream().filter(f -> Files.exists(root.resolve(f))).toList();
        return new Summary(target, files.size(), regions, hidden);
    }

    /**
     * The copy's files and contents, path by path: the tracked files of {@code root} as they are on disk, with the
     * lab's regions stripped, hidden tests left out and catalogs without their hidden lines.
     */
    static Map<String, byte[]> contents(Path root, Catalog catalog, String lab) {
        Set<String> hidden = catalog.hiddenFiles();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String f : Git.trackedFiles(root)) {
            Path p = root.resolve(f);
            if (hidden.contains(f) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue; // hidden, deleted, or a link
            byte[] bytes = read(p);
            Regions.Syntax syntax = Regions.Syntax.of(f);
            if (syntax != null) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                bytes = Regions.strip(f, text, syntax, catalog.ids(), lab).getBytes(StandardCharsets.UTF_8);
            } else if (f.startsWith(Catalog.FOLDER + "/") && f.endsWith(".lab")) {
                bytes = Catalog.withoutHiddenTests(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            out.put(f, bytes);
        }
        return out;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p + ": " + e.getMessage(), e);
        }
    }

    private static void checkEmptyOrAbsent(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw new LabException("--out " + target + " exists and is not a folder");
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isPresent()) throw new LabException("--out " + target + " is not empty: a copy goes into a new folder (nothing was written)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder tree (the grader's scratch trees). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
        }
    }
}

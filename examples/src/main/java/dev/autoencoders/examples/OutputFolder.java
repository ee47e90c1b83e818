package dev.autoencoders.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --out} folder of a training run, which belongs to that run alone.
 *
 * <ul>
 *   <li>Checked before any training: a blank path, a file, or a folder that cannot be created or written (a probe
 *       file is written and removed) is refused.</li>
 *   <li>Locked for the run: the run holds an operating-system lock on {@code .lock} (which records its process id),
 *       so a second run on the folder is refused at once; the system releases the lock when a process dies, even by
 *       kill -9, so a dead run's lock is simply taken over.</li>
 *   <li>Owned: a fresh run refuses a folder that holds anything, naming {@code --resume} (continue the run found
 *       there) and {@code --overwrite} (replace it). A folder that holds anything but a run's results (a
 *       subfolder, a file of another kind) is no run's folder: every run refuses it and touches nothing there.</li>
 *   <li>Written at the end: the results (metrics, figures, weights) go to {@code .staging/} and are moved into the
 *       folder by {@link #commit()} once the run has succeeded, so a failed run never replaces another's results.
 *       Checkpoints are written into the folder as training goes, only ever finite ones.</li>
 *   <li>With {@code --overwrite}, what the folder held is moved to {@code .previous/}, deleted when the run commits
 *       and moved back when it fails. A run killed meanwhile leaves {@code .previous/} (the last complete run) beside
 *       its own checkpoints.</li>
 *   <li>Cleaned: temporary files of an interrupted atomic write ({@code .*.tmp}) and the staging folder of a killed
 *       run are removed by the next run; a commit that a kill interrupted is finished by it.</li>
 * </ul>
 */
public final class OutputFolder implements AutoCloseable {
    static final String LOCK = ".lock", STAGING = ".staging", PREVIOUS = ".previous";
    /** In {@code .staging/}: the run succeeded and its results are being moved into the folder. */
    private static final String COMMITTING = ".committing";

    /** How a run treats what it finds in its folder. */
    enum Mode { FRESH, RESUME, OVERWRITE }

    private final CommandSpec spec;
    private final Path dir;
    private final Mode mode;
    private final PrintWriter log;
    // the topmost folder this run created (removed again if the run leaves nothing), or null
    private Path created;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean committed;

    private OutputFolder(CommandSpec spec, Path dir, Mode mode, PrintWriter log) {
        this.spec = spec;
        this.dir = dir;
        this.mode = mode;
        this.log = log;
    }

    /** Checks, creates, locks and cleans the folder; refuses it (exit 2, naming {@code --out}) if it is not this run's to use. */
    static OutputFolder open(CommandSpec spec, Path dir, Mode mode, PrintWriter log) {
        OutputFolder f = new OutputFolder(spec, dir, mode, log);
        try {
            f.create();
            f.lock();
            f.refuseForeign();
            f.clean();
            f.claim();
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * Only the lock, for a command that writes into a folder of folders (the tour): the folder is created and
     * checked as in {@link #open}, and locked until {@link #close()}; its contents are the command's business.
     */
    public static OutputFolder lock(CommandSpec spec, Path dir, PrintWriter log) {
        OutputFolder f = new OutputFolder(spec, dir, Mode.RESUME, log);
        try {
            f.create();
            f.lock();
            f.committed = true; // nothing to roll back
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /** The folder. */
    Path dir() {
        return dir;
    }

    /** Where a result file of this run is written until {@link #commit()} moves it into the folder. */
    Path staged(String name) {
        Path staging = dir.resolve(STAGING);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + staging + ": " + e.getMessage(), e);
        }
        return staging.resolve(name);
    }

    /** The run succeeded: its results replace those in the folder; what {@code --overwrite} set aside is deleted. */
    void commit() {
        Path staging = dir.resolve(STAGING);
        try {
            if (Files.isDirectory(staging)) Files.createFile(staging.resolve(COMMITTING));
            finishCommit();
        } catch (IOException e) {
            throw new UncheckedIOException("could not move the results from " + staging + " into " + dir + ": " + e.getMessage(), e);
        }
        committed = true;
    }

    /** Moves the staged results into the folder (each move atomic), then deletes the staging folder and {@code .previous/}. */
    private void finishCommit() throws IOException {
        Path staging = dir.resolve(STAGING);
        if (Files.isDirectory(staging)) {
            for (Path p : list(staging)) {
                if (!p.getFileName().toString().equals(COMMITTING)) move(p, dir.resolve(p.getFileName().toString()));
            }
            deleteTree(staging);
        }
        deleteTree(dir.resolve(PREVIOUS));
    }

    /** Unless committed: this run's results are discarded, the folder is put back as it was found, the lock released. */
    @Override
    public void close() {
        try {
            if (!committed && lock != null) rollBack();
        } catch (IOException e) {
            log.println("warning: could not restore " + dir + " after the failed run: " + e.getMessage());
        } finally {
            unlock();
        }
    }

    private void rollBack() throws IOException {
        deleteTree(dir.resolve(STAGING));
        Path previous = dir.resolve(PREVIOUS);
        if (mode == Mode.OVERWRITE && Files.isDirectory(previous)) {
            for (Path p : entries()) deleteTree(p);
            for (Path p : list(previous)) move(p, dir.resolve(p.getFileName().toString()));
            deleteTree(previous);
        }
        if (created != null && entries().isEmpty() && !Files.exists(previous)) {
            unlock();
            Files.deleteIfExists(dir.resolve(LOCK));
            for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(created); p = p.getParent()) Files.deleteIfExists(p);
        }
    }

    // ---------------------------------------------------------------- the steps of open

    private void create() {
        if (dir.toString().isBlank()) throw OptionChecks.invalid(spec, "--out", "''", "must name a folder");
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw OptionChecks.invalid(spec, "--out", dir, "is a file, not a folder");
        Path first = null;
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) first = p;
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw OptionChecks.invalid(spec, "--out", dir, "cannot be created: " + reason(e));
        }
        created = first;
        try {
            Path probe = Files.createTempFile(dir, ".probe-", ".tmp");
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw OptionChecks.invalid(spec, "--out", dir, "is not writable: " + reason(e));
        }
    }

    /**
     * Folders locked by runs of this process. Closing any channel of a file drops every lock this process holds on it
     * (POSIX record locks), so a second run in this process must not even open the lock file of a folder in use.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Path key;

    private void lock() {
        Path f = dir.resolve(LOCK);
        try {
            Path k = dir.toRealPath();
            if (!HELD.add(k)) throw inUse(Long.toString(ProcessHandle.current().pid()));
            key = k;
            lockChannel = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                lockChannel = null;
                throw inUse(holder(f));
            }
            lock = l;
            // read through the locked channel: opening the file again and closing it would drop the lock
            ByteBuffer was = ByteBuffer.allocate(32);
            lockChannel.read(was, 0);
            String stale = new String(was.array(), 0, was.position(), StandardCharsets.US_ASCII).strip();
            if (!stale.matches("\\d+")) stale = "";
            if (!stale.isEmpty()) log.println("took over " + f + " from process " + stale + ", which is no longer running");
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            lockChannel.force(true);
        } catch (IOException e) {
            throw OptionChecks.invalid(spec, "--out", dir, "cannot be locked (" + f + "): " + reason(e));
        }
    }

    /** The process id the lock file records (its first line, at most 32 bytes read), or "". */
    private static String holder(Path f) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(f)) {
            String s = new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip();
            return s.matches("\\d+") ? s : "";
        }
    }

    private RuntimeException inUse(String holder) {
        return OptionChecks.invalid(spec, "--out", dir, "is in use by another run" + (holder.isEmpty() ? "" : " (process " + holder + ")")
                + "; wait for it to finish, or choose another --out");
    }

    private void unlock() {
        try {
            if (lock != null) {
                lockChannel.truncate(0);
                lock.release();
            }
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            lock = null;
            lockChannel = null;
            if (key != null) HELD.remove(key);
            key = null;
        }
    }

    /** Removes what a killed run left: its temporary files and staging folder; finishes its commit if it was under way. */
    private void clean() {
        try {
            int removed = 0;
            for (Path p : list(dir)) {
                String n = p.getFileName().toString();
                if (LEFTOVER.matcher(n).matches() && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    removed++;
                }
            }
            if (removed > 0) log.println("removed " + removed + " temporary file" + (removed == 1 ? "" : "s") + " that a killed run left in " + dir);
            Path staging = dir.resolve(STAGING);
            if (Files.exists(staging.resolve(COMMITTING))) {
                log.println("finished moving the results of a run that was killed while it moved them into " + dir);
                finishCommit();
            } else {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A folder that holds anything but a run's results and this program's own files (a subfolder, a source file) is
     * no run's folder: it is refused before anything in it is touched, whatever the mode.
     */
    private void refuseForeign() {
        try {
            List<Path> foreign = new ArrayList<>();
            for (Path p : entries()) if (!isResult(p) && !LEFTOVER.matcher(p.getFileName().toString()).matches()) foreign.add(p);
            if (!foreign.isEmpty()) {
                throw OptionChecks.invalid(spec, "--out", dir, "holds files that are not a run's results (" + names(foreign)
                        + "); choose another --out (a new or empty folder)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A fresh run needs an empty folder; --overwrite sets aside what is there. */
    private void claim() {
        try {
            List<Path> found = entries();
            Path previous = dir.resolve(PREVIOUS);
            if (mode == Mode.FRESH && !(found.isEmpty() && !Files.exists(previous))) {
                throw OptionChecks.invalid(spec, "--out", dir, "holds the results of another run (" + names(found.isEmpty() ? List.of(previous) : found)
                        + "); continue that run with --resume, replace it with --overwrite, or choose another --out");
            }
            if (mode == Mode.OVERWRITE) {
                if (Files.isDirectory(previous)) {
                    // a run killed while replacing .previous left its own files: .previous is still the last complete run
                    for (Path p : found) deleteTree(p);
                } else if (!found.isEmpty()) {
                    Files.createDirectories(previous);
                    for (Path p : found) move(p, previous.resolve(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not set aside the contents of " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- files

    /** What a run writes: regular files of these kinds, nothing else (no folders). */
    private static final Pattern RESULT = Pattern.compile(".+\\.(safetensors|json|png|html|csv|txt)");
    /** A temporary file of {@link dev.autoencoders.io.AtomicFiles} ({@code .<name>.<random>.tmp}) or of the writability probe. */
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+\\.(safetensors|json|png|html|csv|txt)\\.-?\\d+|probe-\\d+)\\.tmp");

    private static boolean isResult(Path p) {
        return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && RESULT.matcher(p.getFileName().toString()).matches();
    }

    /** Up to four names, for a message. */
    private static String names(List<Path> paths) {
        List<String> names = new ArrayList<>();
        for (Path p : paths) names.add(p.getFileName().toString());
        return String.join(", ", names.subList(0, Math.min(4, names.size()))) + (names.size() > 4 ? ", ..." : "");
    }

    /** What the folder holds besides the lock, the staging folder and {@code .previous/}. */
    private List<Path> entries() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (!n.equals(LOCK) && !n.equals(STAGING) && !n.equals(PREVIOUS)) out.add(p);
        }
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
            }
        } else {
            Files.delete(p);
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : m == null ? e.getClass().getSimpleName() : m;
    }
}

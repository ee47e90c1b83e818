package dev.autoencoders.labs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The few git commands the labs need, run with the {@code git} on the PATH. */
final class Git {
    private Git() {}

    /** The files git tracks in {@code root}, relative paths with '/'; a folder that is not a checkout is a {@link LabException}. */
    static List<String> trackedFiles(Path root) {
        String out = run(root, "ls-files", "-z");
        List<String> files = new ArrayList<>();
        for (String f : out.split("\0")) if (!f.isEmpty()) files.add(f);
        return files;
    }

    /** A new repository in {@code dir} with everything in it as one commit, by a fixed author. */
    static void initAndCommit(Path dir, String message) {
        run(dir, "-c", "init.defaultBranch=main", "init", "-q");
        run(dir, "add", "-A");
        run(dir, "-c", "user.name=autoencoders lab", "-c", "user.email=lab@autoencoders.invalid", "-c", "commit.gpgsign=false",
                "commit", "-q", "--no-verify", "-m", message);
    }

    /** {@code git <args>} in {@code dir}; its standard output, or a {@link LabException} with git's message. */
    static String run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err));
            drain.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            drain.join();
            if (code != 0) {
                String msg = err.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " ");
                throw new LabException("git " + String.join(" ", args) + " in " + dir + " failed: " + (msg.isEmpty() ? "exit code " + code : msg));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabException("could not run git (is it installed?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

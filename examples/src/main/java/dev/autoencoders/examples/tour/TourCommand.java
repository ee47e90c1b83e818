package dev.autoencoders.examples.tour;

import dev.autoencoders.examples.Main;
import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.OutputFolder;
import dev.autoencoders.io.AtomicFiles;
import dev.autoencoders.util.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autoencoders tour}: trains every model of the family, two at a time, each by its own command into its own folder
 * under {@code --out}, prints one summary line per model, and writes the gallery {@code index.html}.
 */
@Command(name = "tour", mixinStandardHelpOptions = true, description = {
    "Train every model of the family, two at a time, on the embedded data (on 2 cores: about 3 1/4 minutes with AVX-512,",
    "3 1/2 with AVX2 only, over 25 on a 2017 AVX2 server; --quick: 1 to 2 minutes)",
    "and write a gallery page, index.html, with each model's figures, metrics, docs chapter and source."})
public final class TourCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    Path out;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/tour",
            description = "output folder; each model's folder in it is replaced by this tour's run (default: ${DEFAULT-VALUE})")
    void setOut(Path value) {
        if (value.toString().isBlank()) throw OptionChecks.invalid(spec, "--out", "''", "must name a folder");
        if (Files.exists(value) && !Files.isDirectory(value)) throw OptionChecks.invalid(spec, "--out", value, "is a file, not a folder");
        out = value;
    }

    @Option(names = "--quick", description = "a version of a minute or two for classrooms and CI: small data, few epochs")
    boolean quick;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of every stage (default: ${DEFAULT-VALUE})")
    long seed;

    List<String> only;

    @Option(names = "--only", split = ",", paramLabel = "STAGE", description = "run only these stages (by folder name, e.g. ae,vae)")
    void setOnly(List<String> names) {
        for (String name : names) {
            if (Stages.ALL.stream().noneMatch(st -> st.dir().equals(name))) {
                throw OptionChecks.invalid(spec, "--only", name, "is not a stage; stages: " + String.join(", ", Stages.ALL.stream().map(Stage::dir).toList()));
            }
        }
        only = names;
    }

    Integer jobs;

    @Option(names = "--jobs", paramLabel = "J", description = "stages trained at the same time (default: 2, or 1 on a single core); "
            + "the results do not depend on it")
    void setJobs(int value) {
        jobs = OptionChecks.atLeast(spec, "--jobs", value, 1);
    }

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        List<Stage> stages = selected();
        int j = jobs != null ? jobs : Math.min(2, Runtime.getRuntime().availableProcessors());
        // one tour at a time in a folder: a second one would replace this one's page with its own
        try (OutputFolder lock = OutputFolder.lock(spec, out, log)) {
            List<TourPage.Result> results = runAll(stages, j, log);
            long failed = results.stream().filter(r -> r.error() != null).count();
            Path index = out.resolve("index.html");
            AtomicFiles.write(index, TourPage.html(results, repositoryRoot(), out, quick).getBytes(StandardCharsets.UTF_8));
            log.println("gallery: " + index);
            if (failed > 0) throw new IllegalStateException(failed + " of " + stages.size() + " tour stages failed (see above and " + index + ")");
        }
        return 0;
    }

    private List<Stage> selected() {
        if (only == null) return Stages.ALL;
        List<Stage> out = new ArrayList<>();
        for (String name : only) out.add(Stages.ALL.stream().filter(st -> st.dir().equals(name)).findFirst().orElseThrow());
        return out;
    }

    /**
     * Runs the stages, {@code jobs} at a time, the longest first ({@link Stages#LONGEST_FIRST}), a stage that reads an
     * earlier stage's output ({@link Stage#needs()}) only after that one; prints each summary line in stage order as
     * soon as it and all before it are done. Concurrent stages give the same bits as sequential ones: every stage has
     * its own seeded generator and the kernels' sums do not depend on the number of threads (SumOrder). Many of the
     * models are too small to keep two cores busy alone, so two stages at a time finish sooner (docs/performance.md,
     * "Kernel choices").
     */
    private List<TourPage.Result> runAll(List<Stage> stages, int jobs, PrintWriter log) {
        AtomicInteger count = new AtomicInteger();
        // a free worker takes the waiting stage of the lowest rank (a stage whose input is ready joins the queue then)
        ThreadPoolExecutor pool = new ThreadPoolExecutor(jobs, jobs, 0, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(16, Comparator.comparingInt(r -> ((Ranked) r).rank())), r -> {
                    Thread t = new Thread(r, "tour-stage-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
        try {
            Map<String, CompletableFuture<TourPage.Result>> futures = new LinkedHashMap<>();
            List<Stage> byRank = new ArrayList<>(stages);
            byRank.sort(Comparator.comparingInt(s -> Stages.startRank(s.dir())));
            for (Stage s : byRank) {
                int rank = Stages.startRank(s.dir());
                Executor ranked = task -> pool.execute(new Ranked(rank, task));
                String needs = s.needs();
                CompletableFuture<TourPage.Result> before = needs == null ? null : futures.get(needs);
                futures.put(s.dir(), before == null ? CompletableFuture.supplyAsync(() -> runStage(s), ranked)
                        : before.thenApplyAsync(r -> runStage(s), ranked));
            }
            List<TourPage.Result> results = new ArrayList<>();
            for (Stage s : stages) {
                TourPage.Result r = futures.get(s.dir()).join();
                results.add(r);
                log.println(summary(r));
                log.flush();
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** A stage's task in the tour's queue, taken in the order of its rank. */
    private record Ranked(int rank, Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /** {@link #runCommand}, with an exception of the stage (such as an unreadable metrics.json) turned into a failed stage. */
    private TourPage.Result runStage(Stage s) {
        return guarded(s, () -> runCommand(s));
    }

    /**
     * What {@code run} returns, or, if it throws a RuntimeException, a failed result of stage {@code s} carrying the
     * exception's message: one stage's bookkeeping error shows on the page and in the summary instead of ending the
     * whole tour (from a stage thread it would otherwise come out of {@code join()} as a CompletionException).
     */
    static TourPage.Result guarded(Stage s, Supplier<TourPage.Result> run) {
        try {
            return run.get();
        } catch (RuntimeException e) {
            return new TourPage.Result(s, s.command(), new Metrics(), List.of(), 0, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Runs a stage's command in this JVM, its output captured; the stage's own messages go into index.html on failure.
     * The tour owns its stages' folders: each run replaces what an earlier tour left there ({@code --overwrite}).
     */
    private TourPage.Result runCommand(Stage s) {
        Path dir = out.resolve(s.dir());
        List<String> args = new ArrayList<>();
        for (String a : s.command()) args.add(a.replace("{out}", out.toString()));
        args.addAll(quick ? s.quick() : s.full());
        args.addAll(List.of("--seed", Long.toString(seed)));
        List<String> shown = List.copyOf(args);
        args.addAll(List.of("--out", dir.toString(), "--overwrite"));
        StringWriter stdout = new StringWriter(), stderr = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(stderr), List.of());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            String why = stderr.toString().strip();
            return new TourPage.Result(s, shown, new Metrics(), List.of(), seconds, why.isEmpty() ? "exit code " + code : why);
        }
        return new TourPage.Result(s, shown, Metrics.read(dir.resolve("metrics.json")), figures(dir), seconds, null);
    }

    /** The PNGs a stage wrote, by name, the loss curve last. */
    private static List<String> figures(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .sorted((a, b) -> a.equals("loss.png") ? 1 : b.equals("loss.png") ? -1 : a.compareTo(b)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stage's line in the tour's output: its headline metrics and time, or FAILED and the first line of the error. */
    static String summary(TourPage.Result r) {
        if (r.error() != null) return String.format(Locale.ROOT, "%-10s FAILED: %s", r.stage().dir(), r.error().lines().findFirst().orElse(""));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s", r.stage().dir()));
        for (String k : r.stage().headline()) {
            if (r.metrics().has(k)) sb.append(String.format(Locale.ROOT, "  %s %.4g", k, r.metrics().getDouble(k)));
        }
        return sb.append(String.format(Locale.ROOT, "  (%.1f s)", r.seconds())).toString();
    }

    /** The repository this program was built from (for the page's links to docs and sources), or null. */
    private static Path repositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.exists(cwd.resolve("docs/README.md"))) return cwd;
        try {
            Path jar = Path.of(TourCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // examples/target/autoencoders.jar (or examples/target/classes) -> the repository
            Path root = jar.getParent().getParent().getParent();
            return root != null && Files.exists(root.resolve("docs/README.md")) ? root : null;
        } catch (Exception e) {
            return null;
        }
    }
}

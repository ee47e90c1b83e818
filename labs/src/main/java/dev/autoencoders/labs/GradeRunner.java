package dev.autoencoders.labs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import dev.autoencoders.lab.LabTodoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The grader's test run, in a JVM of its own on the graded modules' classes and test classes: the JUnit Platform
 * Launcher discovers the tests tagged {@code lab-<id>} in the modules' test classes (classes named as Surefire runs
 * them: {@code *Test}, {@code *Tests}, {@code *Properties}), runs them (Jupiter and jqwik), and writes one line per
 * test to the results file: {@code name \t status \t seconds \t first line of the failure}, status {@code PASS},
 * {@code FAIL} or {@code TODO} (the failure is, or is caused by, a {@link LabTodoException}).
 *
 * <p>Arguments: a request file (properties {@code tag}, {@code roots} (test-class folders, separated by the path
 * separator), {@code results}, {@code database} (jqwik's, fresh for every grade)).
 */
public final class GradeRunner {
    private GradeRunner() {}

    public static void main(String[] args) throws IOException {
        Properties request = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            request.load(in);
        }
        Set<Path> roots = new java.util.LinkedHashSet<>();
        for (String r : request.getProperty("roots").split(java.io.File.pathSeparator)) roots.add(Path.of(r));
        LauncherDiscoveryRequest discovery = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(roots))
                .filters(ClassNameFilter.includeClassNamePatterns(".*Test", ".*Tests", ".*Properties"), TagFilter.includeTags(request.getProperty("tag")))
                .configurationParameter("jqwik.database", request.getProperty("database"))
                .configurationParameter("jqwik.failures.runfirst", "false")
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter("junit.jupiter.execution.timeout.default", "300 s")
                .build();
        Map<String, String> lines = new ConcurrentHashMap<>();
        List<String> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> started = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                String name = name(id);
                if (name != null) record(name, "FAIL", 0, "skipped: " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String name = name(id);
                if (name == null || !id.isTest()) return;
                double seconds = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1e9;
                Throwable t = result.getThrowable().orElse(null);
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) record(name, "PASS", seconds, "");
                else if (todo(t) != null) record(name, "TODO", seconds, todo(t).getMessage());
                else record(name, "FAIL", seconds, t == null ? result.getStatus().toString() : firstLine(t));
            }

            private void record(String name, String status, double seconds, String message) {
                boolean duplicate;
                synchronized (order) {
                    duplicate = !seen.add(name);
                    if (!duplicate) order.add(name);
                }
                if (duplicate) {
                    status = "FAIL";
                    message = "two graded tests are named " + name;
                }
                lines.put(name, name + "\t" + status + "\t" + String.format(java.util.Locale.ROOT, "%.2f", seconds) + "\t" + clean(message));
            }
        };
        PrintStream realOut = System.out;
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery, listener);
        StringBuilder out = new StringBuilder();
        for (String name : order) out.append(lines.get(name)).append('\n');
        Files.writeString(Path.of(request.getProperty("results")), out.toString(), StandardCharsets.UTF_8);
        realOut.println("graded " + order.size() + " tests");
    }

    /** {@code SimpleClassName.method} of a test method, or null for other nodes. */
    static String name(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof MethodSource m) {
            String cls = m.getClassName();
            return cls.substring(cls.lastIndexOf('.') + 1).replace('$', '.') + "." + m.getMethodName();
        }
        return null;
    }

    /** The {@link LabTodoException} that ended a test: the failure itself, one of its causes or suppressed exceptions. */
    static LabTodoException todo(Throwable t) {
        Set<Throwable> visited = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> queue = new java.util.ArrayDeque<>();
        if (t != null) queue.add(t);
        while (!queue.isEmpty()) {
            Throwable x = queue.poll();
            if (!visited.add(x)) continue;
            if (x instanceof LabTodoException e) return e;
            if (x.getCause() != null) queue.add(x.getCause());
            queue.addAll(List.of(x.getSuppressed()));
        }
        return null;
    }

    /**
     * A failure's message on one line (its type when it has none): AssertJ spreads one statement over several lines
     * ({@code Expecting actual: / 1.0 / to be close to: / 0.5 ...}), whose first alone says nothing; cut at 200 characters.
     */
    static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getName();
        String one = m.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 197) + "..." : one;
    }

    private static String clean(String s) {
        String c = s.replaceAll("[\\t\\r\\n]+", " ").strip();
        return c.length() > 300 ? c.substring(0, 297) + "..." : c;
    }
}

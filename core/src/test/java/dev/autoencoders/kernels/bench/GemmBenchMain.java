package dev.autoencoders.kernels.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link GemmBench} and prints GFLOP/s per shape, precision and thread count: the best measurement
 * iteration, and the range over all iterations (the spread shows how much other processes on the machine
 * interfered). From the repository root:
 * <pre>
 *   mvn -q -pl core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *       -Dexec.args="--add-modules jdk.incubator.vector -cp %classpath dev.autoencoders.kernels.bench.GemmBenchMain"
 * </pre>
 * (all 16 shapes x 2 precisions x 2 thread counts: about 11 minutes). Extra arguments after the class name are
 * JMH's own, e.g. {@code -p shape=AE_FWD_784_1000,PIXELCNN_CONV_BATCHED -p threads=1 -wi 2 -i 3}.
 */
public final class GemmBenchMain {
    private GemmBenchMain() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) options.include(GemmBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();

        System.out.printf("%n%-56s %-8s %7s %10s %20s%n", "shape", "precision", "threads", "best", "range (GFLOP/s)");
        for (RunResult r : results) {
            GemmShape shape = GemmShape.valueOf(r.getParams().getParam("shape"));
            Statistics calls = r.getPrimaryResult().getStatistics(); // calls per second, one value per iteration
            double gflop = shape.flops() / 1e9;
            System.out.printf("%-56s %-8s %7s %10.1f %9.1f - %-9.1f%n", shape, r.getParams().getParam("precision"),
                    r.getParams().getParam("threads"), calls.getMax() * gflop, calls.getMin() * gflop, calls.getMax() * gflop);
        }
    }
}

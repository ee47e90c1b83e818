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
 * Runs {@link ConvBench} and prints GFLOP/s per shape, kernel and thread count (best iteration and range), like
 * {@link GemmBenchMain}; run it the same way with this class name (9 shapes x 3 kernels x 2 thread counts x 2
 * precisions: about 20 minutes; {@code -p shape=VQVAE_DEC2 -p precision=FLOAT32} picks some).
 */
public final class ConvBenchMain {
    private ConvBenchMain() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) options.include(ConvBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();

        System.out.printf("%n%-18s %-15s %-9s %7s %10s %20s%n", "shape", "kernel", "precision", "threads", "best", "range (GFLOP/s)");
        for (RunResult r : results) {
            ConvShape shape = ConvShape.valueOf(r.getParams().getParam("shape"));
            String kernel = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics calls = r.getPrimaryResult().getStatistics();
            double gflop = shape.flops() / 1e9;
            System.out.printf("%-18s %-15s %-9s %7s %10.1f %9.1f - %-9.1f%n", shape, kernel, r.getParams().getParam("precision"), r.getParams().getParam("threads"),
                    calls.getMax() * gflop, calls.getMin() * gflop, calls.getMax() * gflop);
        }
    }
}

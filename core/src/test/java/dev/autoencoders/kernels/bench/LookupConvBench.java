package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.ConvGeometry;
import dev.autoencoders.kernels.LookupConv;
import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.kernels.Precision;
import dev.autoencoders.random.Rng;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * PixelCNN's first layer as table look-ups ({@link LookupConv}) at the workload's shape: 128 code maps of 7 x 7,
 * K = 128 codes, 128 channels in and out, the 24 taps of the 7 x 7 type-A mask. {@code forward} is the tables'
 * GEMMs and the look-ups; {@code backward} the scatter into dP and the two GEMMs of dW and dE. {@link #main}
 * prints milliseconds per call and the GFLOP/s of the convolution the call stands for ({@link ConvShape#PIXELCNN_MASK_A},
 * {@code 2 n o OH OW c T}): run it as {@link GemmBenchMain}, with this class name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class LookupConvBench {
    @Param({"1", "2"})
    public int threads;

    @Param({"DOUBLE", "FLOAT32"})
    public Precision precision;

    private static final int CODES = 128;
    private ConvGeometry g;
    private int[] codes;
    private double[] table, w, b, y, dy, dw, dtable;

    @Setup
    public void setUp() {
        Precision.setMatmul(precision);
        Parallelism.setThreads(threads);
        g = ConvShape.PIXELCNN_MASK_A.geometry();
        Rng rng = new Rng(7);
        codes = new int[g.n() * g.inPlane()];
        for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(CODES);
        table = BenchData.uniform(rng, CODES * g.c());
        w = BenchData.uniform(rng, g.o() * g.c() * g.k() * g.k());
        b = BenchData.uniform(rng, g.o());
        y = new double[g.n() * g.o() * g.outPlane()];
        dy = BenchData.uniform(rng, y.length);
        dw = new double[w.length];
        dtable = new double[table.length];
    }


    @Benchmark
    public double[] forward() {
        LookupConv.forward(g, codes, LookupConv.tables(g, CODES, table, LookupConv.tapWeights(g, w)), b, y);
        return y;
    }

    @Benchmark
    public double[] backward() {
        double[] dp = LookupConv.backwardTables(g, codes, CODES, dy);
        LookupConv.backwardWeight(g, CODES, dp, table, dw);
        LookupConv.backwardTable(g, CODES, dp, LookupConv.tapWeights(g, w), dtable);
        return dw;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) options.include(LookupConvBench.class.getName());
        Collection<RunResult> results = new Runner(options.build()).run();
        double convFlops = ConvShape.PIXELCNN_MASK_A.flops();
        System.out.printf("%n%-9s %-9s %7s %14s %28s%n", "call", "precision", "threads", "ms per call", "convolution-equal GFLOP/s");
        for (RunResult r : results) {
            String call = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics calls = r.getPrimaryResult().getStatistics();
            // the backward stands for two products of the convolution (dW and dx)
            double flops = convFlops * (call.equals("backward") ? 2 : 1);
            System.out.printf("%-9s %-9s %7s %14.2f %28.0f%n", call, r.getParams().getParam("precision"), r.getParams().getParam("threads"),
                    1e3 / calls.getMax(), calls.getMax() * flops / 1e9);
        }
    }
}

package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.Gemm;
import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.kernels.Precision;
import dev.autoencoders.random.Rng;
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

/**
 * Throughput of {@link Gemm#gemm} (calls per second) at the workload shapes ({@link GemmShape}), in both
 * precisions and with 1 or 2 threads. {@link GemmBenchMain} runs it and converts the scores to GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmBench {
    @Param
    public GemmShape shape;

    @Param({"DOUBLE", "FLOAT32"})
    public Precision precision;

    @Param({"1", "2"})
    public int threads;

    private double[] a, b, c;

    @Setup
    public void setUp() {
        Precision.setMatmul(precision);
        Parallelism.setThreads(threads);
        Rng rng = new Rng(42);
        a = BenchData.uniform(rng, shape.m * shape.k);
        b = BenchData.uniform(rng, shape.k * shape.n);
        c = new double[shape.m * shape.n];
    }


    @Benchmark
    public double[] gemm() {
        Gemm.gemm(shape.transA, shape.transB, shape.m, shape.n, shape.k, a, 0, b, 0, c, 0, shape.accumulate);
        return c;
    }
}

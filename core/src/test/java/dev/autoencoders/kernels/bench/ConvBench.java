package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.ConvGeometry;
import dev.autoencoders.kernels.ConvKernels;
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
 * Throughput of the convolution kernels ({@link ConvKernels}: forward, input gradient, weight gradient) at the
 * workload shapes ({@link ConvShape}), fast path, in double or with float32 matmuls ({@link Precision}), 1 or 2 threads.
 * {@link ConvBenchMain} prints GFLOP/s. (For a transposed layer, the shape is the convolution it is the adjoint of: its
 * forward is {@code backwardInput} here, its input gradient {@code forward}.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ConvBench {
    @Param
    public ConvShape shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"DOUBLE", "FLOAT32"})
    public Precision precision;

    private ConvGeometry g;
    private double[] x, w, b, y, dy, dx, dw;

    @Setup
    public void setUp() {
        Precision.setMatmul(precision);
        Parallelism.setThreads(threads);
        g = shape.geometry();
        Rng rng = new Rng(7);
        x = BenchData.uniform(rng, g.n() * g.c() * g.inPlane());
        w = BenchData.uniform(rng, g.o() * g.c() * g.k() * g.k());
        b = BenchData.uniform(rng, g.o());
        y = new double[g.n() * g.o() * g.outPlane()];
        dy = BenchData.uniform(rng, y.length);
        dx = new double[x.length];
        dw = new double[w.length];
    }


    @Benchmark
    public double[] forward() {
        ConvKernels.forward(g, x, w, b, y);
        return y;
    }

    @Benchmark
    public double[] backwardInput() {
        ConvKernels.backwardInput(g, dy, w, dx);
        return dx;
    }

    @Benchmark
    public double[] backwardWeight() {
        ConvKernels.backwardWeight(g, dy, x, dw);
        return dw;
    }
}

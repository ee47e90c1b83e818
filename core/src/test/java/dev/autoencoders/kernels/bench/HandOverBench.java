package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.Loops;
import dev.autoencoders.kernels.Parallelism;
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
 * What it costs to hand parts to the {@link Parallelism} team, microseconds per call, on 2 threads: a call of two
 * empty parts back to back ({@code empty}), the same after 1 ms without work, when the workers have stopped spinning
 * and parked ({@code afterPause} less {@code pause}), and ReLU's backward over vq-vae's widest activation
 * (64 x 32 x 28 x 28 values) split in two ({@code reluBackward}). From the repository root:
 * <pre>
 *   mvn -q -pl core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *       -Dexec.args="--add-modules jdk.incubator.vector -cp %classpath org.openjdk.jmh.Main HandOverBench"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class HandOverBench {
    @Param({"2"})
    public int threads;

    private final double[] x = new double[64 * 32 * 28 * 28], g = new double[x.length], gx = new double[x.length];
    private final int[] sink = new int[2];

    @Setup
    public void setUp() {
        Parallelism.setThreads(threads);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
            g[i] = Math.cos(i);
        }
    }

    @Benchmark
    public int[] empty() {
        Parallelism.run(2, t -> sink[t]++);
        return sink;
    }

    @Benchmark
    public int[] afterPause() {
        pauseOneMillisecond();
        Parallelism.run(2, t -> sink[t]++);
        return sink;
    }

    /** The 1 ms pause of {@link #afterPause} alone: subtract it. */
    @Benchmark
    public int[] pause() {
        pauseOneMillisecond();
        sink[0]++;
        return sink;
    }

    /** 1 ms without work for the team (the caller spins, so that its own wake-up is not measured). */
    private static void pauseOneMillisecond() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    @Benchmark
    public double[] reluBackward() {
        // gx += g where x > 0
        Loops.elementwise(x.length, Loops.Cost.CHEAP, (from, to) -> { for (int i = from; i < to; i++) if (x[i] > 0) gx[i] += g[i]; });
        return gx;
    }
}

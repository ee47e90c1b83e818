package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.Summation;
import dev.autoencoders.kernels.VectorMath;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Pointwise;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The elementwise kernels of issue 25 against the loops they replaced, one thread, microseconds per call: the
 * sigmoid, tanh and softplus of vae's 128 x 784 logits, scalar {@link Math} loop against {@link VectorMath}; and the
 * bias gradient of vq-vae's widest layer (64 images x 32 channels x 784 pixels), one running sum per plane against
 * {@link Summation}. From the repository root (add {@code -jvmArgsAppend -XX:UseAVX=2} after the class name for AVX2):
 * <pre>
 *   mvn -q -pl core test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *       -Dexec.args="--add-modules jdk.incubator.vector -cp %classpath org.openjdk.jmh.Main ElementwiseBench"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBench {
    private final double[] x = new double[128 * 784], y = new double[x.length];
    private final double[] dy = new double[64 * 32 * 784], db = new double[32];

    @Setup
    public void setUp() {
        Rng rng = new Rng(7);
        for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-8, 8);
        for (int i = 0; i < dy.length; i++) dy[i] = rng.uniform(-1, 1);
    }

    @Benchmark
    public double[] sigmoidScalar() {
        for (int i = 0; i < x.length; i++) y[i] = Pointwise.sigmoid(x[i]);
        return y;
    }

    @Benchmark
    public double[] sigmoidVector() {
        VectorMath.sigmoid(x, y, 0, x.length);
        return y;
    }

    @Benchmark
    public double[] tanhScalar() {
        for (int i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
        return y;
    }

    @Benchmark
    public double[] tanhVector() {
        VectorMath.tanh(x, y, 0, x.length);
        return y;
    }

    @Benchmark
    public double[] softplusScalar() {
        for (int i = 0; i < x.length; i++) y[i] = Pointwise.softplus(x[i]);
        return y;
    }

    @Benchmark
    public double[] softplusVector() {
        VectorMath.softplus(x, y, 0, x.length);
        return y;
    }

    @Benchmark
    public double[] biasGradientOneRunningSum() {
        java.util.Arrays.fill(db, 0);
        for (int s = 0; s < 64; s++) {
            for (int ch = 0; ch < 32; ch++) {
                double acc = 0;
                for (int i = 0, base = (s * 32 + ch) * 784; i < 784; i++) acc += dy[base + i];
                db[ch] += acc;
            }
        }
        return db;
    }

    @Benchmark
    public double[] biasGradientSummation() {
        java.util.Arrays.fill(db, 0);
        for (int s = 0; s < 64; s++) {
            for (int ch = 0; ch < 32; ch++) db[ch] += Summation.sum(dy, (s * 32 + ch) * 784, 784);
        }
        return db;
    }
}

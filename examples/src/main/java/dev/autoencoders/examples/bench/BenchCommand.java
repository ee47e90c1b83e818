package dev.autoencoders.examples.bench;

import dev.autoencoders.examples.OptionChecks;
import dev.autoencoders.examples.TrainOptions;
import dev.autoencoders.kernels.Parallelism;
import dev.autoencoders.kernels.Precision;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autoencoders bench}: training throughput of the reference workloads, printed in the form of
 * {@code shared/bench/torch_bench.py} so that the two can be compared line by line:
 * <pre>  name  precision  threads=t  steps=n  batch=b  samples_per_s=x  loss=l</pre>
 * Like the twin it trains on 16 random batches of the right shape with Adam, after a warm-up (10 steps, and at
 * least {@code --warmup} seconds, 3 by default, so that the JIT has compiled the hot loops: the twin has no JIT).
 * With {@code --repeats R} it times the N steps R times and prints the fastest. {@code tools/bench.sh} does not use
 * it: its {@code ROUNDS} reruns ours and the twin alike, so that both sides get the same number of tries.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Training throughput (samples/s) of the six reference workloads, in the output form of shared/bench/torch_bench.py.",
    "Workloads: deep-ae, vae, sparse-ae, conv-ae, vq-vae, pixelcnn-prior."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    List<String> workloads;

    @Option(names = "--workloads", split = ",", paramLabel = "NAME", description = "workloads to run (default: all)")
    void setWorkloads(List<String> names) {
        for (String n : names) {
            if (!Workloads.ALL.containsKey(n)) throw OptionChecks.invalid(spec, "--workloads", n, "is not a workload; workloads: " + String.join(", ", Workloads.ALL.keySet()));
        }
        workloads = names;
    }

    int steps;

    @Option(names = "--steps", defaultValue = "150", paramLabel = "N", description = "timed training steps per run (default: ${DEFAULT-VALUE})")
    void setSteps(int value) {
        steps = OptionChecks.atLeast(spec, "--steps", value, 1);
    }

    List<Integer> threads;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "T", description = "thread counts to run (default: ${DEFAULT-VALUE})")
    void setThreads(List<Integer> values) {
        for (int t : values) OptionChecks.between(spec, "--threads", t, 1, Parallelism.MAX_THREADS);
        threads = values;
    }

    double warmupSeconds;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "SECONDS", description = "warm-up time before timing, at least 10 steps (default: ${DEFAULT-VALUE})")
    void setWarmup(double value) {
        warmupSeconds = OptionChecks.nonNegative(spec, "--warmup", value);
    }

    int repeats;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "R",
            description = "time the N steps R times and print the fastest (the machine's noise only ever slows a run down) (default: ${DEFAULT-VALUE})")
    void setRepeats(int value) {
        repeats = OptionChecks.atLeast(spec, "--repeats", value, 1);
    }

    @Option(names = "--precision", split = ",", defaultValue = "double,float32-matmul", paramLabel = "P",
            description = "double (pure float64) and/or float32-matmul (GEMM operands rounded to float) (default: ${DEFAULT-VALUE})")
    List<TrainOptions.Precision> precisions;

    @Override
    public Integer call() {
        List<String> names = workloads == null ? List.copyOf(Workloads.ALL.keySet()) : workloads;
        PrintWriter out = spec.commandLine().getOut();
        int threadsBefore = Parallelism.threads();
        Precision precisionBefore = Precision.matmul();
        try {
            for (String name : names) {
                for (TrainOptions.Precision p : precisions) {
                    boolean dbl = p == TrainOptions.Precision.DOUBLE;
                    for (int t : threads) {
                        Parallelism.setThreads(t);
                        Precision.setMatmul(dbl ? Precision.DOUBLE : Precision.FLOAT32);
                        out.println(run(Workloads.ALL.get(name), dbl ? "float64" : "float32-matmul", t));
                        out.flush();
                    }
                }
            }
        } finally {
            Parallelism.setThreads(threadsBefore);
            Precision.setMatmul(precisionBefore);
        }
        return 0;
    }

    /** Warms up, times {@link #steps} training steps {@link #repeats} times, and formats the line of the fastest. */
    private String run(Workload w, String precision, int threads) {
        Rng rng = new Rng(0);
        Workload.Built b = w.build().apply(rng);
        if (b.model().numParameters() != w.params()) {
            throw new IllegalStateException("bench: " + w.name() + " has " + b.model().numParameters() + " parameters, its twin " + w.params());
        }
        Adam adam = new Adam(b.model().parameters(), w.lr());
        Object[] batches = new Object[16];
        for (int i = 0; i < batches.length; i++) batches[i] = w.data().apply(rng);
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int i = 0;
        while (i < 10 || System.nanoTime() < warmEnd) step(b, adam, batches[i++ % 16]);
        double loss = 0, seconds = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) loss = step(b, adam, batches[s % 16]);
            seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
        }
        return String.format("%s\t%s\tthreads=%d\tsteps=%d\tbatch=%d\tsamples_per_s=%.0f\tloss=%.4f",
                w.name(), precision, threads, steps, w.batch(), steps * w.batch() / seconds, loss);
    }

    private static double step(Workload.Built b, Adam adam, Object batch) {
        adam.zeroGrad();
        Tensor loss = b.loss().apply(batch);
        loss.backward();
        adam.step();
        return loss.item();
    }
}

package dev.autoencoders.kernels;

import dev.autoencoders.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence behind {@link ConvKernels}'s choice of path: for every convolution of the benchmark workloads (as the
 * three products of the convolution it is or, for a transposed one, the convolution it is the adjoint of), the time
 * of each path that can compute it, the reference included, measured in alternation (best of {@code reps} rounds of
 * three calls), and the path chosen today. Not a test: a measuring tool, run from the repository root after
 * {@code ./mvnw -q -pl core test-compile}:
 * <pre>
 *   ./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 *   java --add-modules jdk.incubator.vector [-XX:UseAVX=2] -cp core/target/test-classes:core/target/classes:$(cat /tmp/cp) \
 *       dev.autoencoders.kernels.ConvRouteTimes THREADS REPS [double|float32]
 * </pre>
 * Its tables are in docs/performance.md ("Convolution routes").
 */
public final class ConvRouteTimes {
    private ConvRouteTimes() {}

    /** A layer of a workload and which of its geometry's three products the training step computes. */
    private record Layer(String name, ConvGeometry g, boolean inputGradient) {}

    private static ConvGeometry conv(int n, int c, int size, int o, int k, int s, int p) {
        return ConvGeometry.of(n, c, size, size, o, k, s, p, null);
    }

    /** The convolution that ConvTranspose2d(cin -> cout), {@code in} to {@code out} pixels a side, is the adjoint of. */
    private static ConvGeometry convT(int n, int cin, int cout, int in, int out, int k, int s, int p) {
        return new ConvGeometry(n, cout, out, out, cin, k, s, p, in, in, null);
    }

    /** The layers of conv-ae (batch 32), vq-vae (64) and pixelcnn-prior (128; its first layer is LookupConv's). */
    static final List<Layer> LAYERS = List.of(
            new Layer("conv-ae enc 1->16 s3", conv(32, 1, 28, 16, 3, 3, 1), false),
            new Layer("conv-ae enc 16->8 s2", conv(32, 16, 5, 8, 3, 2, 1), true),
            new Layer("conv-ae dec T 8->16 s2", convT(32, 8, 16, 2, 5, 3, 2, 0), true),
            new Layer("conv-ae dec T 16->8 s3", convT(32, 16, 8, 5, 15, 5, 3, 1), true),
            new Layer("conv-ae dec T 8->1 s2", convT(32, 8, 1, 15, 28, 2, 2, 1), true),
            new Layer("vq-vae enc 1->32 s2", conv(64, 1, 28, 32, 3, 2, 1), false),
            new Layer("vq-vae enc 32->64 s2", conv(64, 32, 14, 64, 3, 2, 1), true),
            new Layer("vq-vae enc 64->16 1x1", conv(64, 64, 7, 16, 1, 1, 0), true),
            new Layer("vq-vae dec T 16->64 s2", convT(64, 16, 64, 7, 14, 3, 2, 1), true),
            new Layer("vq-vae dec T 64->32 s2", convT(64, 64, 32, 14, 28, 3, 2, 1), true),
            new Layer("vq-vae dec 32->1", conv(64, 32, 28, 1, 3, 1, 1), true),
            new Layer("pixelcnn 1x1 128->64", conv(128, 128, 7, 64, 1, 1, 0), true),
            new Layer("pixelcnn 3x3 B 64->64", ConvGeometry.of(128, 64, 7, 7, 64, 3, 1, 1, new boolean[] {true, true, true, true, true, false, false, false, false}), true),
            new Layer("pixelcnn 1x1 64->128", conv(128, 64, 7, 128, 1, 1, 0), true),
            new Layer("pixelcnn 1x1 128->128", conv(128, 128, 7, 128, 1, 1, 0), true));

    public static void main(String[] args) {
        Parallelism.setThreads(Integer.parseInt(args[0]));
        int reps = Integer.parseInt(args[1]);
        if (args.length > 2) Precision.setMatmul(Precision.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)));
        Rng rng = new Rng(1);
        System.out.printf("# %d threads, %s, best of %d rounds, microseconds a call; * the path ConvKernels takes%n", Parallelism.threads(), Precision.matmul(), reps);
        for (Layer layer : LAYERS) {
            ConvGeometry g = layer.g();
            double[] x = KernelArrays.rand(rng, g.n() * g.c() * g.inPlane()), w = KernelArrays.rand(rng, g.o() * g.c() * g.k() * g.k()), b = KernelArrays.rand(rng, g.o());
            double[] y = new double[g.n() * g.o() * g.outPlane()], dy = KernelArrays.rand(rng, y.length), dx = new double[x.length], dw = new double[w.length];
            Map<String, Runnable> forward = new LinkedHashMap<>(), input = new LinkedHashMap<>(), weight = new LinkedHashMap<>();
            forward.put("reference", () -> ConvKernels.referenceForward(g, x, w, b, y));
            input.put("reference", () -> ConvKernels.referenceBackwardInput(g, dy, w, dx));
            weight.put("reference", () -> ConvKernels.referenceBackwardWeight(g, dy, x, dw));
            if (DirectConv.applies(g)) {
                forward.put("direct", () -> DirectConv.forward(g, x, w, b, y));
                weight.put("direct", () -> DirectConv.backwardWeight(g, dy, x, dw));
            }
            // the implicit GEMMs compute any geometry; ConvKernels takes them where they were measured faster
            if (GemmBackend.current() == GemmBackend.VECTOR) {
                forward.put("implicit", () -> ImplicitConv.forward(g, x, w, b, y));
                weight.put("implicit", () -> ImplicitConv.backwardWeight(g, dy, x, dw));
                if (g.c() <= ImplicitConv.MAX_OUT) input.put("adjoint", () -> ImplicitConvAdjoint.backwardInput(g, dy, w, dx));
            }
            forward.put("gather", () -> GatherConv.forward(g, x, w, b, y));
            weight.put("gather", () -> GatherConv.backwardWeight(g, dy, x, dw));
            if (GatherConv.appliesToInputGradient(g)) input.put("gather", () -> GatherConv.backwardInput(g, dy, w, dx));
            if (g.stride() > 1) input.put("phases", () -> GatherConvAdjoint.backwardInput(g, dy, w, dx));
            String chosenForward = DirectConv.applies(g) ? "direct" : ImplicitConv.applies(g) ? "implicit" : "gather";
            String chosenInput = GatherConv.appliesToInputGradient(g) ? "gather" : ImplicitConvAdjoint.applies(g) ? "adjoint" : GatherConvAdjoint.applies(g) ? "phases" : "reference";
            print(layer.name(), "forward", forward, chosenForward, reps);
            if (layer.inputGradient()) print(layer.name(), "input", input, chosenInput, reps);
            print(layer.name(), "weight", weight, chosenForward, reps);
        }
    }

    private static void print(String layer, String product, Map<String, Runnable> paths, String chosen, int reps) {
        List<String> names = new ArrayList<>(paths.keySet());
        double[] best = new double[names.size()];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < names.size(); i++) {
                Runnable call = paths.get(names.get(i));
                call.run();
                long t0 = System.nanoTime();
                call.run();
                call.run();
                call.run();
                best[i] = Math.min(best[i], (System.nanoTime() - t0) / 3e3);
            }
        }
        StringBuilder line = new StringBuilder(String.format("%-24s %-8s", layer, product));
        for (int i = 0; i < names.size(); i++) line.append(String.format("  %s%s %.0f", names.get(i), names.get(i).equals(chosen) ? "*" : "", best[i]));
        System.out.println(line);
    }
}

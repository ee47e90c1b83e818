package dev.autoencoders.kernels;

/**
 * Run by {@link GemmBackendTest} in a JVM started without {@code --add-modules jdk.incubator.vector}: checks that
 * the library falls back to the scalar kernels and that they agree with the reference. Prints {@code OK} and
 * exits with 0, or prints the failure and exits with 1.
 */
public final class FallbackProbe {
    private FallbackProbe() {}

    public static void main(String[] args) {
        try {
            check(!GemmBackend.vectorAvailable(), "vector kernels reported available without the module");
            check(GemmBackend.current() == GemmBackend.SCALAR, "backend is " + GemmBackend.current());
            try {
                GemmBackend.set(GemmBackend.VECTOR);
                check(false, "choosing VECTOR without the module did not fail");
            } catch (IllegalStateException expected) {
                check(expected.getMessage().contains("--add-modules jdk.incubator.vector"), expected.getMessage());
            }
            for (Precision p : Precision.values()) {
                Precision.setMatmul(p);
                for (int flags = 0; flags < 8; flags++) {
                    GemmCase g = GemmCase.random(flags, (flags & 1) != 0, (flags & 2) != 0, 37, 21, 300, (flags & 4) != 0, 1, 2, 3);
                    double bound = p == Precision.DOUBLE ? ErrorBounds.doubleVsReference(g.k()) : ErrorBounds.float32VsReference(g.k());
                    double[] fast = g.gemm(), ref = g.reference();
                    for (int i = 0; i < g.m(); i++) {
                        for (int j = 0; j < g.n(); j++) {
                            int x = g.cOff() + i * g.n() + j;
                            check(Math.abs(fast[x] - ref[x]) <= bound * g.magnitude(i, j), p + " " + g + " at " + i + "," + j);
                        }
                    }
                }
            }
            // the direct convolution (whose vector form needs the module) runs its plain-Java loops
            Precision.setMatmul(Precision.DOUBLE);
            ConvGeometry cg = ConvGeometry.of(3, 5, 9, 8, 2, 3, 1, 1, null);
            check(DirectConv.applies(cg), "geometry " + cg + " is not a direct one");
            double[] x = new double[3 * 5 * 9 * 8], w = new double[2 * 5 * 9], y = new double[3 * 2 * cg.outPlane()], ref = y.clone();
            for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
            for (int i = 0; i < w.length; i++) w[i] = Math.cos(i);
            ConvKernels.forward(cg, x, w, null, y);
            ConvKernels.referenceForward(cg, x, w, null, ref);
            for (int i = 0; i < y.length; i++) check(Math.abs(y[i] - ref[i]) <= 1e-12 * 46, "direct conv at " + i + ": " + y[i] + " vs " + ref[i]);
            System.out.println("OK");
        } catch (RuntimeException | AssertionError e) {
            System.out.println("FAILED: " + e);
            System.exit(1);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}

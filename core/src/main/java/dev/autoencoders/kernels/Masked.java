package dev.autoencoders.kernels;

/**
 * Elementwise loops whose plain-Java form takes a branch per element that no predictor can guess (the sign of an
 * activation is a coin toss), so they run SIMD with a lane mask when the incubator module is present. Both paths
 * give the same bits: a lane left out of the mask keeps its value exactly, as the skipped iteration does. Long loops
 * are split into ranges between threads ({@link Loops}); every element is computed on its own, so the bits do
 * not depend on the thread count.
 */
public final class Masked {
    private Masked() {}

    /**
     * ReLU's backward, {@code acc[i] += g[i]} where {@code x[i] > 0} ({@code dL/dx_i += dL/dy_i [x_i > 0]}),
     * for {@code i < n}; elsewhere (including NaN x) {@code acc[i]} is left as it is.
     *
     * @throws IllegalArgumentException if an array is shorter than n
     */
    public static void addWherePositive(double[] acc, double[] g, double[] x, int n) {
        wherePositive("addWherePositive", true, acc, g, x, n);
    }

    /** The reference loop over {@code [from, to)}, also the vector path's tail. */
    static void addWherePositive(double[] acc, double[] g, double[] x, int from, int to) {
        for (int i = from; i < to; i++) if (x[i] > 0) acc[i] += g[i];
    }

    /**
     * ReLU's backward into a gradient not yet holding values: {@code out[i] = x[i] > 0 ? g[i] : 0}, for {@code i < n}
     * (NaN x gives 0). The values of {@link #addWherePositive} into zeros, but for the sign of a zero: a {@code -0.0}
     * of g is kept here where adding it to 0.0 gives 0.0. Saves the fill and one read of the output.
     *
     * @throws IllegalArgumentException if an array is shorter than n
     */
    public static void writeWherePositive(double[] out, double[] g, double[] x, int n) {
        wherePositive("writeWherePositive", false, out, g, x, n);
    }

    /** The two loops' check of lengths and choice of path: SIMD on the vector backend, each range on its own thread. */
    private static void wherePositive(String name, boolean add, double[] out, double[] g, double[] x, int n) {
        if (out.length < n || g.length < n || x.length < n) {
            throw new IllegalArgumentException(name + ": arrays of " + out.length + ", " + g.length + ", " + x.length + " values for n = " + n);
        }
        boolean vector = GemmBackend.current() == GemmBackend.VECTOR;
        // each element on its own: any split between threads gives the same bits
        Loops.elementwise(n, Loops.Cost.CHEAP, (from, to) -> {
            if (add && vector) VectorMasked.addWherePositive(out, g, x, from, to);
            else if (add) addWherePositive(out, g, x, from, to);
            else if (vector) VectorMasked.writeWherePositive(out, g, x, from, to);
            else writeWherePositive(out, g, x, from, to);
        });
    }

    /** The reference loop over {@code [from, to)}, also the vector path's tail. */
    static void writeWherePositive(double[] out, double[] g, double[] x, int from, int to) {
        for (int i = from; i < to; i++) out[i] = x[i] > 0 ? g[i] : 0.0;
    }
}

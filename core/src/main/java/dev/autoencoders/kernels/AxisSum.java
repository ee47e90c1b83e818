package dev.autoencoders.kernels;

/**
 * The sum along the middle axis of a row-major {@code (outer, n, inner)} array and its adjoint:
 * <pre>
 *   sum:        y[o, i]     = sum_j x[o, j, i]         x at (o n + j) inner + i,  y at o inner + i
 *   broadcast:  dx[o, j, i] += dy[o, i]
 * </pre>
 * What holds: every sum starts at 0 and adds {@code j = 0, 1, ..., n - 1} in order, so both loop shapes below give
 * the bits of the plain loop. The shape is chosen here: along the last axis ({@code inner == 1}) a row's n adjacent
 * values are summed in a local (the general loop would store and reload {@code y[o]} at every step); otherwise row j
 * of the block is added into the output row, a loop over adjacent elements that the JIT vectorises.
 */
public final class AxisSum {
    private AxisSum() {}

    /** {@code y[o, i] = sum_j x[o, j, i]}; y ({@code outer * inner} values) is overwritten. */
    public static void sum(double[] x, int outer, int n, int inner, double[] y) {
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                double s = 0;
                for (int j = 0, xo = o * n; j < n; j++) s += x[xo + j];
                y[o] = s;
                continue;
            }
            int yo = o * inner;
            java.util.Arrays.fill(y, yo, yo + inner, 0.0);
            for (int j = 0; j < n; j++) {
                int xo = (o * n + j) * inner;
                for (int i = 0; i < inner; i++) y[yo + i] += x[xo + i];
            }
        }
    }

    /** {@code dx[o, j, i] += dy[o, i]}: every element of the block gets the gradient of its row's sum. */
    public static void broadcast(double[] dy, int outer, int n, int inner, double[] dx) {
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                for (int j = 0, xo = o * n; j < n; j++) dx[xo + j] += dy[o];
                continue;
            }
            for (int j = 0; j < n; j++) {
                int xo = (o * n + j) * inner, yo = o * inner;
                for (int i = 0; i < inner; i++) dx[xo + i] += dy[yo + i];
            }
        }
    }
}

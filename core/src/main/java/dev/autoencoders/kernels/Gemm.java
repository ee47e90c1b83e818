package dev.autoencoders.kernels;

import dev.autoencoders.tensor.ShapeException;

/**
 * General matrix multiply on row-major {@code double[]} matrices, the one kernel under matmul, linear and
 * convolution: {@code C (m x n) = op(A) (m x k) * op(B) (k x n)}, or {@code C += ...} when accumulating.
 * {@code op(A) = A} stored {@code m x k}, or {@code A^T} with A stored {@code k x m} (likewise for B).
 *
 * <p>{@link #reference} is the readable definition: a transposed operand is first copied into row-major order,
 * then the {@code i-p-j} loop adds {@code a_ip} times row p of B into row i of C, so the inner loop runs over the
 * same index {@code j} of two arrays ({@code c[j] += a * b[j]}), which the JIT vectorises.
 *
 * <p>{@link #gemm}, which everyone calls, runs a fast kernel proven equal to it by tests:
 * <ul>
 *   <li>{@link GemmBackend}: the {@code jdk.incubator.vector} micro-kernel ({@link VectorGemm}) when the module
 *       is present, else plain Java ({@link ScalarGemm});</li>
 *   <li>{@link Precision}: double (default) or float32 operands;</li>
 *   <li>{@link Parallelism}: products of at least {@link Loops.Cost#GEMM_FLOP} floating-point operations
 *       ({@code 2 m n k}) are split into row or column ranges of C, one per thread (smaller ones lose more to
 *       the hand-over than they gain). The k sum is never split, and every kernel adds in the order fixed by
 *       {@link SumOrder}, so results are bit-identical for any number of threads.</li>
 * </ul>
 */
public final class Gemm {
    private Gemm() {}

    /**
     * {@code C (=|+=) A B} for matrix views: {@code A: (m, k)}, {@code B: (k, n)}, {@code C: (m, n)}, each of A and B
     * possibly a transposed view ({@link Matrix#t()}); C must not be transposed nor overlap A or B. The product of
     * {@link #gemm} (same kernels, same bits) with its arguments named.
     *
     * @param accumulate add into C instead of overwriting it
     * @throws dev.autoencoders.tensor.ShapeException if the sizes do not chain or a matrix does not fit its array
     */
    public static void multiply(Matrix c, Matrix a, Matrix b, boolean accumulate) {
        if (c.transposed() || a.rows() != c.rows() || b.cols() != c.cols() || a.cols() != b.rows()) {
            throw new ShapeException("gemm: C (" + c + ") = A (" + a + ") B (" + b + "): the sizes do not chain"
                    + (c.transposed() ? " (C must not be a transposed view)" : ""));
        }
        gemm(a.transposed(), b.transposed(), c.rows(), c.cols(), a.cols(), a.data(), a.offset(), b.data(), b.offset(), c.data(), c.offset(), accumulate);
    }

    /**
     * {@code C[cOff..] (=|+=) op(A) op(B)}, row-major: {@code op(A): (m, k)} at {@code a[aOff..]},
     * {@code op(B): (k, n)} at {@code b[bOff..]}, {@code C: (m, n)} at {@code c[cOff..]}; C must not overlap A
     * or B. Same result as {@link #reference} up to rounding: in double precision each element is within
     * {@code (gamma_(k+1) + gamma_(k+blocks)) (|C_ij| + sum_p |a_ip b_pj|)} of it, {@code gamma_n = n u / (1 - n u)},
     * {@code u = 2^-53}, blocks = number of k blocks of {@link SumOrder} (1 up to k = 256). With
     * {@link Precision#FLOAT32} the operands and block sums are float (about 7 significant digits).
     *
     * @param transA     A is stored {@code k x m} and used transposed
     * @param transB     B is stored {@code n x k} and used transposed
     * @param accumulate add into C instead of overwriting it
     * @throws ShapeException if a size or offset is negative or an array is too short for its matrix
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff,
                            double[] c, int cOff, boolean accumulate) {
        check(m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            // an empty sum: C = 0, or C unchanged
            if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
            return;
        }
        GemmKernel kernel = GemmBackend.current().kernel(Precision.matmul());
        GemmView g = kernel.orient(GemmView.of(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate));
        compute(kernel, g, g.flops() >= Loops.Cost.GEMM_FLOP.minToSplit() ? Parallelism.threads() : 1);
    }

    /**
     * {@link #gemm} for a view built in this package, such as one with a gathered op(B) ({@link GemmView#gathered}):
     * the same kernels and the same split between threads.
     */
    static void gemm(GemmView g) {
        if (g.m() == 0 || g.n() == 0) return;
        if (g.k() == 0) {
            // an empty sum: C = 0, or C unchanged
            if (!g.accumulate()) {
                for (int i = 0; i < g.m(); i++) for (int j = 0; j < g.n(); j++) g.c()[g.cIndex(i, j)] = 0.0;
            }
            return;
        }
        GemmKernel kernel = GemmBackend.current().kernel(Precision.matmul());
        GemmView o = kernel.orient(g);
        compute(kernel, o, o.flops() >= Loops.Cost.GEMM_FLOP.minToSplit() ? Parallelism.threads() : 1);
    }

    /**
     * {@link #gemm(GemmView)} on the calling thread alone, for a caller that splits its own work between threads
     * (one product per part); the same bits.
     */
    static void gemmOnThisThread(GemmView g) {
        if (g.m() == 0 || g.n() == 0 || g.k() == 0) {
            gemm(g);
            return;
        }
        GemmKernel kernel = GemmBackend.current().kernel(Precision.matmul());
        compute(kernel, kernel.orient(g), 1);
    }

    /**
     * Runs {@code kernel} on {@code g}, split into at most {@code parts} ranges of whole tiles along the longer
     * side of C, one per thread of {@link Parallelism#run}. Every part reads all of k, so the bits of C do not
     * depend on {@code parts} ({@link SumOrder}).
     */
    static void compute(GemmKernel kernel, GemmView g, int parts) {
        boolean byColumns = g.n() >= g.m();
        int size = byColumns ? g.n() : g.m(), tile = byColumns ? kernel.tileCols() : kernel.tileRows();
        int tiles = (size + tile - 1) / tile, used = Math.min(parts, tiles);
        if (used <= 1) {
            kernel.compute(g);
            return;
        }
        Parallelism.run(used, t -> {
            // part t gets tiles [tiles t / used, tiles (t + 1) / used)
            int lo = tiles * t / used * tile, hi = Math.min(size, tiles * (t + 1) / used * tile);
            kernel.compute(byColumns ? g.cols(lo, hi) : g.rows(lo, hi));
        });
    }

    private static void check(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0 || aOff < 0 || bOff < 0 || cOff < 0
                || (long) aOff + (long) m * k > a.length || (long) bOff + (long) k * n > b.length
                || (long) cOff + (long) m * n > c.length) {
            throw new ShapeException("gemm: C (" + m + " x " + n + ") = op(A) (" + m + " x " + k + ") op(B) ("
                    + k + " x " + n + ") does not fit the arrays: A has " + a.length + " values from offset " + aOff
                    + ", B " + b.length + " from " + bOff + ", C " + c.length + " from " + cOff);
        }
    }

    /** The reference kernel (see the class comment). */
    public static void reference(boolean transA, boolean transB, int m, int n, int k,
                                 double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        if (transA) {
            a = transposeCopy(a, aOff, k, m);
            aOff = 0;
        }
        if (transB) {
            b = transposeCopy(b, bOff, n, k);
            bOff = 0;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    /** The {@code cols x rows} transpose of the {@code rows x cols} matrix at {@code off}. */
    static double[] transposeCopy(double[] src, int off, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c * rows + r] = src[off + r * cols + c];
        }
        return t;
    }
}

package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Gemm;
import dev.autoencoders.kernels.Matrix;
import dev.autoencoders.lab.Lab;

/**
 * Matrix products. With {@code Y = A B}: {@code dL/dA = dL/dY B^T} and {@code dL/dB = A^T dL/dY}. Each product is
 * one call of {@link Gemm#multiply} on {@link Matrix} views of the tensors' arrays; a transposed operand is the view
 * {@code .t()}, nothing is copied.
 */
public final class Matmul {
    private Matmul() {}

    /**
     * {@code a: (M, K) @ b: (K, N) -> (M, N)}, or batched {@code a: (B, M, K) @ b: (B, K, N) -> (B, M, N)}.
     * Backward: {@code dA = dY B^T}, {@code dB = A^T dY} (per batch entry).
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.shape.length, rb = b.shape.length;
        if (!((ra == 2 && rb == 2) || (ra == 3 && rb == 3))) {
            throw new ShapeException("matmul", "needs two 2-D or two 3-D (batched) tensors", a.shape, b.shape);
        }
        int batch = ra == 3 ? a.shape[0] : 1;
        if (ra == 3 && b.shape[0] != batch) throw new ShapeException("matmul", "batch sizes differ", a.shape, b.shape);
        int m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
        if (b.shape[rb - 2] != k) throw new ShapeException("matmul", "inner dimensions differ", a.shape, b.shape);
        double[] y = new double[batch * m * n];
        // entry s of a batch: the matrix at offset s * rows * cols
        for (int s = 0; s < batch; s++) Gemm.multiply(entry(y, s, m, n), entry(a.data, s, m, k), entry(b.data, s, k, n), false);  // Y = A B
        int[] out = ra == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        return Tensor.result("matmul", y, out, a, b).onBackward(g -> {
            // @lab autodiff begin
            // dA += dY B^T   (written, not added, when A has no gradient yet: Tensor.writeGrad)
            if (a.requiresGrad()) a.writeGrad((dA, add) -> {
                for (int s = 0; s < batch; s++) Gemm.multiply(entry(dA, s, m, k), entry(g, s, m, n), entry(b.data, s, k, n).t(), add);
            });
            // dB += A^T dY
            if (b.requiresGrad()) b.writeGrad((dB, add) -> {
                for (int s = 0; s < batch; s++) Gemm.multiply(entry(dB, s, k, n), entry(a.data, s, m, k).t(), entry(g, s, m, n), add);
            });
            // @lab autodiff end -> Lab.todo("autodiff", "Matmul.matmul (backward)");
        });
    }

    /** Entry {@code s} of a batch of {@code rows x cols} matrices stored one after the other. */
    private static Matrix entry(double[] data, int s, int rows, int cols) {
        return Matrix.of(data, s * rows * cols, rows, cols);
    }

    /**
     * The affine map of a fully connected layer, {@code y = x W^T + b}:
     * {@code x: (N, in), W: (out, in), b: (out) or null -> y: (N, out)} (PyTorch's Linear layout).
     * Backward: {@code dx = dy W}, {@code dW = dy^T x}, {@code db = sum_n dy[n, :]}.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        if (x.shape.length != 2 || w.shape.length != 2 || w.shape[1] != x.shape[1]) {
            throw new ShapeException("linear", "needs x (N, in) and W (out, in)", x.shape, w.shape);
        }
        int n = x.shape[0], in = x.shape[1], out = w.shape[0];
        if (b != null && (b.shape.length != 1 || b.shape[0] != out)) throw new ShapeException("linear", "bias must be (out)", w.shape, b.shape);
        Matrix X = Matrix.of(x.data, n, in), W = Matrix.of(w.data, out, in);
        double[] y = new double[n * out];
        if (b != null) {
            for (int r = 0; r < n; r++) System.arraycopy(b.data, 0, y, r * out, out);  // y = b, row by row
        }
        Gemm.multiply(Matrix.of(y, n, out), X, W.t(), b != null);                       // y += x W^T
        return Tensor.result("linear", y, new int[] {n, out}, x, w, b).onBackward(g -> {
            Matrix dY = Matrix.of(g, n, out);
            // dx += dy W   (written, not added, when x has no gradient yet: Tensor.writeGrad)
            if (x.requiresGrad()) x.writeGrad((dX, add) -> Gemm.multiply(Matrix.of(dX, n, in), dY, W, add));
            // dW += dy^T x
            if (w.requiresGrad()) w.writeGrad((dW, add) -> Gemm.multiply(Matrix.of(dW, out, in), dY.t(), X, add));
            // db += sum over rows of dy
            if (b != null && b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < out; j++) gb[j] += g[r * out + j];
                }
            }
        });
    }
}

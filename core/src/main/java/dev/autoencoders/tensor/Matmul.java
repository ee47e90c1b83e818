package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Gemm;

/**
 * Matrix products. With {@code Y = A B}: {@code dL/dA = dL/dY B^T} and {@code dL/dB = A^T dL/dY}
 * (the two transposed products run through {@link Gemm} with its transpose flags, nothing is copied here).
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
        for (int s = 0; s < batch; s++) {
            Gemm.gemm(false, false, m, n, k, a.data, s * m * k, b.data, s * k * n, y, s * m * n, false);
        }
        int[] out = ra == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        return Tensor.result("matmul", y, out, a, b).onBackward(g -> {
            // dA (M, K) += dY (M, N) B^T (N, K)   (= when A has no gradient yet: Tensor.writeGrad)
            if (a.requiresGrad()) a.writeGrad((ga, add) -> {
                for (int s = 0; s < batch; s++) Gemm.gemm(false, true, m, k, n, g, s * m * n, b.data, s * k * n, ga, s * m * k, add);
            });
            // dB (K, N) += A^T (K, M) dY (M, N)
            if (b.requiresGrad()) b.writeGrad((gb, add) -> {
                for (int s = 0; s < batch; s++) Gemm.gemm(true, false, k, n, m, a.data, s * m * k, g, s * m * n, gb, s * k * n, add);
            });
        });
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
        double[] y = new double[n * out];
        if (b != null) {
            for (int r = 0; r < n; r++) System.arraycopy(b.data, 0, y, r * out, out);
        }
        // y (N, out) += x (N, in) W^T (in, out)
        Gemm.gemm(false, true, n, out, in, x.data, 0, w.data, 0, y, 0, b != null);
        return Tensor.result("linear", y, new int[] {n, out}, x, w, b).onBackward(g -> {
            // dx (N, in) += dy (N, out) W (out, in)   (= when x has no gradient yet: Tensor.writeGrad)
            if (x.requiresGrad()) x.writeGrad((gx, add) -> Gemm.gemm(false, false, n, in, out, g, 0, w.data, 0, gx, 0, add));
            // dW (out, in) += dy^T (out, N) x (N, in)
            if (w.requiresGrad()) w.writeGrad((gw, add) -> Gemm.gemm(true, false, out, in, n, g, 0, x.data, 0, gw, 0, add));
            // db (out) += sum over rows of dy
            if (b != null && b.requiresGrad()) {
                double[] gb = b.gradBuffer();
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < out; j++) gb[j] += g[r * out + j];
                }
            }
        });
    }
}

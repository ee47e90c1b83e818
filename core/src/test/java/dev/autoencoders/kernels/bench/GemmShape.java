package dev.autoencoders.kernels.bench;

/**
 * The GEMMs of the reference workloads ({@code /work/shared/bench/torch_bench.py}), as
 * {@code C (m x n) (=|+=) op(A) op(B)}. Linear layers with batch N: forward {@code y = x W^T}
 * ({@code N x out = (N x in) (in x out)}, B transposed), backward {@code dX = dY W} and {@code dW = dY^T X}
 * (accumulating into the gradient). Convolutions by im2col: per image {@code W (O x C k k) col (C k k x OH OW)}, or
 * batched over all images with {@code col (C k k x N OH OW)}.
 */
public enum GemmShape {
    // deep-ae 784-1000-500-250-30 and mirror, batch 128
    AE_FWD_784_1000(false, true, 128, 1000, 784, false),
    AE_DX_1000_784(false, false, 128, 784, 1000, true),
    AE_DW_1000_784(true, false, 1000, 784, 128, true),
    AE_FWD_1000_500(false, true, 128, 500, 1000, false),
    AE_FWD_250_30(false, true, 128, 30, 250, false),
    AE_FWD_30_250(false, true, 128, 250, 30, false),
    // vae 784-400-20, batch 128
    VAE_FWD_784_400(false, true, 128, 400, 784, false),
    VAE_FWD_400_20(false, true, 128, 20, 400, false),
    VAE_DW_400_784(true, false, 784, 400, 128, true),
    // sparse-ae 100-100, batch 32
    SPARSE_FWD_100_100(false, true, 32, 100, 100, false),
    // vq-vae conv 32 -> 64, k3 s2 on 14 x 14 (7 x 7 out), batch 64: per image and batched
    VQ_CONV_IMAGE(false, false, 64, 49, 288, false),
    VQ_CONV_BATCHED(false, false, 64, 64 * 49, 288, false),
    // pixelcnn mask-A conv 128 -> 128, 7 x 7 on a 7 x 7 grid, batch 128: per image and batched (fwd, dW, dcol)
    PIXELCNN_CONV_IMAGE(false, false, 128, 49, 6272, false),
    PIXELCNN_CONV_BATCHED(false, false, 128, 128 * 49, 6272, false),
    PIXELCNN_DW_BATCHED(false, true, 128, 6272, 128 * 49, true),
    PIXELCNN_DCOL_BATCHED(true, false, 6272, 128 * 49, 128, false);

    /** op(A) = A^T (A stored k x m). */
    public final boolean transA;
    /** op(B) = B^T (B stored n x k). */
    public final boolean transB;
    /** Rows of C. */
    public final int m;
    /** Columns of C. */
    public final int n;
    /** Length of the sums. */
    public final int k;
    /** C += (gradients) instead of C =. */
    public final boolean accumulate;

    GemmShape(boolean transA, boolean transB, int m, int n, int k, boolean accumulate) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
    }

    /** {@code 2 m n k}. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return name() + " (" + m + " x " + n + " x " + k + (transA ? ", A^T" : "") + (transB ? ", B^T" : "") + ")";
    }
}

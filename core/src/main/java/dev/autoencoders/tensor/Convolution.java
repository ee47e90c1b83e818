package dev.autoencoders.tensor;

import dev.autoencoders.kernels.Gemm;
import dev.autoencoders.kernels.Im2col;
import java.util.Arrays;

/**
 * 2-D convolution and its adjoint, the transposed convolution, by im2col and GEMM ({@link Im2col}).
 * Square kernels, strides and paddings; layouts as PyTorch: images {@code (N, C, H, W)}, Conv2d weights
 * {@code (out, in, k, k)}, ConvTranspose2d weights {@code (in, out, k, k)}.
 */
public final class Convolution {
    private Convolution() {}

    /** Output size of a convolution: {@code floor((size + 2 pad - k) / stride) + 1}. */
    public static int convOutSize(int size, int k, int stride, int pad) {
        return Math.floorDiv(size + 2 * pad - k, stride) + 1;
    }

    /** Output size of a transposed convolution: {@code (size - 1) stride - 2 pad + k + outputPadding}. */
    public static int convTransposeOutSize(int size, int k, int stride, int pad, int outputPadding) {
        return (size - 1) * stride - 2 * pad + k + outputPadding;
    }

    /**
     * {@code y[n, o] = b[o] + sum_c W[o, c] * x[n, c]} (cross-correlation, stride s, zero padding p):
     * {@code x: (N, C, H, W), w: (O, C, k, k), b: (O) or null -> y: (N, O, OH, OW)},
     * {@code OH = floor((H + 2p - k)/s) + 1}.
     * Per image, with {@code col = im2col(x[n])}: {@code Y = W col + b}; backward
     * {@code dW += dY col^T}, {@code dx[n] += col2im(W^T dY)}, {@code db += sum dY}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int pad) {
        if (x.shape.length != 4 || w.shape.length != 4 || w.shape[1] != x.shape[1] || w.shape[2] != w.shape[3]) {
            throw new ShapeException("conv2d", "needs x (N, C, H, W) and a square weight (O, C, k, k)", x.shape, w.shape);
        }
        checkGeometry("conv2d", stride, pad, x.shape, w.shape);
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3], o = w.shape[0], k = w.shape[2];
        int oh = convOutSize(h, k, stride, pad), ow = convOutSize(wd, k, stride, pad);
        if (oh < 1 || ow < 1) {
            throw new ShapeException("conv2d: output would be " + oh + "x" + ow + " (kernel " + k + ", stride " + stride + ", padding " + pad + ") for input " + Arrays.toString(x.shape) + " and weight " + Arrays.toString(w.shape));
        }
        checkBias("conv2d", b, o, w.shape);
        int ckk = c * k * k, hw = oh * ow, inPlane = c * h * wd;
        double[] y = new double[n * o * hw];
        double[] col = new double[ckk * hw];
        for (int s = 0; s < n; s++) {
            Im2col.im2col(x.data, s * inPlane, c, h, wd, k, k, stride, pad, oh, ow, col);
            // Y (O, OH*OW) = W (O, C*k*k) col (C*k*k, OH*OW)
            Gemm.gemm(false, false, o, hw, ckk, w.data, 0, col, 0, y, s * o * hw, false);
            addBias(y, s * o * hw, b, o, hw);
        }
        return Tensor.result("conv2d", y, new int[] {n, o, oh, ow}, x, w, b).onBackward(g -> {
            double[] colB = new double[ckk * hw];
            for (int s = 0; s < n; s++) {
                if (w.requiresGrad()) {
                    Im2col.im2col(x.data, s * inPlane, c, h, wd, k, k, stride, pad, oh, ow, colB);
                    // dW (O, C*k*k) += dY (O, OH*OW) col^T
                    Gemm.gemm(false, true, o, ckk, hw, g, s * o * hw, colB, 0, w.gradBuffer(), 0, true);
                }
                if (x.requiresGrad()) {
                    // dcol (C*k*k, OH*OW) = W^T dY, then folded back onto the pixels
                    Gemm.gemm(true, false, ckk, hw, o, w.data, 0, g, s * o * hw, colB, 0, false);
                    Im2col.col2im(colB, c, h, wd, k, k, stride, pad, oh, ow, x.gradBuffer(), s * inPlane);
                }
            }
            biasGrad(g, b, n, o, hw);
        });
    }

    /**
     * The transposed convolution, the adjoint of {@link #conv2d} in x (Dumoulin and Visin 2016):
     * {@code x: (N, Cin, H, W), w: (Cin, Cout, k, k), b: (Cout) or null -> y: (N, Cout, OH, OW)} with
     * {@code OH = (H - 1) s - 2p + k + outputPadding}. Per image: {@code y[n] = col2im(W^T x[n]) + b};
     * backward {@code dx[n] = W im2col(dY)}, {@code dW += x[n] im2col(dY)^T}, {@code db += sum dY}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int stride, int pad, int outputPadding) {
        if (x.shape.length != 4 || w.shape.length != 4 || w.shape[0] != x.shape[1] || w.shape[2] != w.shape[3]) {
            throw new ShapeException("conv_transpose2d", "needs x (N, Cin, H, W) and a square weight (Cin, Cout, k, k)", x.shape, w.shape);
        }
        checkGeometry("conv_transpose2d", stride, pad, x.shape, w.shape);
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new ShapeException("conv_transpose2d: output padding " + outputPadding + " must be in [0, stride " + stride + ") for input " + Arrays.toString(x.shape) + " and weight " + Arrays.toString(w.shape));
        }
        int n = x.shape[0], cin = x.shape[1], h = x.shape[2], wd = x.shape[3], cout = w.shape[1], k = w.shape[2];
        int oh = convTransposeOutSize(h, k, stride, pad, outputPadding), ow = convTransposeOutSize(wd, k, stride, pad, outputPadding);
        if (oh < 1 || ow < 1) {
            throw new ShapeException("conv_transpose2d: output would be " + oh + "x" + ow + " (kernel " + k + ", stride " + stride + ", padding " + pad + ") for input " + Arrays.toString(x.shape) + " and weight " + Arrays.toString(w.shape));
        }
        checkBias("conv_transpose2d", b, cout, w.shape);
        int ckk = cout * k * k, hw = h * wd, outPlane = cout * oh * ow;
        double[] y = new double[n * outPlane];
        double[] col = new double[ckk * hw];
        for (int s = 0; s < n; s++) {
            // col (Cout*k*k, H*W) = W^T (Cout*k*k, Cin) x[n] (Cin, H*W), then scattered onto the output pixels
            Gemm.gemm(true, false, ckk, hw, cin, w.data, 0, x.data, s * cin * hw, col, 0, false);
            Im2col.col2im(col, cout, oh, ow, k, k, stride, pad, h, wd, y, s * outPlane);
            addBias(y, s * outPlane, b, cout, oh * ow);
        }
        return Tensor.result("conv_transpose2d", y, new int[] {n, cout, oh, ow}, x, w, b).onBackward(g -> {
            double[] colB = new double[ckk * hw];
            for (int s = 0; s < n; s++) {
                Im2col.im2col(g, s * outPlane, cout, oh, ow, k, k, stride, pad, h, wd, colB);
                // dx[n] (Cin, H*W) += W (Cin, Cout*k*k) im2col(dY)
                if (x.requiresGrad()) Gemm.gemm(false, false, cin, hw, ckk, w.data, 0, colB, 0, x.gradBuffer(), s * cin * hw, true);
                // dW (Cin, Cout*k*k) += x[n] (Cin, H*W) im2col(dY)^T
                if (w.requiresGrad()) Gemm.gemm(false, true, cin, ckk, hw, x.data, s * cin * hw, colB, 0, w.gradBuffer(), 0, true);
            }
            biasGrad(g, b, n, cout, oh * ow);
        });
    }

    private static void checkGeometry(String op, int stride, int pad, int[] xs, int[] ws) {
        if (stride < 1 || pad < 0) {
            throw new ShapeException(op + ": stride " + stride + " must be >= 1 and padding " + pad + " >= 0 for input " + Arrays.toString(xs) + " and weight " + Arrays.toString(ws));
        }
    }

    private static void checkBias(String op, Tensor b, int channels, int[] ws) {
        if (b != null && (b.shape.length != 1 || b.shape[0] != channels)) {
            throw new ShapeException(op, "bias must have one value per output channel (" + channels + ")", ws, b.shape);
        }
    }

    private static void addBias(double[] y, int off, Tensor b, int channels, int plane) {
        if (b == null) return;
        for (int ch = 0; ch < channels; ch++) {
            int base = off + ch * plane;
            for (int i = 0; i < plane; i++) y[base + i] += b.data[ch];
        }
    }

    /** {@code db[ch] += sum over images and pixels of dY[n, ch]}. */
    private static void biasGrad(double[] g, Tensor b, int n, int channels, int plane) {
        if (b == null || !b.requiresGrad()) return;
        double[] gb = b.gradBuffer();
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < channels; ch++) {
                int base = (s * channels + ch) * plane;
                double acc = 0;
                for (int i = 0; i < plane; i++) acc += g[base + i];
                gb[ch] += acc;
            }
        }
    }
}

package dev.autoencoders.tensor;

import dev.autoencoders.kernels.ConvGeometry;
import dev.autoencoders.kernels.ConvKernels;
import dev.autoencoders.kernels.LookupConv;
import dev.autoencoders.lab.Lab;
import java.util.Arrays;

/**
 * 2-D convolution and its adjoint, the transposed convolution, by im2col and GEMM ({@link ConvKernels}).
 * Square kernels, strides and paddings; layouts as PyTorch: images {@code (N, C, H, W)}, Conv2d weights
 * {@code (out, in, k, k)}, ConvTranspose2d weights {@code (in, out, k, k)}.
 */
public final class Convolution {
    private Convolution() {}

    /** Output size of a convolution: {@code floor((size + 2 pad - k) / stride) + 1}. */
    public static int convOutSize(int size, int k, int stride, int pad) {
        // @lab conv begin
        return Math.floorDiv(size + 2 * pad - k, stride) + 1;
        // @lab conv end -> return Lab.todo("conv", "Convolution.convOutSize");
    }

    /** Output size of a transposed convolution: {@code (size - 1) stride - 2 pad + k + outputPadding}. */
    public static int convTransposeOutSize(int size, int k, int stride, int pad, int outputPadding) {
        // @lab conv begin
        return (size - 1) * stride - 2 * pad + k + outputPadding;
        // @lab conv end -> return Lab.todo("conv", "Convolution.convTransposeOutSize");
    }

    /**
     * {@code y[n, o] = b[o] + sum_c W[o, c] * x[n, c]} (cross-correlation, stride s, zero padding p):
     * {@code x: (N, C, H, W), w: (O, C, k, k), b: (O) or null -> y: (N, O, OH, OW)},
     * {@code OH = floor((H + 2p - k)/s) + 1}.
     * Per image, with {@code col = im2col(x[n])}: {@code Y = W col + b}; backward
     * {@code dW += dY col^T}, {@code dx[n] += col2im(W^T dY)}, {@code db += sum dY} ({@link ConvKernels}).
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int pad) {
        return maskedConv2d(x, w, b, stride, pad, null);
    }

    /**
     * A convolution with a fixed mask on the kernel taps, {@code y = (W . M) * x + b} with
     * {@code M[o, c, i, j] = taps[i*k + j]} (all taps when {@code taps} is null): the masked convolution of
     * PixelCNN. Shapes as {@link #conv2d}. Backward: as {@link #conv2d} with {@code W . M}, and
     * {@code dW = (dL/d(W . M)) . M}: masked taps get no gradient. The kernels skip the masked taps.
     *
     * <p>When x is an embedded code map ({@link Reshaping#embedCodeMap}), the convolution is computed from the table it
     * was looked up from ({@link #embeddedConv2d}: equal up to rounding, gradients included, which flow to the table).
     */
    public static Tensor maskedConv2d(Tensor x, Tensor w, Tensor b, int stride, int pad, boolean[] taps) {
        Tensor.CodeMap map = x.codeMap;
        if (map != null) return embeddedConv2d(map.table(), map.codes(), map.n(), map.h(), map.w(), w, b, stride, pad, taps);
        String op = taps == null ? "conv2d" : "masked_conv2d";
        if (x.shape.length != 4 || w.shape.length != 4 || w.shape[1] != x.shape[1] || w.shape[2] != w.shape[3]) {
            throw new ShapeException(op, "needs x (N, C, H, W) and a square weight (O, C, k, k)", x.shape, w.shape);
        }
        checkGeometry(op, stride, pad, x.shape, w.shape);
        int k = w.shape[2];
        if (taps != null && taps.length != k * k) throw new ShapeException(op + ": a tap mask of " + taps.length + " entries for a " + k + "x" + k + " kernel " + Arrays.toString(w.shape));
        ConvGeometry g = ConvGeometry.of(x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0], k, stride, pad, taps);
        if (g.oh() < 1 || g.ow() < 1) {
            throw new ShapeException(op + ": output would be " + g.oh() + "x" + g.ow() + " (kernel " + k + ", stride " + stride + ", padding " + pad + ") for input " + Arrays.toString(x.shape) + " and weight " + Arrays.toString(w.shape));
        }
        checkBias(op, b, g.o(), w.shape);
        double[] y = new double[g.n() * g.o() * g.outPlane()];
        // @lab conv begin
        ConvKernels.forward(g, x.data, w.data, b == null ? null : b.data, y);
        // @lab conv end -> Lab.todo("conv", "Convolution.conv2d (forward)");
        return Tensor.result(op, y, new int[] {g.n(), g.o(), g.oh(), g.ow()}, x, w, b).onBackward(dy -> {
            // dW += dY col^T ;  dx += col2im(W^T dY) ;  db += sum dY
            // @lab conv begin
            if (w.requiresGrad()) ConvKernels.backwardWeight(g, dy, x.data, w.gradBuffer());
            if (x.requiresGrad()) ConvKernels.backwardInput(g, dy, w.data, x.gradBuffer());
            if (b != null && b.requiresGrad()) ConvKernels.backwardBias(dy, g.n(), g.o(), g.outPlane(), b.gradBuffer());
            // @lab conv end -> Lab.todo("conv", "Convolution.conv2d (backward)");
        });
    }

    /**
     * The (masked) convolution of an embedded code map: equal, up to rounding, to
     * {@code maskedConv2d(indexSelect(table, codes).reshape(n, h, w, C).permute(0, 3, 1, 2), w, b, stride, pad, taps)},
     * without building the embedded images. {@code table: (K, C), codes: n h w} values in {@code [0, K)}
     * (row-major over (n, y, x)), {@code w: (O, C, k, k), b: (O)} or null {@code -> y: (n, O, OH, OW)}.
     * A one-hot input turns each tap's channel sum into a table look-up ({@link LookupConv}):
     * <pre>  y[n, o, p] = b[o] + sum_t P_t[code[n, p + t], o],   P_t = E W_t^T </pre>
     * Backward, with {@code dP_t[k] = sum of dy[n, :, p] over the positions whose tap t reads code k}:
     * {@code dW_t = dP_t^T E}, {@code dE += sum_t dP_t W_t}, {@code db = sum dy}; masked taps get no gradient.
     * Chosen by {@link #maskedConv2d} for an input made by {@link Reshaping#embedCodeMap}.
     */
    static Tensor embeddedConv2d(Tensor table, int[] codes, int n, int h, int wd, Tensor w, Tensor b, int stride, int pad, boolean[] taps) {
        String op = "embedded_conv2d";
        if (table.shape.length != 2 || w.shape.length != 4 || w.shape[1] != table.shape[1] || w.shape[2] != w.shape[3]) {
            throw new ShapeException(op, "needs a table (K, C) and a square weight (O, C, k, k)", table.shape, w.shape);
        }
        int numCodes = table.shape[0], k = w.shape[2];
        if (n < 1 || h < 1 || wd < 1 || codes.length != n * h * wd) {
            throw new ShapeException(op + ": " + codes.length + " codes for a grid " + n + " x " + h + " x " + wd);
        }
        int[] cs = codes.clone();  // the backward reads them: a caller's later change must not reach it
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] < 0 || cs[i] >= numCodes) throw new ShapeException(op + ": code " + cs[i] + " at position " + i + " outside [0, " + numCodes + ") for table " + Arrays.toString(table.shape));
        }
        int[] xs = {n, table.shape[1], h, wd};
        checkGeometry(op, stride, pad, xs, w.shape);
        if (taps != null && taps.length != k * k) throw new ShapeException(op + ": a tap mask of " + taps.length + " entries for a " + k + "x" + k + " kernel " + Arrays.toString(w.shape));
        ConvGeometry g = ConvGeometry.of(n, table.shape[1], h, wd, w.shape[0], k, stride, pad, taps);
        if (g.oh() < 1 || g.ow() < 1) {
            throw new ShapeException(op + ": output would be " + g.oh() + "x" + g.ow() + " (kernel " + k + ", stride " + stride + ", padding " + pad + ") for codes " + Arrays.toString(new int[] {n, h, wd}) + " and weight " + Arrays.toString(w.shape));
        }
        checkBias(op, b, g.o(), w.shape);
        // P = E W_all^T: every code through every visible tap;  y = b + sum_t P_t[code under tap t]
        double[] wt = LookupConv.tapWeights(g, w.data);
        double[] y = new double[n * g.o() * g.outPlane()];
        LookupConv.forward(g, cs, LookupConv.tables(g, numCodes, table.data, wt), b == null ? null : b.data, y);
        return Tensor.result(op, y, new int[] {n, g.o(), g.oh(), g.ow()}, table, w, b).onBackward(dy -> {
            // dP_t[k] = sum of dy over the positions whose tap t reads k;  dW_t += dP_t^T E ;  dE += sum_t dP_t W_t ;  db += sum dy
            if (w.requiresGrad() || table.requiresGrad()) {
                double[] dp = LookupConv.backwardTables(g, cs, numCodes, dy);
                if (w.requiresGrad()) LookupConv.backwardWeight(g, numCodes, dp, table.data, w.gradBuffer());
                if (table.requiresGrad()) LookupConv.backwardTable(g, numCodes, dp, wt, table.gradBuffer());
            }
            if (b != null && b.requiresGrad()) ConvKernels.backwardBias(dy, n, g.o(), g.outPlane(), b.gradBuffer());
        });
    }

    /**
     * The transposed convolution, the adjoint of {@link #conv2d} in x (Dumoulin and Visin 2016):
     * {@code x: (N, Cin, H, W), w: (Cin, Cout, k, k), b: (Cout) or null -> y: (N, Cout, OH, OW)} with
     * {@code OH = (H - 1) s - 2p + k + outputPadding}. Per image: {@code y[n] = col2im(W^T x[n]) + b};
     * backward {@code dx[n] = W im2col(dY)}, {@code dW += x[n] im2col(dY)^T}, {@code db += sum dY}.
     * In kernel terms it is the convolution {@code (Cout, OH, OW) -> (Cin, H, W)} with weight W run backwards:
     * its forward is that convolution's input gradient, its input gradient that convolution's forward.
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
        // the convolution this one is the adjoint of: (Cout, OH, OW) -> (Cin, H, W), weight (Cin, Cout, k, k)
        // @lab conv begin
        ConvGeometry g = new ConvGeometry(n, cout, oh, ow, cin, k, stride, pad, h, wd, null);
        double[] y = new double[n * cout * oh * ow];
        ConvKernels.backwardInput(g, x.data, w.data, y);
        addBias(y, b, n, cout, oh * ow);
        return Tensor.result("conv_transpose2d", y, new int[] {n, cout, oh, ow}, x, w, b).onBackward(dy -> {
            // dx = W im2col(dY): the adjoint's forward, which overwrites its output (Tensor.writeGrad: into the
            // gradient itself when x has none yet, else into a new array added to it)
            if (x.requiresGrad()) x.writeGrad((gx, add) -> {
                double[] t = add ? new double[gx.length] : gx;
                ConvKernels.forward(g, dy, w.data, null, t);
                if (add) for (int i = 0; i < t.length; i++) gx[i] += t[i];
            });
            // dW += x im2col(dY)^T: the weight gradient of the adjoint with the roles of input and output swapped
            if (w.requiresGrad()) ConvKernels.backwardWeight(g, x.data, dy, w.gradBuffer());
            if (b != null && b.requiresGrad()) ConvKernels.backwardBias(dy, n, cout, oh * ow, b.gradBuffer());
        });
        // @lab conv end -> return Lab.todo("conv", "Convolution.convTranspose2d");
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

    private static void addBias(double[] y, Tensor b, int n, int channels, int plane) {
        if (b == null) return;
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < channels; ch++) {
                int base = (s * channels + ch) * plane;
                for (int i = 0; i < plane; i++) y[base + i] += b.data[ch];
            }
        }
    }
}

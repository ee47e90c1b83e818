package dev.autoencoders.tensor;

import java.util.Arrays;

/**
 * Operations that move elements without arithmetic: reshape, permute, slice, concatenate, and the
 * index look-ups (embedding). Each backward moves the gradient back to where the element came from
 * (adding, where an element was read more than once).
 */
public final class Reshaping {
    private Reshaping() {}

    /**
     * Same elements in the same row-major order, new shape; one dimension may be {@code -1} (inferred).
     * {@code x: (*) -> y: newShape} with equal element counts. Backward: the gradient reshaped back.
     */
    public static Tensor reshape(Tensor x, int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new ShapeException("reshape", "only one dimension can be -1", x.shape, newShape);
                infer = i;
            } else {
                if (s[i] < 0) throw new ShapeException("reshape", "negative dimension", x.shape, newShape);
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.data.length % known != 0) throw new ShapeException("reshape", "cannot infer the -1 dimension", x.shape, newShape);
            s[infer] = x.data.length / known;
        }
        if (Shape.numel(s) != x.data.length) throw new ShapeException("reshape", "element counts differ", x.shape, newShape);
        // shares the data array: reshape is a view, as in PyTorch
        return Tensor.result("reshape", x.data, s, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i];
        });
    }

    /** Swaps two axes: {@code y[..a..b..] = x[..b..a..]}. */
    public static Tensor transpose(Tensor x, int a, int b) {
        int[] dims = new int[x.shape.length];
        for (int i = 0; i < dims.length; i++) dims[i] = i;
        int aa = Shape.axis("transpose", a, x.shape), bb = Shape.axis("transpose", b, x.shape);
        dims[aa] = bb;
        dims[bb] = aa;
        return permute(x, dims);
    }

    /**
     * Reorders the axes: {@code y.shape[d] = x.shape[dims[d]]}, e.g. NCHW -> NHWC is {@code permute(0, 2, 3, 1)}.
     * Backward: the gradient permuted by the inverse permutation.
     */
    public static Tensor permute(Tensor x, int... dims) {
        int rank = x.shape.length;
        if (dims.length != rank) throw new ShapeException("permute: " + Arrays.toString(dims) + " is not a permutation of the axes of " + Arrays.toString(x.shape));
        boolean[] used = new boolean[rank];
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int s = dims[d];
            if (s < 0 || s >= rank || used[s]) throw new ShapeException("permute: " + Arrays.toString(dims) + " is not a permutation of the axes of " + Arrays.toString(x.shape));
            used[s] = true;
            out[d] = x.shape[s];
        }
        int[] src = sourceOffsets(x.shape, dims);
        double[] y = new double[x.data.length];
        for (int k = 0; k < y.length; k++) y[k] = x.data[src[k]];
        return Tensor.result("permute", y, out, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int k = 0; k < g.length; k++) gx[src[k]] += g[k];
        });
    }

    /** For each element of the permuted output (row-major), its flat offset in the input. */
    private static int[] sourceOffsets(int[] shape, int[] dims) {
        int rank = shape.length;
        int[] inStrides = Shape.strides(shape);
        int[] outShape = new int[rank], stride = new int[rank];
        for (int d = 0; d < rank; d++) {
            // output axis d is input axis dims[d]: one step along it moves the input offset by that axis's stride
            outShape[d] = shape[dims[d]];
            stride[d] = inStrides[dims[d]];
        }
        return Shape.offsets(outShape, stride);
    }

    /** {@code y = x[..., start:end, ...]} along {@code axis}. Backward: the gradient placed back into that range. */
    public static Tensor slice(Tensor x, int axis, int start, int end) {
        int ax = Shape.axis("slice", axis, x.shape);
        int n = x.shape[ax];
        if (start < 0 || end > n || start > end) {
            throw new ShapeException("slice: range [" + start + ", " + end + ") outside axis " + ax + " of size " + n + " in " + Arrays.toString(x.shape));
        }
        int outer = Shape.outer(x.shape, ax), inner = Shape.inner(x.shape, ax), m = end - start;
        int[] out = x.shape.clone();
        out[ax] = m;
        double[] y = new double[outer * m * inner];
        for (int o = 0; o < outer; o++) System.arraycopy(x.data, (o * n + start) * inner, y, o * m * inner, m * inner);
        return Tensor.result("slice", y, out, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int o = 0; o < outer; o++) {
                int xo = (o * n + start) * inner, yo = o * m * inner;
                for (int i = 0; i < m * inner; i++) gx[xo + i] += g[yo + i];
            }
        });
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree. Backward: each input gets its slice of the gradient. */
    public static Tensor concat(int axis, Tensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        int[] first = xs[0].shape;
        int ax = Shape.axis("concat", axis, first);
        int sum = 0;
        for (Tensor x : xs) {
            boolean ok = x.shape.length == first.length;
            for (int d = 0; ok && d < first.length; d++) ok = d == ax || x.shape[d] == first[d];
            if (!ok) throw new ShapeException("concat", "shapes differ outside axis " + ax, first, x.shape);
            sum += x.shape[ax];
        }
        final int total = sum;
        int outer = Shape.outer(first, ax), inner = Shape.inner(first, ax);
        int[] out = first.clone();
        out[ax] = total;
        double[] y = new double[outer * total * inner];
        int[] startOf = new int[xs.length];
        for (int t = 0, at = 0; t < xs.length; t++) {
            startOf[t] = at;
            int m = xs[t].shape[ax];
            for (int o = 0; o < outer; o++) System.arraycopy(xs[t].data, o * m * inner, y, (o * total + at) * inner, m * inner);
            at += m;
        }
        return Tensor.result("concat", y, out, xs).onBackward(g -> {
            for (int t = 0; t < xs.length; t++) {
                if (!xs[t].requiresGrad()) continue;
                double[] gx = xs[t].gradBuffer();
                int m = xs[t].shape[ax];
                for (int o = 0; o < outer; o++) {
                    int go = (o * total + startOf[t]) * inner, xo = o * m * inner;
                    for (int i = 0; i < m * inner; i++) gx[xo + i] += g[go + i];
                }
            }
        });
    }

    /**
     * Rows of a table: {@code y[k, :] = w[idx[k], :]}, {@code w: (V, D), idx: (K) -> y: (K, D)}; this is the
     * embedding (and codebook) look-up. Backward scatters: {@code dL/dw[idx[k], :] += dL/dy[k, :]}.
     */
    public static Tensor indexSelect(Tensor w, int[] idx) {
        if (w.shape.length < 1) throw new ShapeException("index_select", "needs a table of rank >= 1", w.shape);
        int v = w.shape[0], d = w.data.length / Math.max(v, 1);
        int[] out = w.shape.clone();
        out[0] = idx.length;
        double[] y = new double[idx.length * d];
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= v) throw new ShapeException("index_select: index " + idx[k] + " at position " + k + " outside [0, " + v + ") for table " + Arrays.toString(w.shape));
            System.arraycopy(w.data, idx[k] * d, y, k * d, d);
        }
        return Tensor.result("index_select", y, out, w).onBackward(g -> {
            double[] gw = w.gradBuffer();
            for (int k = 0; k < idx.length; k++) {
                int wo = idx[k] * d, yo = k * d;
                for (int j = 0; j < d; j++) gw[wo + j] += g[yo + j];
            }
        });
    }

    /**
     * An embedded code map as an image with one channel per table column:
     * {@code y[n, c, y, x] = table[codes[n, y, x], c]}, {@code table: (K, C)}, {@code codes: n h w} values in
     * {@code [0, K)} (row-major over (n, y, x)) {@code -> y: (n, C, h, w)}; the same values as
     * {@code indexSelect(table, codes).reshape(n, h, w, C).permute(0, 3, 1, 2)} (PyTorch: {@code emb(codes).permute(0, 3, 1, 2)}).
     * Backward scatters: {@code dL/dtable[codes[n, y, x], c] += dL/dy[n, c, y, x]}.
     *
     * <p>The result remembers the table and the codes, so that a convolution of it computes each tap's product with
     * the table once per code value instead of once per pixel ({@link Convolution#maskedConv2d}).
     */
    public static Tensor embedCodeMap(Tensor table, int[] codes, int n, int h, int w) {
        if (table.shape.length != 2) throw new ShapeException("embed_code_map", "needs a table (K, C)", table.shape);
        int numCodes = table.shape[0], c = table.shape[1], plane = h * w;
        if (n < 1 || h < 1 || w < 1 || codes.length != n * plane) {
            throw new ShapeException("embed_code_map: " + codes.length + " codes for a grid " + n + " x " + h + " x " + w);
        }
        int[] cs = codes.clone();  // the backward and a later convolution read them: a caller's later change must not reach them
        double[] y = new double[n * c * plane];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < plane; p++) {
                int code = cs[s * plane + p];
                if (code < 0 || code >= numCodes) throw new ShapeException("embed_code_map: code " + code + " at position " + (s * plane + p) + " outside [0, " + numCodes + ") for table " + Arrays.toString(table.shape));
                for (int ch = 0; ch < c; ch++) y[(s * c + ch) * plane + p] = table.data[code * c + ch];
            }
        }
        Tensor out = Tensor.result("embed_code_map", y, new int[] {n, c, h, w}, table).onBackward(g -> {
            double[] gt = table.gradBuffer();
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < plane; p++) {
                    int row = cs[s * plane + p] * c;
                    for (int ch = 0; ch < c; ch++) gt[row + ch] += g[(s * c + ch) * plane + p];
                }
            }
        });
        out.codeMap = new Tensor.CodeMap(table, cs, n, h, w);
        return out;
    }

    /**
     * Picks one element along {@code axis} for each position of the other axes:
     * {@code y[o, i] = x[o, idx[o, i], i]} with x split as {@code (outer, n, inner)} and {@code idx} of size
     * {@code outer * inner}; {@code x: (..., n, ...) -> y: (..., ...)}. Used for the log-probability of the
     * target class. Backward: {@code dL/dx[o, idx[o, i], i] += dL/dy[o, i]}.
     */
    public static Tensor gather(Tensor x, int axis, int[] idx) {
        int ax = Shape.axis("gather", axis, x.shape);
        int outer = Shape.outer(x.shape, ax), n = x.shape[ax], inner = Shape.inner(x.shape, ax);
        if (idx.length != outer * inner) {
            throw new ShapeException("gather: " + idx.length + " indices for " + (outer * inner) + " positions of " + Arrays.toString(x.shape) + " along axis " + ax);
        }
        int[] src = new int[idx.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int j = idx[o * inner + i];
                if (j < 0 || j >= n) throw new ShapeException("gather: index " + j + " outside [0, " + n + ") on axis " + ax + " of " + Arrays.toString(x.shape));
                src[o * inner + i] = (o * n + j) * inner + i;
            }
        }
        int[] out = new int[x.shape.length - 1];
        for (int d = 0, k = 0; d < x.shape.length; d++) if (d != ax) out[k++] = x.shape[d];
        double[] y = new double[src.length];
        for (int k = 0; k < y.length; k++) y[k] = x.data[src[k]];
        return Tensor.result("gather", y, out, x).onBackward(g -> {
            double[] gx = x.gradBuffer();
            for (int k = 0; k < g.length; k++) gx[src[k]] += g[k];
        });
    }
}

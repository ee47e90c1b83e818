package dev.autoencoders.tensor;

import java.util.Arrays;

/** Static helpers for row-major shapes: element counts, strides, broadcasting, printing. */
public final class Shape {
    private Shape() {}

    /** Number of elements: the product of the dimensions (1 for the scalar shape {@code []}). */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new ShapeException("shape", "negative dimension", shape);
            n *= d;
            if (n > Integer.MAX_VALUE) throw new ShapeException("shape", "more than 2^31-1 elements", shape);
        }
        return (int) n;
    }

    /** Row-major strides: {@code strides[i] = prod(shape[i+1..])}. */
    public static int[] strides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Normalises a possibly negative axis ({@code -1} = last) and checks its range. */
    public static int axis(String op, int axis, int[] shape) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new ShapeException(op, "axis " + axis + " out of range for rank " + shape.length, shape);
        }
        return a;
    }

    /** Product of the dimensions before {@code axis}. */
    public static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) n *= shape[i];
        return n;
    }

    /** Product of the dimensions after {@code axis}. */
    public static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    /**
     * NumPy broadcasting: shapes are aligned on the right; each pair of dimensions must be equal or one of them 1.
     * {@code (N, D) + (D) -> (N, D)}, {@code (N, 1) * (1, M) -> (N, M)}.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) throw new ShapeException(op, "shapes do not broadcast", a, b);
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /**
     * For each element of the broadcast output {@code out}, the flat index of the element of {@code in} it reads.
     * {@code in} must broadcast to {@code out}.
     */
    public static int[] broadcastIndex(int[] in, int[] out) {
        return offsets(out, broadcastStrides(in, out));
    }

    /** {@link #broadcastIndex} element by element ({@link #offsetsReference}): the reference its tests compare with. */
    static int[] broadcastIndexReference(int[] in, int[] out) {
        return offsetsReference(out, broadcastStrides(in, out));
    }

    /**
     * For each element of a tensor of shape {@code out}, row-major, the offset {@code sum_d idx[d] * strides[d]} at which
     * a view with these strides reads it: the element of a broadcast input (stride 0 on a broadcast axis), or of a
     * permuted tensor (its strides permuted).
     */
    static int[] offsets(int[] out, int[] strides) {
        int rank = out.length, n = numel(out);
        int[] map = new int[n];
        if (n == 0 || rank == 0) return map; // nothing, or one element at offset 0
        // row by row: along the last axis the offset steps by its stride
        int last = out[rank - 1], step = strides[rank - 1];
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < n; k += last) {
            for (int j = 0; j < last; j++) map[k + j] = off + j * step;
            off = advance(idx, out, strides, rank - 2, off); // to the next row
        }
        return map;
    }

    /** {@link #offsets} element by element, an odometer over every axis: the reference its tests compare with. */
    static int[] offsetsReference(int[] out, int[] strides) {
        int rank = out.length, n = numel(out);
        int[] map = new int[n];
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < n; k++) {
            map[k] = off;
            off = advance(idx, out, strides, rank - 1, off);
        }
        return map;
    }

    /**
     * One step of the odometer over the output index {@code idx}, on the axes {@code 0 .. top} (the last one fastest),
     * with the offset {@code off} kept in step; returns the new offset.
     */
    private static int advance(int[] idx, int[] out, int[] strides, int top, int off) {
        for (int d = top; d >= 0; d--) {
            idx[d]++;
            off += strides[d];
            if (idx[d] < out[d]) break;
            off -= strides[d] * out[d];
            idx[d] = 0;
        }
        return off;
    }

    /** The strides of {@code in} on the axes of {@code out} (aligned at the right), 0 on every broadcast axis. */
    private static int[] broadcastStrides(int[] in, int[] out) {
        int rank = out.length;
        int[] inStrides = new int[rank];
        int[] s = strides(in);
        for (int i = 0; i < in.length; i++) {
            int o = i + rank - in.length;
            inStrides[o] = in[i] == 1 ? 0 : s[i];
        }
        return inStrides;
    }

    /** {@code [2, 3]}; several shapes are joined with {@code " and "}. */
    public static String format(int[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) sb.append(" and ");
            sb.append(Arrays.toString(shapes[i]));
        }
        return sb.toString();
    }
}

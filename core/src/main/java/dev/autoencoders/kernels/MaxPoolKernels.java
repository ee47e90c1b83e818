package dev.autoencoders.kernels;

/**
 * The max-pooling forward of {@code dev.autoencoders.tensor.Pooling.maxPool2d}: for {@code planes} planes of
 * {@code h x w}, window k x k at {@code (oy*s - p, ox*s - p)},
 * <pre>
 *   y[pl][oy][ox] = max over the window's values inside the plane,  idx[pl][oy][ox] = where (y*W + x in the plane)
 * </pre>
 * scanning the window row by row and taking a value when it is larger than the best so far or a NaN (PyTorch's rule:
 * among equal values, -0.0 and 0.0 included, the first wins; a NaN is never replaced, the last NaN gives the index).
 * {@link #reference} is that scan; {@link #forward} takes a branch-free path for 2 x 2 windows without padding (the
 * pools of post 003's convolutional autoencoder), equal to the scan bit for bit and index for index (tests).
 */
public final class MaxPoolKernels {
    private MaxPoolKernels() {}

    /** y and idx of every window (see the class comment). */
    public static void forward(double[] x, int planes, int h, int w, int k, int stride, int pad, int oh, int ow, double[] y, int[] idx) {
        if (k == 2 && pad == 0) forward2x2(x, planes, h, w, stride, oh, ow, y, idx);
        else reference(x, planes, h, w, k, stride, pad, oh, ow, y, idx);
    }

    /** The scan of the class comment, window by window. */
    static void reference(double[] x, int planes, int h, int w, int k, int stride, int pad, int oh, int ow, double[] y, int[] idx) {
        for (int pl = 0; pl < planes; pl++) {
            int xo = pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                // the rows [i0, i1) and columns [j0, j1) of the window that lie inside the image
                int y0 = oy * stride - pad, i0 = Math.max(0, -y0), i1 = Math.min(k, h - y0);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * stride - pad, j0 = Math.max(0, -x0), j1 = Math.min(k, w - x0);
                    int arg = (y0 + i0) * w + x0 + j0;
                    double best = x[xo + arg];
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            int at = (y0 + i) * w + x0 + j;
                            double v = x[xo + at];
                            // a larger value, or a NaN (which then stays the maximum, as in PyTorch)
                            if (v > best || v != v) {
                                best = v;
                                arg = at;
                            }
                        }
                    }
                    int o = (pl * oh + oy) * ow + ox;
                    y[o] = best;
                    idx[o] = arg;
                }
            }
        }
    }

    /**
     * 2 x 2 windows inside the plane, as a tournament: the winner of (a0, a1) against the winner of (a2, a3), each
     * match won by the later value if it is larger or NaN. That is the scan's rule applied in another grouping, and
     * it gives the scan's answer: without NaN the first maximum, else the last NaN. The comparisons use Math.max
     * (branch-free; NaN if either is) and the indices are chosen by conditional moves; y is read at the index, so the
     * sign of a zero is the winner's. The scan's branches on random data cost a misprediction every other window.
     */
    static void forward2x2(double[] x, int planes, int h, int w, int stride, int oh, int ow, double[] y, int[] idx) {
        for (int pl = 0; pl < planes; pl++) {
            int xo = pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int o = (pl * oh + oy) * ow;
                for (int ox = 0, at = oy * stride * w; ox < ow; ox++, at += stride) {
                    double a0 = x[xo + at], a1 = x[xo + at + 1], a2 = x[xo + at + w], a3 = x[xo + at + w + 1];
                    int i01 = a1 > a0 ? at + 1 : at;
                    i01 = a1 != a1 ? at + 1 : i01;
                    int i23 = a3 > a2 ? at + w + 1 : at + w;
                    i23 = a3 != a3 ? at + w + 1 : i23;
                    double m01 = Math.max(a0, a1), m23 = Math.max(a2, a3);
                    int arg = m23 > m01 ? i23 : i01;
                    arg = m23 != m23 ? i23 : arg;
                    y[o + ox] = x[xo + arg];
                    idx[o + ox] = arg;
                }
            }
        }
    }
}

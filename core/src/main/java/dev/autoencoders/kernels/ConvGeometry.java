package dev.autoencoders.kernels;

/**
 * The sizes of a 2-D convolution {@code x: (n, c, h, w) -> y: (n, o, oh, ow)} with a square {@code k x k} kernel,
 * stride and zero padding, and which kernel taps take part ({@code taps[i*k + j]}, all when {@code null}): a
 * masked convolution (PixelCNN) uses only the taps its mask keeps.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int k, int stride, int pad, int oh, int ow, boolean[] taps) {

    /** The geometry of a convolution of {@code x: (n, c, h, w)} by {@code o} filters of size k (output size derived). */
    public static ConvGeometry of(int n, int c, int h, int w, int o, int k, int stride, int pad, boolean[] taps) {
        int oh = Math.floorDiv(h + 2 * pad - k, stride) + 1, ow = Math.floorDiv(w + 2 * pad - k, stride) + 1;
        return new ConvGeometry(n, c, h, w, o, k, stride, pad, oh, ow, taps);
    }

    /** Whether tap (i, j) takes part. */
    public boolean tap(int i, int j) {
        return taps == null || taps[i * k + j];
    }

    /** The number of taps that take part. */
    public int visibleTaps() {
        if (taps == null) return k * k;
        int t = 0;
        for (boolean b : taps) if (b) t++;
        return t;
    }

    /** Output pixels per image. */
    public int outPlane() {
        return oh * ow;
    }

    /** Input pixels per image. */
    public int inPlane() {
        return h * w;
    }
}

package dev.autoencoders.kernels;

/**
 * The unfolding that turns a convolution into a matrix product (Chellapilla et al. 2006).
 *
 * <p>For an image {@code x: (C, H, W)}, a {@code kh x kw} kernel, stride s and zero padding p, the column matrix
 * {@code col: (C*kh*kw, OH*OW)} holds in row {@code (c, i, j)} and column {@code (oy, ox)} the input pixel under
 * kernel tap {@code (i, j)} of output position {@code (oy, ox)}:
 * <pre>  col[(c*kh + i)*kw + j][oy*OW + ox] = x[c][oy*s - p + i][ox*s - p + j]   (0 outside the image)</pre>
 * Then {@code conv(x) = W (O, C*kh*kw) * col}. {@link #col2im} is the adjoint (transpose) of {@link #im2col}:
 * it adds every column entry back onto the pixel it was read from; it computes the input gradient of a
 * convolution and the forward of a transposed convolution.
 */
public final class Im2col {
    private Im2col() {}

    /** {@code col <- im2col(x)}; {@code col} must hold {@code C*kh*kw*OH*OW} values. */
    public static void im2col(double[] x, int xOff, int channels, int height, int width,
                              int kh, int kw, int stride, int pad, int outH, int outW, double[] col) {
        int cols = outH * outW;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = ((c * kh + i) * kw + j) * cols;
                    for (int oy = 0; oy < outH; oy++) {
                        int y = oy * stride - pad + i;
                        int dst = row + oy * outW;
                        if (y < 0 || y >= height) {
                            java.util.Arrays.fill(col, dst, dst + outW, 0.0);
                            continue;
                        }
                        int src = xOff + (c * height + y) * width;
                        for (int ox = 0; ox < outW; ox++) {
                            int xx = ox * stride - pad + j;
                            col[dst + ox] = xx >= 0 && xx < width ? x[src + xx] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** {@code x += col2im(col)}: the adjoint of {@link #im2col} with the same geometry. */
    public static void col2im(double[] col, int channels, int height, int width,
                              int kh, int kw, int stride, int pad, int outH, int outW, double[] x, int xOff) {
        int cols = outH * outW;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = ((c * kh + i) * kw + j) * cols;
                    for (int oy = 0; oy < outH; oy++) {
                        int y = oy * stride - pad + i;
                        if (y < 0 || y >= height) continue;
                        int dst = xOff + (c * height + y) * width;
                        int src = row + oy * outW;
                        for (int ox = 0; ox < outW; ox++) {
                            int xx = ox * stride - pad + j;
                            if (xx >= 0 && xx < width) x[dst + xx] += col[src + ox];
                        }
                    }
                }
            }
        }
    }
}

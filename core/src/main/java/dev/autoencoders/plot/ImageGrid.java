package dev.autoencoders.plot;

import dev.autoencoders.io.AtomicFiles;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.nio.file.Path;

/**
 * A grid of images saved as PNG, like torchvision's {@code make_grid} and {@code save_image}
 * (torchvision 0.15+ semantics, step for step).
 *
 * <ol>
 *   <li>Input {@code x: (N, C, H, W)} with C = 1 (grey) or 3 (RGB); rows {@code (N, H*W)} go through
 *       {@link #save(Tensor, int, int, Path, Options)}.</li>
 *   <li>If {@code normalize}: clamp to {@code [lo, hi]} and map {@code x' = (x - lo) / max(hi - lo, 1e-5)}, where
 *       {@code [lo, hi]} is the given range, else the min and max over the whole batch, or over each image with
 *       {@code scaleEach}.</li>
 *   <li>A single image (N = 1) is the grid itself, without padding. Otherwise {@code xmaps = min(nrow, N)} columns,
 *       {@code ymaps = ceil(N / xmaps)} rows; the canvas, filled with {@code padValue}, is
 *       {@code (ymaps*(H + p) + p) x (xmaps*(W + p) + p)} and image k sits at row {@code k / xmaps},
 *       column {@code k % xmaps}, top-left corner {@code (row*(H + p) + p, col*(W + p) + p)}.</li>
 *   <li>To bytes: {@code b = clamp(x*255 + 0.5, 0, 255)} truncated (NaN gives 0); saved as an RGB PNG, grey images
 *       with R = G = B.</li>
 * </ol>
 * Files are written atomically.
 */
public final class ImageGrid {
    private ImageGrid() {}

    static {
        Headless.ensure();
    }

    /**
     * Grid options, torchvision's parameters.
     *
     * @param nrow      images per grid row (>= 1); torchvision default 8
     * @param padding   pixels between and around images (>= 0); default 2
     * @param padValue  value of the padding pixels, in the image's value space after normalization; default 0
     * @param normalize map values to [0, 1] by min-max (see the class comment); default false
     * @param range     with normalize: the {@code [lo, hi]} to map from instead of the data's min and max; may be null
     * @param scaleEach with normalize and no range: min-max per image instead of over the batch
     */
    public record Options(int nrow, int padding, double padValue, boolean normalize, Range range, boolean scaleEach) {
        /** torchvision's defaults: nrow 8, padding 2, pad value 0, no normalization. */
        public static final Options DEFAULT = new Options(8, 2, 0, false, null, false);

        public Options {
            if (nrow < 1) throw new IllegalArgumentException("ImageGrid: nrow must be >= 1, got " + nrow);
            if (padding < 0) throw new IllegalArgumentException("ImageGrid: padding must be >= 0, got " + padding);
        }

        public Options withNrow(int n) {
            return new Options(n, padding, padValue, normalize, range, scaleEach);
        }

        public Options withPadding(int p) {
            return new Options(nrow, p, padValue, normalize, range, scaleEach);
        }

        public Options withPadValue(double v) {
            return new Options(nrow, padding, v, normalize, range, scaleEach);
        }

        /** Min-max normalization over the batch (or per image with {@code scaleEach}). */
        public Options normalized(boolean each) {
            return new Options(nrow, padding, padValue, true, null, each);
        }

        /** Normalization from the fixed range {@code [lo, hi]}, e.g. (-1, 1) for tanh outputs. */
        public Options normalized(double lo, double hi) {
            return new Options(nrow, padding, padValue, true, new Range(lo, hi), scaleEach);
        }
    }

    /** A value range {@code [lo, hi]}. */
    public record Range(double lo, double hi) {}

    /**
     * The grid as a tensor before conversion to bytes: {@code x: (N, C, H, W) -> (C, Hg, Wg)}, or {@code (C, H, W)}
     * for N = 1.
     *
     * @throws ShapeException if x is not (N, C, H, W) with N >= 1 and C in {1, 3}
     */
    public static Tensor makeGrid(Tensor x, Options o) {
        if (x.rank() != 4 || x.dim(0) < 1 || (x.dim(1) != 1 && x.dim(1) != 3)) {
            throw new ShapeException("ImageGrid", "images must be (N, C, H, W) with N >= 1 and C = 1 or 3", x.shape());
        }
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), per = c * h * w;
        double[] v = x.data().clone();
        if (o.normalize()) {
            if (o.range() != null) {
                normalize(v, 0, v.length, o.range().lo(), o.range().hi());
            } else if (o.scaleEach()) {
                for (int k = 0; k < n; k++) normalize(v, k * per, per, min(v, k * per, per), max(v, k * per, per));
            } else {
                normalize(v, 0, v.length, min(v, 0, v.length), max(v, 0, v.length));
            }
        }
        if (n == 1) return Tensor.of(v, c, h, w);
        int p = o.padding();
        int xmaps = Math.min(o.nrow(), n);
        int ymaps = (n + xmaps - 1) / xmaps;
        int cellH = h + p, cellW = w + p;
        int gh = cellH * ymaps + p, gw = cellW * xmaps + p;
        double[] g = new double[c * gh * gw];
        Arrays.fill(g, o.padValue());
        for (int k = 0; k < n; k++) {
            int top = (k / xmaps) * cellH + p, left = (k % xmaps) * cellW + p;
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(v, ((k * c + ch) * h + r) * w, g, (ch * gh + top + r) * gw + left, w);
                }
            }
        }
        return Tensor.of(g, c, gh, gw);
    }

    /** A grid tensor {@code (C, H, W)}, C = 1 or 3, as an RGB image with {@code b = clamp(x*255 + 0.5, 0, 255)}. */
    public static BufferedImage toImage(Tensor grid) {
        if (grid.rank() != 3 || (grid.dim(0) != 1 && grid.dim(0) != 3)) {
            throw new ShapeException("ImageGrid.toImage", "grid must be (C, H, W) with C = 1 or 3", grid.shape());
        }
        int c = grid.dim(0), h = grid.dim(1), w = grid.dim(2);
        double[] g = grid.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++) {
            for (int s = 0; s < w; s++) {
                int red = toByte(g[r * w + s]);
                int green = c == 3 ? toByte(g[(h + r) * w + s]) : red;
                int blue = c == 3 ? toByte(g[(2 * h + r) * w + s]) : red;
                img.setRGB(s, r, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    /** The PNG bytes of the grid of {@code x: (N, C, H, W)}. */
    public static byte[] png(Tensor x, Options o) {
        return Png.encode(toImage(makeGrid(x, o)));
    }

    /** Saves the grid of {@code x: (N, C, H, W)} with torchvision's defaults, atomically. */
    public static void save(Tensor x, Path file) {
        save(x, file, Options.DEFAULT);
    }

    /** Saves the grid of {@code x: (N, C, H, W)}, atomically. */
    public static void save(Tensor x, Path file, Options o) {
        AtomicFiles.write(file, png(x, o));
    }

    /** Saves the grid of grey images given as rows {@code (N, h*w)} (an MLP's output), atomically. */
    public static void save(Tensor rows, int h, int w, Path file, Options o) {
        if (rows.rank() != 2 || rows.dim(1) != h * w) {
            throw new ShapeException("ImageGrid", "rows must be (N, " + h + "*" + w + ")", rows.shape());
        }
        save(rows.reshape(rows.dim(0), 1, h, w), file, o);
    }

    /** torchvision's {@code norm_ip}: clamp to [lo, hi], then {@code (x - lo) / max(hi - lo, 1e-5)}. */
    private static void normalize(double[] v, int from, int len, double lo, double hi) {
        double scale = Math.max(hi - lo, 1e-5);
        for (int i = from; i < from + len; i++) {
            double clamped = Math.min(Math.max(v[i], lo), hi);
            // x' = (clamp(x, lo, hi) - lo) / max(hi - lo, 1e-5)
            v[i] = (clamped - lo) / scale;
        }
    }

    private static double min(double[] v, int from, int len) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i < from + len; i++) m = Math.min(m, v[i]);
        return m;
    }

    private static double max(double[] v, int from, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + len; i++) m = Math.max(m, v[i]);
        return m;
    }

    /** {@code b = clamp(x*255 + 0.5, 0, 255)} truncated toward zero, as {@code save_image}; NaN gives 0. */
    static int toByte(double x) {
        double b = x * 255 + 0.5;
        if (!(b > 0)) return 0;
        return (int) Math.min(b, 255);
    }
}

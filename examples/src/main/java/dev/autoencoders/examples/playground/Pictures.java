package dev.autoencoders.examples.playground;

import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.tensor.Tensor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Images for the page: each gray image a PNG of its natural size (the browser scales it up), as a data: URL for JSON. */
final class Pictures {
    private Pictures() {}

    /** The PNG of one image of {@code h x w} gray levels (clamped to [0, 1]) as {@code data:image/png;base64,...}. */
    static String png(double[] pixels, int h, int w) {
        Tensor img = Tensor.of(pixels.clone(), 1, 1, h, w).clamp(0, 1);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageGrid.png(img, ImageGrid.Options.DEFAULT));
    }

    /** One data URL per row of {@code rows: (N, h*w)} (or any shape whose first axis is N). */
    static List<String> pngs(Tensor rows, int h, int w) {
        double[] all = rows.data();
        int per = h * w;
        if (all.length != rows.dim(0) * per) throw new IllegalArgumentException("Pictures: " + all.length + " values are not " + rows.dim(0) + " images of " + h + " x " + w);
        List<String> out = new ArrayList<>();
        for (int n = 0; n < rows.dim(0); n++) {
            double[] one = new double[per];
            System.arraycopy(all, n * per, one, 0, per);
            out.add(png(one, h, w));
        }
        return out;
    }

    /** The data URL of the first image of {@code rows}. */
    static String first(Tensor rows, int h, int w) {
        double[] one = new double[h * w];
        System.arraycopy(rows.data(), 0, one, 0, one.length);
        return png(one, h, w);
    }
}

package dev.autoencoders.examples.vq;

import dev.autoencoders.io.AtomicFiles;
import dev.autoencoders.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The figures of the VQ commands that core's plots do not draw: coloured code maps and the codebook usage histogram. */
final class VqFigures {
    private VqFigures() {}

    static {
        // drawn without a display, as core's plots do
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /**
     * Code maps as RGB images: {@code codes: N*h*w -> (N, 3, h*scale, w*scale)}, each code a colour (hue stepped by the
     * golden ratio, so neighbouring indices differ), each cell {@code scale x scale} pixels.
     */
    static Tensor colour(int[] codes, int n, int h, int w, int scale) {
        int oh = h * scale, ow = w * scale;
        double[] img = new double[n * 3 * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int code = codes[(s * h + i / scale) * w + j / scale];
                    Color c = Color.getHSBColor((float) ((code * 0.6180339887) % 1.0), 0.65f, 0.95f);
                    int[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
                    for (int ch = 0; ch < 3; ch++) img[((s * 3 + ch) * oh + i) * ow + j] = rgb[ch] / 255.0;
                }
            }
        }
        return Tensor.of(img, n, 3, oh, ow);
    }

    /** Grey images {@code (N, 1, H, W)} as RGB {@code (N, 3, H, W)}, to sit in one grid with coloured code maps. */
    static Tensor rgb(Tensor grey) {
        int n = grey.dim(0), hw = grey.dim(2) * grey.dim(3);
        double[] out = new double[n * 3 * hw];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < 3; ch++) System.arraycopy(grey.data(), s * hw, out, (s * 3 + ch) * hw, hw);
        }
        return Tensor.of(out, n, 3, grey.dim(2), grey.dim(3));
    }

    /** A bar chart of how many positions chose each code (x: code index 0..K-1), saved as PNG atomically. */
    static void usageHistogram(Path file, String title, long[] counts) {
        int k = counts.length;
        double[] x = new double[k], y = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = i;
            y[i] = counts[i];
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title)
                .xAxisTitle("code").yAxisTitle("positions (test set)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x1f77b4)});
        chart.getStyler().setXAxisMaxLabelCount(17);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.9);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.addSeries("codes", x, y);
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + file + ": " + e.getMessage(), e);
        }
    }
}

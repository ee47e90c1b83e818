package dev.autoencoders.plot;

import dev.autoencoders.io.AtomicFiles;
import java.awt.Color;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scatter plot of 2-D points coloured by an integer label (the 2-D latent codes of a test set), one series and
 * one legend entry per label, saved as PNG with XChart. Points with a non-finite coordinate are left out.
 *
 * <pre>{@code
 * ScatterPlot.save(out.resolve("latent.png"), "VAE latent space", "z1", "z2", z, labels, ClassNames.FASHION_MNIST);
 * }</pre>
 */
public final class ScatterPlot {
    static {
        Headless.ensure();
    }

    private ScatterPlot() {}

    /**
     * The PNG bytes of points {@code (N, 2)} coloured by {@code labels} (N).
     *
     * @param names legend text per label value ({@code names.get(label)}), or null to show the label number
     * @throws ShapeException if points is not (N, 2) or labels has not N entries
     */
    public static byte[] png(String title, String xLabel, String yLabel, Tensor points, int[] labels, List<String> names) {
        if (points.rank() != 2 || points.dim(1) != 2) throw new ShapeException("ScatterPlot", "points must be (N, 2)", points.shape());
        int n = points.dim(0);
        if (labels.length != n) throw new ShapeException("ScatterPlot: " + labels.length + " labels for points " + Arrays.toString(points.shape()));
        double[] p = points.data();
        // group the points by label, labels in increasing order
        TreeMap<Integer, double[][]> groups = new TreeMap<>();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(p[2 * i]) && Double.isFinite(p[2 * i + 1])) counts.merge(labels[i], 1, Integer::sum);
        }
        counts.forEach((label, count) -> groups.put(label, new double[2][count]));
        TreeMap<Integer, Integer> filled = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (!(Double.isFinite(p[2 * i]) && Double.isFinite(p[2 * i + 1]))) continue;
            int k = filled.merge(labels[i], 1, Integer::sum) - 1;
            double[][] g = groups.get(labels[i]);
            g[0][k] = p[2 * i];
            g[1][k] = p[2 * i + 1];
        }
        XYChart chart = new XYChartBuilder().width(800).height(700).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setSeriesColors(Png.TAB10);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        if (groups.isEmpty()) {
            XYSeries none = chart.addSeries("(no finite points)", new double[] {0}, new double[] {0});
            none.setMarker(SeriesMarkers.NONE);
        }
        Set<String> used = new HashSet<>();
        groups.forEach((label, g) -> {
            String name = names != null && label >= 0 && label < names.size() ? names.get(label) : String.valueOf(label);
            if (!used.add(name)) name = name + " (" + label + ")";
            XYSeries s = chart.addSeries(name, g[0], g[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return Png.encode(chart);
    }

    /** Saves the scatter plot of {@link #png} as PNG, atomically. */
    public static void save(Path file, String title, String xLabel, String yLabel, Tensor points, int[] labels, List<String> names) {
        AtomicFiles.write(file, png(title, xLabel, yLabel, points, labels, names));
    }
}

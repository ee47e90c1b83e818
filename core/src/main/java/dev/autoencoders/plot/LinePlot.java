package dev.autoencoders.plot;

import dev.autoencoders.io.AtomicFiles;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of one or more named series (loss curves: x = step or epoch, y = loss), saved as PNG with
 * XChart. Points whose x or y is not finite (a NaN loss) are left out; with a logarithmic y axis every y must
 * be > 0, otherwise the axis stays linear and the title says so.
 *
 * <pre>{@code
 * new LinePlot("ae: training loss", "step", "MSE").series("train", steps, losses).logY(true).save(out.resolve("loss.png"));
 * }</pre>
 */
public final class LinePlot {
    static {
        Headless.ensure();
    }

    /** One curve: {@code x[i], y[i]} for i < n, equal lengths. */
    private record Series(String name, double[] x, double[] y) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private int width = 800;
    private int height = 500;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Adds a curve.
     *
     * @throws IllegalArgumentException if the lengths differ or the name is already used
     */
    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
        }
        for (Series s : series) {
            if (s.name().equals(name)) throw new IllegalArgumentException("LinePlot '" + title + "': series name '" + name + "' used twice");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Adds a curve with {@code x = 1, 2, ..., n} (e.g. epochs). */
    public LinePlot series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return series(name, x, y);
    }

    /** Logarithmic y axis (for losses spanning decades). */
    public LinePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    /** Image size in pixels; default 800 x 500. */
    public LinePlot size(int widthPx, int heightPx) {
        if (widthPx < 50 || heightPx < 50) throw new IllegalArgumentException("LinePlot: size must be at least 50 x 50, got " + widthPx + " x " + heightPx);
        this.width = widthPx;
        this.height = heightPx;
        return this;
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        List<Series> finite = new ArrayList<>();
        boolean allPositive = true;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            Series f = finitePoints(s);
            if (f.x().length == 0) continue;
            for (double v : f.y()) {
                allPositive &= v > 0;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            finite.add(f);
        }
        boolean log = logY && allPositive && !finite.isEmpty();
        String t = logY && !log && !finite.isEmpty() ? title + " (linear y: some values <= 0)" : title;
        XYChart chart = new XYChartBuilder().width(width).height(height).title(t).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(log);
        // labels at 1..9 x 10^k when the values span less than two decades, else at the decades only
        chart.getStyler().setYAxisLogarithmicDecadeOnly(hi >= 100 * lo);
        chart.getStyler().setSeriesColors(Png.TAB10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendVisible(finite.size() > 1);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        if (finite.isEmpty()) {
            // XChart cannot draw an empty chart: one invisible point keeps the axes and the title
            XYSeries none = chart.addSeries("(no finite values)", new double[] {0}, new double[] {0});
            none.setMarker(SeriesMarkers.NONE);
            chart.getStyler().setLegendVisible(true);
        }
        for (Series s : finite) {
            XYSeries xs = chart.addSeries(s.name(), s.x(), s.y());
            xs.setMarker(s.x().length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return Png.encode(chart);
    }

    /** Saves the chart as PNG, atomically. */
    public void save(Path file) {
        AtomicFiles.write(file, png());
    }

    private static Series finitePoints(Series s) {
        int n = 0;
        double[] x = new double[s.x().length], y = new double[s.y().length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                x[n] = s.x()[i];
                y[n] = s.y()[i];
                n++;
            }
        }
        return new Series(s.name(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }
}

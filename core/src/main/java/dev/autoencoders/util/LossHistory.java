package dev.autoencoders.util;

import dev.autoencoders.plot.LinePlot;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss values recorded during training, in named series ("train" per step, "test" per epoch, ...), in the
 * order they were first used; turns into the {@code loss.png} line plot.
 *
 * <pre>{@code
 * history.add("train", step, loss);   ...   history.plot("ae", "step", "MSE").logY(true).save(out.resolve("loss.png"));
 * }</pre>
 */
public final class LossHistory {
    /** A growing list of points {@code (x[i], y[i])}, i < n. */
    private static final class Series {
        double[] x = new double[64];
        double[] y = new double[64];
        int n;

        void add(double xi, double yi) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                y = Arrays.copyOf(y, 2 * n);
            }
            x[n] = xi;
            y[n] = yi;
            n++;
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

    /** Records {@code value} at {@code x} (step or epoch) in the named series, creating it on first use. */
    public LossHistory add(String name, double x, double value) {
        series.computeIfAbsent(name, k -> new Series()).add(x, value);
        return this;
    }

    /** The series names in order of first use. */
    public List<String> names() {
        return List.copyOf(series.keySet());
    }

    /** The x values (steps or epochs) of a series. */
    public double[] xs(String name) {
        Series s = get(name);
        return Arrays.copyOf(s.x, s.n);
    }

    /** The recorded values of a series. */
    public double[] values(String name) {
        Series s = get(name);
        return Arrays.copyOf(s.y, s.n);
    }

    /** The last value of a series. */
    public double last(String name) {
        Series s = get(name);
        if (s.n == 0) throw new IllegalStateException("LossHistory: series '" + name + "' is empty");
        return s.y[s.n - 1];
    }

    /** A line plot with one curve per series. */
    public LinePlot plot(String title, String xLabel, String yLabel) {
        LinePlot p = new LinePlot(title, xLabel, yLabel);
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Series s = e.getValue();
            p.series(e.getKey(), Arrays.copyOf(s.x, s.n), Arrays.copyOf(s.y, s.n));
        }
        return p;
    }

    private Series get(String name) {
        Series s = series.get(name);
        if (s == null) throw new IllegalArgumentException("LossHistory: no series '" + name + "'; have " + series.keySet());
        return s;
    }
}

package dev.autoencoders.examples;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one way the commands check option values. A choice is a picocli enum (a wrong word gets picocli's own
 * {@code expected one of [...]}); a number is checked in its option's setter by one of the range checks below, or,
 * when the check needs the data or another option, in {@code train} with {@link #invalid}. Every failure is a
 * {@link ParameterException}, which {@link Failures} prints as one line, exit code 2:
 * <pre>  autoencoders vae: Invalid value for option '--latent': 0 must be >= 1 (see 'autoencoders vae --help')</pre>
 */
public final class OptionChecks {
    private OptionChecks() {}

    /** {@code Invalid value for option '<option>': <value> <why>}, for the command of {@code spec}. */
    public static ParameterException invalid(CommandSpec spec, String option, Object value, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " " + why);
    }

    /** An integer {@code >= min}. */
    public static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) throw invalid(spec, option, value, "must be >= " + min);
        return value;
    }

    /** An integer in {@code [lo, hi]}. */
    public static int between(CommandSpec spec, String option, int value, int lo, int hi) {
        if (value < lo || value > hi) throw invalid(spec, option, value, "must be in [" + lo + ", " + hi + "]");
        return value;
    }

    /** A finite number {@code > 0}. */
    public static double positive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw invalid(spec, option, value, "must be a finite number > 0");
        return value;
    }

    /** A finite number {@code >= 0}. */
    public static double nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw invalid(spec, option, value, "must be a finite number >= 0");
        return value;
    }

    /** A number in {@code [0, 1]} (a probability, a fraction). */
    public static double unitInterval(CommandSpec spec, String option, double value) {
        return within(spec, option, value, 0, true, 1, true);
    }

    /**
     * A number between {@code lo} and {@code hi}, each end included or not ({@code [0, 1)}: {@code lo} included,
     * {@code hi} not); NaN never is.
     */
    public static double within(CommandSpec spec, String option, double value, double lo, boolean loIncluded, double hi, boolean hiIncluded) {
        boolean above = loIncluded ? value >= lo : value > lo, below = hiIncluded ? value <= hi : value < hi;
        if (!(above && below)) {
            throw invalid(spec, option, value, "must be in " + (loIncluded ? "[" : "(") + number(lo) + ", " + number(hi) + (hiIncluded ? "]" : ")"));
        }
        return value;
    }

    /**
     * Refuses a value whose run would need more memory than the Java heap has free, before anything of that size is
     * allocated: {@code bytes} is the command's estimate of what the option's value costs (the model trained with
     * Adam and one batch's activations, say), compared with {@link Runtime#maxMemory()} less what is in use.
     */
    public static void fitsInHeap(CommandSpec spec, String option, Object value, double bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw invalid(spec, option, value, String.format(Locale.ROOT,
                    "needs about %s for the model and one batch, more than the %s the Java heap has free (its maximum is %s; "
                            + "a larger one: AUTOENCODERS_JAVA_OPTS=-Xmx<size>)", bytes(bytes), bytes(free), bytes(rt.maxMemory())));
        }
    }

    /** A size in bytes for a message: {@code 1.5 GB}, {@code 17 TB}. */
    static String bytes(double b) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        while (b >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        return (u == 0 ? String.format(Locale.ROOT, "%.0f", b) : b >= 100 ? String.format(Locale.ROOT, "%.0f", b) : String.format(Locale.ROOT, "%.1f", b))
                + " " + units[u];
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}

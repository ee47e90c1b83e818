package dev.autoencoders.examples.ae;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The error of a bad option value, as the common options report it: exit code 2 and a line naming option and value. */
final class OptionChecks {
    private OptionChecks() {}

    /** {@code Invalid value for option '<option>': <value> <why>}. */
    static ParameterException invalid(CommandSpec spec, String option, Object value, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value + " " + why);
    }

    /** A probability-like value in [0, 1]. */
    static double unitInterval(CommandSpec spec, String option, double value) {
        if (!(value >= 0 && value <= 1)) throw invalid(spec, option, value, "must be in [0, 1]");
        return value;
    }

    /** A finite value >= 0. */
    static double nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw invalid(spec, option, value, "must be a finite number >= 0");
        return value;
    }

    /** An integer >= 1. */
    static int positive(CommandSpec spec, String option, int value) {
        if (value < 1) throw invalid(spec, option, value, "must be >= 1");
        return value;
    }
}

package dev.autoencoders.examples.ae;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --recipe post}: the hyperparameters a source post trained its model with, given to a command as the
 * default values of its options. picocli gives an option its default only when the command line does not set it,
 * after all the arguments are parsed, so an option written on the command line wins over the recipe wherever it
 * stands, and a recipe's value is converted and checked by the option's setter exactly as if it had been typed.
 */
enum Recipe {
    /** The post's own settings (each command lists them in its help). */
    post;

    /**
     * Makes {@code values} (long option name to value, as typed) the defaults of the command's options, in front of
     * the defaults it had. Called from the {@code --recipe} option's setter, that is while the arguments are parsed.
     */
    static void apply(CommandSpec spec, Map<String, String> values) {
        for (String name : values.keySet()) {
            if (spec.findOption(name) == null) throw new IllegalStateException("--recipe: the command has no option " + name);
        }
        IDefaultValueProvider before = spec.defaultValueProvider();
        spec.defaultValueProvider(arg -> {
            String value = arg.isOption() ? values.get(((OptionSpec) arg).longestName()) : null;
            if (value != null) return value;
            return before == null ? null : before.defaultValue(arg);
        });
    }
}

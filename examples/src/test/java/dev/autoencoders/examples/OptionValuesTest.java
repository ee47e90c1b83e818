package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One way to check an option, seen from the command line: a bad value of every option of every command exits with
 * code 2 and exactly one line, {@code autoencoders <command>: Invalid value for option '<option>': <value> ...
 * (see 'autoencoders <command> --help')}, before anything is trained or written. The values that only the data or
 * the heap can refuse (a first width that is not the image size, a latent size no heap holds) are among them.
 */
class OptionValuesTest {

    @TempDir
    static Path dir;
    static Path notAVqVae;

    @BeforeAll
    static void files() throws IOException {
        notAVqVae = Files.write(dir.resolve("not-a-vqvae.safetensors"), new byte[] {1, 2, 3});
    }

    /**
     * Every command-specific option (and the common ones, under ae) with bad values: command, option (or
     * option=value), value, and where the message shows one element of a list, that element.
     */
    static final String[][] BAD = {
        {"ae", "--tied=maybe"},
        {"deep-ae", "--pretrain", "pca"}, {"deep-ae", "--activation", "tanh"}, {"deep-ae", "--widths", "784,0,8"}, {"deep-ae", "--widths", "784"},
        {"deep-ae", "--widths", "100,10"}, {"deep-ae", "--widths", "784,2000000000,30"}, {"deep-ae", "--rbm-epochs", "-1"},
        {"deep-ae", "--rbm-batch-size", "0"}, {"deep-ae", "--rbm-lr", "0"}, {"deep-ae", "--rbm-code-lr", "Infinity"},
        {"rbm", "--hidden", "0"}, {"rbm", "--hidden", "2000000000"}, {"rbm", "--cd-k", "0"}, {"rbm", "--persistent-chains", "-1"},
        {"rbm", "--persistent-chains", "2000000000"}, {"rbm", "--gibbs-steps", "0"},
        {"dae", "--noise", "speckle"}, {"dae", "--level", "-0.1"}, {"dae", "--level", "1.5"},
        {"sparse-ae", "--hidden", "0"}, {"sparse-ae", "--hidden", "2000000000"}, {"sparse-ae", "--rho", "0"}, {"sparse-ae", "--rho", "1.5"},
        {"sparse-ae", "--beta", "-1"}, {"sparse-ae", "--weight-decay", "NaN"}, {"sparse-ae", "--crops", "0"}, {"sparse-ae", "--crops", "2000000000"},
        {"sparse-ae", "--test-crops", "0"}, {"sparse-ae", "--crop-size", "0"}, {"sparse-ae", "--crop-size", "29"},
        {"conv-ae", "--decoder", "pixelshuffle"}, {"conv-ae", "--weight-decay", "-1"},
        {"vae", "--decoder", "poisson"}, {"vae", "--sigma2", "0"}, {"vae", "--latent", "0"}, {"vae", "--latent", "2147483647"}, {"vae", "--beta", "-1"},
        {"vae", "--warmup", "-2"}, {"vae", "--free-bits", "NaN"}, {"vae", "--logvar-clamp", "-1"}, {"vae", "--iwae-k", "0"},
        {"vae", "--iwae-k", "2000000000"},
        {"cvae", "--variant", "film"}, {"cvae", "--latent", "0"}, {"cvae", "--latent", "1000000"}, {"cvae", "--classifier-epochs", "0"},
        {"vq-vae", "--codebook", "fancy"}, {"vq-vae", "--restart", "-1"}, {"vq-vae", "--beta", "-1"}, {"vq-vae", "--decay", "1"},
        {"pixelcnn", "--vqvae", "{dir}/nothing.safetensors"}, {"pixelcnn", "--vqvae", "{dir}/not-a-vqvae.safetensors"}, {"pixelcnn", "--vqvae-epochs", "-1"},
        {"pixelcnn", "--temperature", "0"}, {"pixelcnn", "--filters", "7"}, {"pixelcnn", "--filters", "0"}, {"pixelcnn", "--filters", "1000000"},
        {"vq-vae2", "--codebook", "fancy"}, {"vq-vae2", "--restart", "-1"}, {"vq-vae2", "--prior-epochs", "-2"}, {"vq-vae2", "--prior-batch-size", "0"},
        {"vq-vae2", "--filters", "3"}, {"vq-vae2", "--filters", "100000"}, {"vq-vae2", "--temperature", "-1"},
        {"tour", "--only", "ae,nope", "nope"}, {"tour", "--jobs", "0"}, {"tour", "--out", ""}, {"tour", "--quick=x"}, {"tour", "--seed", "x"},
        {"bench", "--workloads", "nope"}, {"bench", "--steps", "0"}, {"bench", "--threads", "0"}, {"bench", "--threads", "1,99999", "99999"},
        {"bench", "--warmup", "-1"}, {"bench", "--repeats", "0"}, {"bench", "--precision", "half"},
        {"deep-ae", "--recipe", "paper"}, {"sparse-ae", "--recipe", "paper"}, {"conv-ae", "--recipe", "paper"},
        {"playground", "--port", "-1"}, {"playground", "--port", "65536"}, {"playground", "--models", "{dir}/no-such-folder"},
        {"playground", "--data", ""}, {"playground", "--seed", "x"},
        // the options of every training command
        {"ae", "--data", ""}, {"ae", "--epochs", "-1"}, {"ae", "--batch-size", "0"}, {"ae", "--lr", "0"}, {"ae", "--lr", "NaN"}, {"ae", "--seed", "x"},
        {"ae", "--out", ""}, {"ae", "--out", "{dir}/not-a-vqvae.safetensors"}, {"ae", "--out", "/proc/self/no-such-folder/out"},
        {"ae", "--resume=x"}, {"ae", "--overwrite=x"}, {"ae", "--checkpoint-every", "-1"}, {"ae", "--precision", "half"},
        {"ae", "--train-limit", "0"}, {"ae", "--test-limit", "0"},
    };

    static Stream<Arguments> badValues() {
        return Stream.of(BAD).map(b -> Arguments.of(b[0], b[1], b.length > 2 ? b[2] : null, b.length > 3 ? b[3] : null));
    }

    /** The one form, with the value, on one line; exit code 2; nothing left in --out. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badValues")
    void aBadValueExitsWith2AndTheOneMessageForm(String command, String option, String value, String element) {
        String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
        String shown = element != null ? element : option.contains("=") ? option.substring(option.indexOf('=') + 1) : value.replace("{dir}", dir.toString());
        List<String> args = new ArrayList<>(List.of(command, option));
        if (value != null) args.add(value.replace("{dir}", dir.toString()));
        Path out = dir.resolve("out-" + command + name + "-" + Math.abs(String.valueOf(value).hashCode()));
        if (isTraining(command)) {
            // small data, so that the checks that need it come quickly; each only where the row does not set it
            for (String[] small : new String[][] {{"--out", out.toString()}, {"--train-limit", "64"}, {"--test-limit", "64"}}) {
                if (!name.equals(small[0])) args.addAll(List.of(small));
            }
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as("exit code of %s; stderr: %s", args, r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as("stderr of %s", args).hasSize(1);
        String form = "autoencoders " + command + ": Invalid value for option '" + name + "': .*" + Pattern.quote(shown)
                + ".* \\(see 'autoencoders " + command + " --help'\\)";
        assertThat(r.err().strip()).as("stderr of %s", args).matches(Pattern.compile(form, Pattern.DOTALL)).doesNotContain("Exception");
        assertThat(out).as("--out of %s", args).doesNotExist();
    }

    /** The table above covers every option of every command: a new option needs a bad value there. */
    @Test
    void everyOptionOfEveryCommandHasABadValueAbove() {
        Set<String> covered = new TreeSet<>();
        for (String[] b : BAD) covered.add(b[0] + " " + (b[1].contains("=") ? b[1].substring(0, b[1].indexOf('=')) : b[1]));
        Set<String> options = new LinkedHashSet<>();
        CommandLine cl = Main.commandLine(new Main(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), List.of());
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.name().equals("help")) continue;
            Set<String> common = new LinkedHashSet<>();
            spec.mixins().values().forEach(m -> m.options().forEach(o -> common.add(o.longestName())));
            for (OptionSpec o : spec.options()) {
                String n = o.longestName();
                if (n.equals("--help") || n.equals("--version") || n.equals("--debug")) continue;
                // the common options of the training commands are tried once, under ae
                options.add((common.contains(n) ? "ae" : spec.name()) + " " + n);
            }
        }
        assertThat(covered).containsAll(options);
        assertThat(options).containsAll(covered);
    }

    private static boolean isTraining(String command) {
        return Main.COMMANDS.stream().anyMatch(c -> TrainCommand.class.isAssignableFrom(c)
                && c.getAnnotation(CommandLine.Command.class).name().equals(command));
    }
}

package dev.autoencoders.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line {@code autoencoders <command> [options]} (picocli). Every command has {@code --help}; the top
 * level also {@code --version}. Bad input gives one line on standard error and exit code 2; a failed run gives
 * {@code error: <message>} and exit code 1 ({@link Failures}).
 */
@Command(name = "autoencoders", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = HelpCommand.class,
        description = "The autoencoder family, from RBM-pretrained deep autoencoders to VQ-VAE, trained on MNIST-like data.",
        footer = "%nRun 'autoencoders <command> --help' for the options of a command.")
public final class Main implements Runnable {

    /** The commands, in the order of the help. Register a new command by adding its class here. */
    static final List<Class<?>> COMMANDS = List.of(
            dev.autoencoders.examples.tour.TourCommand.class,
            dev.autoencoders.examples.ae.AeCommand.class,
            dev.autoencoders.examples.ae.DeepAeCommand.class,
            dev.autoencoders.examples.ae.RbmCommand.class,
            dev.autoencoders.examples.ae.DaeCommand.class,
            dev.autoencoders.examples.ae.SparseAeCommand.class,
            dev.autoencoders.examples.ae.ConvAeCommand.class,
            dev.autoencoders.examples.vae.VaeCommand.class,
            dev.autoencoders.examples.vae.CvaeCommand.class,
            dev.autoencoders.examples.vq.VqVaeCommand.class,
            dev.autoencoders.examples.vq.PixelCnnCommand.class,
            dev.autoencoders.examples.vq.VqVae2Command.class,
            dev.autoencoders.examples.bench.BenchCommand.class,
            dev.autoencoders.examples.playground.PlaygroundCommand.class,
            dev.autoencoders.examples.lab.LabCommand.class);

    @Spec
    private CommandSpec spec;

    private boolean debug = "1".equals(System.getenv("AUTOENCODERS_DEBUG"));

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print the stack trace of an error (also: AUTOENCODERS_DEBUG=1)")
    void setDebug(boolean on) {
        debug |= on;
    }

    boolean debug() {
        return debug;
    }

    /** Without a command: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, List.of()));
    }

    /**
     * Parses and runs {@code args}; returns the exit code. {@code extraCommands} (classes or instances of
     * {@code @Command}s) are added after {@link #COMMANDS}, e.g. by tests.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, List<Object> extraCommands) {
        Main main = new Main();
        try {
            return commandLine(main, out, err, extraCommands).execute(args);
        } catch (OutOfMemoryError e) {
            err.println(outOfMemory(Runtime.getRuntime().maxMemory(), physicalMemory()));
            return Failures.FAILURE;
        } catch (StackOverflowError e) {
            err.println("error: stack overflow; give Java a larger stack with AUTOENCODERS_JAVA_OPTS=-Xss16m");
            return Failures.FAILURE;
        } catch (RuntimeException | Error e) {
            // a failure outside a command's run (e.g. while building the command line)
            err.println("error: " + Failures.describe(e));
            if (main.debug()) e.printStackTrace(err);
            return Failures.FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The line for a run that ran out of memory: the heap it had ({@code maxHeap} bytes, Java's -Xmx) and how to
     * give it more: twice as much, as long as that is at most 90% of the machine's {@code ram} bytes (0: unknown);
     * otherwise a smaller batch or model, since more heap than memory only swaps.
     */
    static String outOfMemory(long maxHeap, long ram) {
        long gb = 1L << 30;
        long twice = Math.max(1, (2 * maxHeap + gb - 1) / gb);
        String had = String.format(java.util.Locale.ROOT, "error: out of memory: the Java heap had %.1f GiB at most", maxHeap / (double) gb);
        if (ram <= 0 || twice * gb <= 0.9 * ram) {
            return had + "; give it more with AUTOENCODERS_JAVA_OPTS=-Xmx" + twice + "g (the heap's maximum; ./autoencoders passes it to Java), "
                    + "or use a smaller --batch-size";
        }
        return had + String.format(java.util.Locale.ROOT, ", most of this machine's %.1f GiB: use a smaller --batch-size or a smaller model", ram / (double) gb);
    }

    /** The machine's memory in bytes, or 0 if the JVM does not say. */
    private static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    /** The configured command line: all commands, output streams, failure handlers, per-command defaults. */
    static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err, List<Object> extraCommands) {
        CommandLine cl = new CommandLine(main);
        List<Object> commands = new ArrayList<>(COMMANDS);
        commands.addAll(extraCommands);
        for (Object c : commands) cl.addSubcommand(c);
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.optionsMap().get("--help") == null) s.mixinStandardHelpOptions(true);
            if (sub.getCommand() instanceof TrainCommand) {
                TrainCommand t = sub.getCommand();
                sub.setDefaultValueProvider(new TrainDefaultsProvider(s.name(), t.defaults()));
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                for (Class<?> t : o.auxiliaryTypes()) if (t.isEnum()) matchByName(sub, t);
            }
        }
        Failures failures = new Failures(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(failures);
        cl.setExecutionExceptionHandler(failures);
        return cl;
    }

    /**
     * Every choice is an enum whose command-line word is its {@code toString()} ({@code salt-pepper} for the constant
     * {@code saltPepper}): only those words are accepted, and a wrong one is reported with them alone, as
     * {@code Invalid value for option '--noise': expected one of [masking, salt-pepper, salt, gaussian] but was 'x'}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void matchByName(CommandLine cl, Class<?> type) {
        Object[] constants = type.getEnumConstants();
        cl.registerConverter((Class) type, value -> {
            for (Object c : constants) if (c.toString().equals(value)) return c;
            throw new CommandLine.TypeConversionException("expected one of " + java.util.Arrays.toString(constants) + " but was '" + value + "'");
        });
    }

    /** Supplies a training command's defaults to the options of {@link TrainOptions}. */
    private static final class TrainDefaultsProvider implements CommandLine.IDefaultValueProvider {
        private final String command;
        private final TrainDefaults defaults;

        TrainDefaultsProvider(String command, TrainDefaults defaults) {
            this.command = command;
            this.defaults = defaults;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!arg.isOption()) return null;
            switch (((CommandLine.Model.OptionSpec) arg).longestName()) {
                case "--data": return defaults.data();
                case "--epochs": return String.valueOf(defaults.epochs());
                case "--batch-size": return String.valueOf(defaults.batchSize());
                case "--lr": return String.valueOf(defaults.lr());
                case "--out": return "out/" + command;
                default: return null;
            }
        }
    }

    /** {@code --version}: the project version from the jar's Maven metadata, and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"autoencoders " + projectVersion(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor") + ")"};
        }

        static String projectVersion() {
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/dev.autoencoders/examples/pom.properties")) {
                if (in == null) return "(development build)";
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "(unknown version)");
            } catch (IOException e) {
                return "(unknown version)";
            }
        }
    }
}

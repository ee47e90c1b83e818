package dev.autoencoders.examples;

import dev.autoencoders.data.DataNotFoundException;
import dev.autoencoders.io.MalformedFileException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports failures: one line on standard error, never a stack trace (unless debugging), and
 * an exit code.
 *
 * <ul>
 *   <li>{@link #USAGE} (2): an unknown command or option, a bad option value, a missing data folder or files
 *       ({@link DataNotFoundException}), a malformed data file ({@link MalformedFileException}), a request that
 *       cannot be carried out as given ({@link UsageException});</li>
 *   <li>{@link #FAILURE} (1): any other exception of a command, as {@code error: <message>}.</li>
 * </ul>
 * With {@code --debug} or the environment variable {@code AUTOENCODERS_DEBUG=1} the stack trace follows the line.
 */
final class Failures implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    /** Exit code of a run that failed. */
    static final int FAILURE = 1;
    /** Exit code of bad input: command line, data folder or data file. */
    static final int USAGE = 2;

    private final Main main;

    Failures(Main main) {
        this.main = main;
    }

    /**
     * Bad command line: {@code <command>: <what> (see '<command> --help')}, e.g.
     * {@code autoencoders vae: Invalid value for option '--latent': 0 must be >= 1 (see 'autoencoders vae --help')}.
     */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        // picocli names an option of several values with its label ("'--threads' (T): ..."): one form for all options
        String what = oneLine(ex.getMessage()).replaceFirst("^(Invalid value for option '[^']+') \\([^)]*\\):", "$1:");
        StringBuilder line = new StringBuilder(name).append(": ").append(what);
        if (ex instanceof UnmatchedArgumentException && isUnknownCommand((UnmatchedArgumentException) ex)) {
            String word = ((UnmatchedArgumentException) ex).getUnmatched().get(0);
            line = new StringBuilder(name).append(": unknown command '").append(word).append('\'');
        }
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) line.append("; did you mean ").append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))).append('?');
        }
        line.append(" (see '").append(name).append(" --help')");
        err.println(line);
        if (main.debug()) ex.printStackTrace(err);
        err.flush();
        return USAGE;
    }

    /** A word where a command is expected: at the top level, which takes no positional arguments. */
    private static boolean isUnknownCommand(UnmatchedArgumentException ex) {
        List<String> unmatched = ex.getUnmatched();
        CommandLine cl = ex.getCommandLine();
        return cl.getCommandSpec().parent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-");
    }

    /** A command failed: {@code error: <message>}. */
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        if (ex instanceof ParameterException) return handleParseException((ParameterException) ex, parseResult.originalArgs().toArray(new String[0]));
        String hint = ex.getMessage() == null || ex.getMessage().isBlank() ? " (an internal error; run with --debug for the stack trace)" : "";
        err.println("error: " + describe(ex) + hint);
        if (main.debug()) ex.printStackTrace(err);
        err.flush();
        return ex instanceof DataNotFoundException || ex instanceof MalformedFileException || ex instanceof UsageException ? USAGE : FAILURE;
    }

    /** The message of a throwable, or its type when it has none, on one line. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return oneLine(m);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

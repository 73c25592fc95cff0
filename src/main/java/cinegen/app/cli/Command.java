package cinegen.app.cli;

import java.io.PrintStream;

/** A command-line tool: {@code cinegen COMMAND args...}. Runs without a display. */
public interface Command {
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Full usage text for {@code cinegen COMMAND --help}. */
    String usage();

    /** Options that take no value ({@code --json}). */
    default java.util.Set<String> switches() { return java.util.Set.of(); }

    /**
     * Runs the command. Returns the exit code (0 on success). Throws {@link UsageException} for bad input,
     * which the caller reports as one line with exit code 2.
     */
    int run(Args args, PrintStream out, PrintStream err) throws Exception;
}

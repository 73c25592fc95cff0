package cinegen.app.cli;

import java.io.PrintStream;
import java.util.Set;

/** A command-line tool: {@code cinegen COMMAND args...}. Runs without a display. */
public interface Command {
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Full usage text for {@code cinegen COMMAND --help}. */
    String usage();

    /** Option names (without dashes) that are switches and take no value, e.g. {@code quick} for {@code --quick}. */
    default Set<String> switches() { return Set.of(); }

    /**
     * Runs the command. Returns the exit code (0 on success). Throws {@link UsageException} for bad input,
     * which the caller reports as one line with exit code 2.
     */
    int run(Args args, PrintStream out, PrintStream err) throws Exception;
}

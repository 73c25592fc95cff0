package cinegen.app;

import cinegen.app.cli.Args;
import cinegen.app.cli.Command;
import cinegen.app.cli.UsageException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one entry point. With no arguments it opens the studio; with a command it runs that command without
 * opening a window. Exit codes: 0 success, 2 bad input or usage, 1 internal failure.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Main() {}

    public static void main(String[] argv) {
        ProcessSettings.configure();
        // No arguments, or a project opened from the desktop (file association): the studio.
        if (argv.length == 0 || (argv.length == 1 && ProjectArgument.isProject(argv[0]))) {
            cinegen.ui.StudioLauncher.launch(argv);
            return;
        }
        int code = run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command line (without the program name) and returns the exit code. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        Map<String, Command> commands = Commands.all();
        String first = argv.isEmpty() ? "--help" : argv.get(0);
        switch (first) {
            case "--version", "-V", "version" -> {
                out.println("Cinegen Studio " + Version.get());
                return OK;
            }
            case "--help", "-h", "help" -> {
                out.print(help(commands));
                return OK;
            }
            default -> { }
        }
        Command command = commands.get(first);
        if (command == null && CommandRegistry.DEVELOPMENT_TOOLS.contains(first)) {
            err.println("cinegen: '" + first + "' is a development tool of the bundled model; it is in a source build"
                    + " (target/cinegen-tools.jar), not in the installed app");
            return USAGE;
        }
        if (command == null) {
            err.println("cinegen: unknown command '" + first + "' (try --help)");
            return USAGE;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return OK;
        }
        try {
            return command.run(Args.parse(rest, command.switches()), out, err);
        } catch (UsageException e) {
            err.println("cinegen " + command.name() + ": " + e.getMessage());
            return USAGE;
        } catch (Exception | Error e) {
            err.println("cinegen " + command.name() + ": internal error: " + describe(e));
            if (Boolean.getBoolean("cinegen.debug")) e.printStackTrace(err);
            return FAILURE;
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    static String help(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("Cinegen Studio ").append(Version.get()).append(" - local AI video studio\n\n");
        sb.append("Usage:\n");
        sb.append("  cinegen                 open the studio\n");
        sb.append("  cinegen COMMAND [options]   run a command-line tool (no window)\n\n");
        sb.append("Commands:\n");
        sb.append(String.format("  %-12s %s%n", "--version", "print the version"));
        sb.append(String.format("  %-12s %s%n", "--help", "print this help"));
        for (Command c : commands.values()) sb.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        sb.append("\nRun 'cinegen COMMAND --help' for a command's options.\n");
        return sb.toString();
    }

    /** Registry of command-line tools, in the order --help lists them. */
    static final class Commands {
        static Map<String, Command> all() {
            Map<String, Command> m = new LinkedHashMap<>();
            for (Command c : CommandRegistry.commands()) m.put(c.name(), c);
            return m;
        }
    }
}

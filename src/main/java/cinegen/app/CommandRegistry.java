package cinegen.app;

import cinegen.app.cli.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every command-line tool the studio has. The product's own are listed here; the development tools of the bundled
 * model (train, eval) live in {@code src/tools} and are found through {@link ServiceLoader} when their jar
 * ({@code cinegen-tools.jar}, beside the product jar in a build) is on the class path. The installers leave it out.
 */
final class CommandRegistry {
    /** Tools that exist in a development build only, so an installed app can say so instead of "unknown command". */
    static final Set<String> DEVELOPMENT_TOOLS = Set.of("train", "eval");

    private CommandRegistry() {}

    static List<Command> commands() {
        List<Command> all = new ArrayList<>(List.of(new cinegen.app.commands.GenerateCommand(), new cinegen.app.commands.ExportCommand(),
                new cinegen.app.commands.BenchCommand(), new cinegen.app.commands.TrainStyleCommand(),
                new cinegen.app.commands.ModelsCommand(), new cinegen.app.commands.MakeRandomModelCommand(),
                new cinegen.app.commands.PresetThumbnailCommand()));
        for (Command c : ServiceLoader.load(Command.class, CommandRegistry.class.getClassLoader())) all.add(c);
        return all;
    }
}

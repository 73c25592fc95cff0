package cinegen.app;

import cinegen.app.cli.Command;

import java.util.List;

/** Every command-line tool the studio has. Each issue that adds a command registers it here. */
final class CommandRegistry {
    private CommandRegistry() {}

    static List<Command> commands() {
        return List.of(new cinegen.app.commands.GenerateCommand(), new cinegen.app.commands.ExportCommand(),
                new cinegen.app.commands.BenchCommand(), new cinegen.app.commands.EvalCommand(),
                new cinegen.app.commands.TrainCommand(), new cinegen.app.commands.TrainStyleCommand(),
                new cinegen.app.commands.ModelsCommand(), new cinegen.app.commands.MakeRandomModelCommand());
    }
}

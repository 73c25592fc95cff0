package cinegen.app;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Recognizes a project given on the command line, as the desktop passes it when a user opens a project file
 * (the installers associate {@code .cgproj.json}): the document itself or its folder. Such a start opens the
 * studio instead of being read as a command.
 */
final class ProjectArgument {
    static final String DOCUMENT = cinegen.project.io.ProjectStore.PROJECT_FILE;
    static final String EXTENSION = ".cgproj.json";

    private ProjectArgument() {}

    static boolean isProject(String arg) {
        if (arg == null || arg.isBlank() || arg.startsWith("-")) return false;
        try {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) return Files.isRegularFile(p.resolve(DOCUMENT));
            return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(EXTENSION);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}

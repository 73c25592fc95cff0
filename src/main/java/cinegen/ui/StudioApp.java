package cinegen.ui;

import cinegen.app.settings.ConfigDirectory;
import cinegen.ui.main.StudioWindow;
import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The studio application: opens the main window with the user's settings, and the project given on the command
 * line (a project folder or its project file, as the desktop passes it when a project file is opened).
 */
public class StudioApp extends Application {
    @Override
    public void start(Stage stage) {
        StudioWindow window = StudioWindow.open(stage, ConfigDirectory.current());
        List<String> raw = getParameters().getRaw();
        if (raw.size() == 1) {
            Path p = Path.of(raw.get(0)).toAbsolutePath();
            Path folder = Files.isRegularFile(p) ? p.getParent() : p;
            window.viewModel().openProject(folder, problem -> {
                if (problem != null) window.viewModel().status().showMessage("The project could not be opened: " + problem);
            });
        }
    }
}

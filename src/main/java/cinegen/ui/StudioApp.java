package cinegen.ui;

import cinegen.app.settings.ConfigDirectory;
import cinegen.ui.main.StudioWindow;
import javafx.application.Application;
import javafx.stage.Stage;

/** The studio application: opens the main window with the user's settings. */
public class StudioApp extends Application {
    @Override
    public void start(Stage stage) {
        StudioWindow.open(stage, ConfigDirectory.current());
    }
}

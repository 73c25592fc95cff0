package cinegen.ui;

import javafx.application.Application;

/**
 * Starts the JavaFX application. A separate class from {@link StudioApp} so that the studio runs from the
 * class path (JavaFX refuses a main class that extends Application when it is not loaded as a module).
 */
public final class StudioLauncher {
    private StudioLauncher() {}

    public static void launch(String[] args) {
        Application.launch(StudioApp.class, args);
    }
}

package cinegen.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The studio application. */
public class StudioApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Cinegen Studio");
        stage.setScene(new Scene(new Label("Cinegen Studio"), 1280, 800));
        stage.show();
    }
}

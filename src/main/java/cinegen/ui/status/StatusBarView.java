package cinegen.ui.status;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

/** The window's bottom line: message on the left, progress while busy, device and model on the right. */
public final class StatusBarView extends HBox {
    public StatusBarView(StatusViewModel vm) {
        setId("statusBar");
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);

        Label message = new Label();
        message.setId("statusMessage");
        message.textProperty().bind(vm.messageProperty());
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.SOMETIMES);

        ProgressBar progress = new ProgressBar();
        progress.setId("statusProgress");
        progress.setPrefWidth(180);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        progress.managedProperty().bind(vm.busyProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label device = new Label(null, new FontIcon("fth-cpu"));
        device.setId("deviceInfo");
        device.textProperty().bind(vm.deviceInfoProperty());
        device.setMinWidth(Region.USE_PREF_SIZE);

        getChildren().addAll(message, progress, spacer, new Separator(Orientation.VERTICAL), device);
    }
}

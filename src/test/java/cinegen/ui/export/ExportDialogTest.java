package cinegen.ui.export;

import atlantafx.base.theme.PrimerDark;
import cinegen.media.ExportOptions;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export dialog as the studio shows it: every label clear of the dialog's edges. */
@ExtendWith(ApplicationExtension.class)
class ExportDialogTest {
    /** The smallest gap, in pixels, between a label and the dialog's left or right edge. */
    static final double MIN_INSET = 12;

    private ExportDialog dialog;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
    }

    @AfterEach
    void close(FxRobot robot) {
        if (dialog != null) robot.interact(dialog::close);
    }

    private void show(FxRobot robot, String file) {
        robot.interact(() -> {
            dialog = new ExportDialog(new ExportSettingsViewModel(Path.of(file), 720, 528, 48, 24, ExportOptions.defaults()), file);
            dialog.getDialogPane().getStylesheets().add(Objects.requireNonNull(
                    ExportDialog.class.getResource("/cinegen/ui/studio.css")).toExternalForm());
            dialog.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void assertLabelsInset(FxRobot robot) {
        DialogPane pane = dialog.getDialogPane();
        Bounds edge = pane.localToScreen(pane.getLayoutBounds());
        List<Label> labels = robot.from(pane.getContent()).lookup(".label").queryAllAs(Label.class).stream()
                .filter(Node::isVisible).filter(l -> l.getText() != null && !l.getText().isBlank()).toList();
        assertFalse(labels.isEmpty(), "the dialog shows labels");
        for (Label l : labels) {
            Bounds b = l.localToScreen(l.getLayoutBounds());
            assertTrue(b.getMinX() - edge.getMinX() >= MIN_INSET,
                    "'" + l.getText() + "' starts " + (b.getMinX() - edge.getMinX()) + " px from the dialog's left edge");
            assertTrue(edge.getMaxX() - b.getMaxX() >= MIN_INSET,
                    "'" + l.getText() + "' ends " + (edge.getMaxX() - b.getMaxX()) + " px from the dialog's right edge");
        }
    }

    @Test
    void mp4DialogLabelsKeepClearOfTheEdges(FxRobot robot) {
        show(robot, "clip.mp4");
        assertLabelsInset(robot);
    }

    @Test
    void gifDialogLabelsKeepClearOfTheEdges(FxRobot robot) {
        show(robot, "clip.gif");
        assertLabelsInset(robot);
    }
}

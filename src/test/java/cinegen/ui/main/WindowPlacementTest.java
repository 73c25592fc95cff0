package cinegen.ui.main;

import cinegen.app.settings.UserSettings;
import cinegen.app.settings.WindowState;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window remembers its size, position and maximized state across a close and a reopen. */
@ExtendWith(ApplicationExtension.class)
class WindowPlacementTest {
    @TempDir Path settingsDir;

    @Start
    void start(Stage stage) {
        // Windows come and go in these tests; the toolkit must outlive the last one.
        Platform.setImplicitExit(false);
    }

    private StudioWindow open(FxRobot robot) {
        AtomicReference<StudioWindow> w = new AtomicReference<>();
        robot.interact(() -> w.set(StudioWindow.open(new Stage(), settingsDir, StudioWindow.ModelChoice.in(settingsDir.resolve("no-pack")))));
        return w.get();
    }

    private static void close(FxRobot robot, StudioWindow w) {
        robot.interact(() -> w.stage().close());
    }

    @Test
    void sizeAndPositionSurviveCloseAndReopen(FxRobot robot) throws Exception {
        StudioWindow first = open(robot);
        robot.interact(() -> {
            first.stage().setX(40);
            first.stage().setY(30);
            first.stage().setWidth(1010);
            first.stage().setHeight(690);
        });
        close(robot, first);
        assertTrue(Files.isRegularFile(settingsDir.resolve(UserSettings.FILE_NAME)));

        StudioWindow second = open(robot);
        Stage s = second.stage();
        assertTrue(s.isShowing());
        assertEquals(40, s.getX());
        assertEquals(30, s.getY());
        assertEquals(1010, s.getWidth());
        assertEquals(690, s.getHeight());
        assertFalse(s.isMaximized());
        close(robot, second);
    }

    @Test
    void maximizedStateSurvivesAndKeepsTheNormalBounds(FxRobot robot) throws Exception {
        StudioWindow first = open(robot);
        robot.interact(() -> {
            first.stage().setX(60);
            first.stage().setY(50);
            first.stage().setWidth(1000);
            first.stage().setHeight(650);
        });
        robot.interact(() -> first.stage().setMaximized(true));
        close(robot, first);
        assertEquals(new WindowState(60, 50, 1000, 650, true), UserSettings.load(settingsDir).window().orElseThrow());

        StudioWindow second = open(robot);
        assertTrue(second.stage().isMaximized());
        close(robot, second);
    }

    @Test
    void boundsOnAScreenThatIsGoneAreNotRestored(FxRobot robot) throws Exception {
        UserSettings saved = UserSettings.defaults(settingsDir);
        saved.setWindow(new WindowState(9000, 7000, 1000, 700, false));
        saved.save();

        StudioWindow w = open(robot);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Stage s = w.stage();
        assertTrue(screen.contains(s.getX(), s.getY()), "window placed on the screen: " + s.getX() + "," + s.getY());
        assertTrue(s.getX() + s.getWidth() <= screen.getMaxX() && s.getY() + s.getHeight() <= screen.getMaxY());
        close(robot, w);
    }

    @Test
    void aDamagedSettingsFileIsReportedAndTheWindowStillOpens(FxRobot robot) throws Exception {
        Files.writeString(settingsDir.resolve(UserSettings.FILE_NAME), "{ not json");
        StudioWindow w = open(robot);
        assertTrue(w.stage().isShowing());
        String message = robot.lookup("#statusMessage").queryAs(Label.class).getText();
        assertTrue(message.contains("is not valid settings JSON") && message.endsWith("Starting with default settings."), message);
        close(robot, w);
        assertTrue(UserSettings.load(settingsDir).window().isPresent(), "closing wrote a good file again");
    }

    @Test
    void quitFromTheFileMenuClosesTheWindowAndSavesItsPlace(FxRobot robot) throws Exception {
        StudioWindow w = open(robot);
        robot.interact(() -> {
            w.stage().setX(70);
            w.stage().setY(20);
        });
        cinegen.ui.UiActions.chooseMenu(robot, "File", "Quit");
        assertFalse(w.stage().isShowing());
        WindowState saved = UserSettings.load(settingsDir).window().orElseThrow();
        assertEquals(70, saved.x());
        assertEquals(20, saved.y());
    }
}

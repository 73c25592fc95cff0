package cinegen.ui.inspector;

import atlantafx.base.theme.Styles;
import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;

import static cinegen.ui.UiActions.scrollIntoView;
import static cinegen.ui.UiAssertions.assertShown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typing keyframes into the prompt shows the prompt-travel line under it, in red while something is wrong. */
@ExtendWith(ApplicationExtension.class)
class PromptTravelLineTest {
    @TempDir static Path settingsDir;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        StudioWindow.open(stage, settingsDir, StudioWindow.ModelChoice.in(settingsDir.resolve("no-pack")));
    }

    @Test
    void theLineUnderThePromptFollowsWhatIsTyped(FxRobot robot) {
        TextArea prompt = robot.lookup("#promptArea").queryAs(TextArea.class);
        Label line = robot.lookup("#promptTravel").queryAs(Label.class);
        scrollIntoView(robot, prompt);
        robot.clickOn(prompt).write("a cat, sunset, 16:9");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(line.isVisible(), "no line for a plain prompt");

        robot.interact(prompt::clear);
        robot.clickOn(prompt).write("0: closed eyes, 12: open eyes");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Prompt travel: 2 keyframes (0, 12)", line.getText());
        assertShown(line, 60, 8);
        assertTrue(line.getStyleClass().contains(Styles.TEXT_MUTED));
        assertFalse(line.getStyleClass().contains(Styles.DANGER));

        robot.write(", 16: smiling"); // the clip has 16 frames (0 to 15)
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(line.getText().startsWith("Prompt travel: the prompt keyframe at frame 16 is past the end of the 16-frame clip"),
                line.getText());
        assertShown(line, 60, 8);
        assertTrue(line.getStyleClass().contains(Styles.DANGER), "in red while something is wrong");
    }
}

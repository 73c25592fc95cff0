package cinegen.ui.main;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.MenuBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static cinegen.ui.UiActions.scrollIntoView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyboard: Tab leaves the prompt fields, the focused control always shows it, Alt+F opens the File menu. */
@ExtendWith(ApplicationExtension.class)
class KeyboardFocusTest {
    @TempDir static Path settingsDir;
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settingsDir, StudioWindow.ModelChoice.in(settingsDir.resolve("no-pack")));
    }

    private Node focusOwner() { return window.stage().getScene().getFocusOwner(); }

    @Test
    void tabAndShiftTabMoveOutOfThePromptFieldsAndCtrlTabTypesATab(FxRobot robot) {
        TextArea prompt = robot.lookup("#promptArea").queryAs(TextArea.class);
        TextArea negative = robot.lookup("#negativePromptArea").queryAs(TextArea.class);
        scrollIntoView(robot, prompt);
        robot.clickOn(prompt).write("a red kite");
        robot.push(KeyCode.TAB);
        assertEquals("a red kite", prompt.getText(), "Tab typed nothing");
        assertSame(negative, focusOwner(), "Tab moves on to the negative prompt");
        robot.write("blur");
        robot.push(KeyCode.TAB);
        assertEquals("blur", negative.getText());
        assertNotSame(negative, focusOwner(), "and on out of it");
        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        assertSame(negative, focusOwner(), "Shift+Tab comes back");
        robot.push(KeyCode.SHIFT, KeyCode.TAB);
        assertSame(prompt, focusOwner(), "and back to the prompt");
        robot.push(KeyCode.END);
        robot.push(KeyCode.CONTROL, KeyCode.TAB);
        assertEquals("a red kite\t", prompt.getText(), "Ctrl+Tab types a tab");
        assertSame(prompt, focusOwner());
    }

    @Test
    void everyControlThatTakesTheFocusShowsARing(FxRobot robot) {
        TextArea prompt = robot.lookup("#promptArea").queryAs(TextArea.class);
        assertNull(prompt.getEffect(), "no ring without focus");
        List<Node> focusable = new ArrayList<>();
        collect(window.stage().getScene().getRoot(), focusable);
        assertTrue(focusable.size() > 15, "the window has many controls: " + focusable.size());
        List<String> withoutRing = new ArrayList<>();
        int focused = 0;
        for (Node n : focusable) {
            Object borderBefore = n instanceof Region r ? r.getBorder() : null;
            robot.interact(n::requestFocus);
            WaitForAsyncUtils.waitForFxEvents();
            if (focusOwner() != n) continue; // some controls hand the focus on (a spinner to its field)
            focused++;
            boolean border = n instanceof Region r && r.getBorder() != null && !r.getBorder().isEmpty()
                    && !r.getBorder().equals(borderBefore);
            if (n.getEffect() == null && !border) withoutRing.add(describe(n));
        }
        assertTrue(focused > 15, "focused " + focused + " controls");
        assertEquals(List.of(), withoutRing, "focused controls without a visible focus ring");
        robot.interact(prompt::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(prompt.getEffect() != null, "the prompt shows its ring when focused");
    }

    /** Showing, enabled nodes that take the focus from the keyboard (a ring: an effect, or a border that comes with focus). */
    private static void collect(Node n, List<Node> out) {
        if (!n.isVisible() || n.isDisabled()) return;
        if (n.isFocusTraversable()) out.add(n);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }

    private static String describe(Node n) {
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + " " + n.getStyleClass();
    }

    @Test
    void altFOpensTheFileMenu(FxRobot robot) {
        robot.clickOn("#promptArea");
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertFalse(bar.getMenus().get(0).isShowing());
        robot.press(KeyCode.ALT).press(KeyCode.F).release(KeyCode.F).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents(5);
        assertTrue(bar.getMenus().get(0).isShowing(), "Alt+F opens File");
        assertEquals("", ((TextArea) robot.lookup("#promptArea").query()).getText(), "and types nothing");
        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(bar.getMenus().get(0).isShowing());
    }
}

package cinegen.ui;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What a person does before clicking: find the right menu, scroll a field into view. */
public final class UiActions {
    private UiActions() {}

    /** The button of the menu bar's menu titled {@code title} (not another node with the same text). */
    public static Node menuBarButton(FxRobot robot, String title) {
        return robot.from(robot.lookup("#menuBar").queryAll())
                .lookup((Node n) -> n instanceof MenuButton b && title.equals(b.getText().replace("_", ""))).query();
    }

    /** An entry of an open menu or submenu, by its text. */
    public static Node openMenuEntry(FxRobot robot, String text) {
        return robot.lookup(".context-menu .label").match((Node n) -> text.equals(((Label) n).getText())).query();
    }

    /** Clicks a menu bar menu, then each entry of the path in turn (submenus included). */
    public static void chooseMenu(FxRobot robot, String menu, String... path) {
        robot.clickOn(menuBarButton(robot, menu));
        WaitForAsyncUtils.waitForFxEvents(5); // a popup is placed over a few pulses
        for (int i = 0; i < path.length; i++) {
            Node target = openMenuEntry(robot, path[i]);
            if (i > 0) {
                // Into a submenu: sideways first, as a hand does, so the pointer crosses no other entry.
                Bounds b = target.localToScreen(target.getBoundsInLocal());
                Point2D at = robot.robotContext().getBaseRobot().retrieveMouse();
                if (b.getMinX() > at.getX()) robot.moveTo(new Point2D(b.getMinX() + 6, at.getY()));
            }
            robot.clickOn(target);
            WaitForAsyncUtils.waitForFxEvents(5);
        }
    }

    /** Scrolls the nearest enclosing scroll pane so that {@code node} is fully in view, as with the scroll bar. */
    public static void scrollIntoView(FxRobot robot, Node node) {
        robot.interact(() -> {
            ScrollPane pane = null;
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane sp) {
                    pane = sp;
                    break;
                }
            }
            if (pane == null) return;
            Node content = pane.getContent();
            Bounds inContent = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double viewport = pane.getViewportBounds().getHeight();
            double extra = content.getBoundsInLocal().getHeight() - viewport;
            if (extra <= 0) return;
            double top = Math.max(0, Math.min(extra, inContent.getMinY() - 12));
            pane.setVvalue(pane.getVmin() + (pane.getVmax() - pane.getVmin()) * top / extra);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}

package cinegen.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions about what a person sees in a window. */
public final class UiAssertions {
    private UiAssertions() {}

    /**
     * The node is in a showing window, it and all its parents are visible, and at least {@code minWidth x minHeight}
     * of it lies inside the window's scene (not scrolled or pushed off the edge).
     */
    public static void assertShown(Node node, double minWidth, double minHeight) {
        assertNotNull(node, "node");
        Scene scene = node.getScene();
        assertNotNull(scene, node.getId() + " is not in a scene");
        assertTrue(scene.getWindow() != null && scene.getWindow().isShowing(), node.getId() + ": window not showing");
        for (Node n = node; n != null; n = n.getParent()) {
            assertTrue(n.isVisible(), describe(node) + " is hidden by " + describe(n));
            if (n instanceof Parent p && p.getOpacity() == 0) throw new AssertionError(describe(n) + " is transparent");
        }
        Bounds b = node.localToScene(node.getBoundsInLocal());
        double w = Math.min(b.getMaxX(), scene.getWidth()) - Math.max(b.getMinX(), 0);
        double h = Math.min(b.getMaxY(), scene.getHeight()) - Math.max(b.getMinY(), 0);
        assertTrue(w >= minWidth && h >= minHeight,
                describe(node) + " shows only " + Math.max(0, w) + "x" + Math.max(0, h) + " px of " + b);
    }

    /** Scene bounds of two nodes do not overlap by more than a pixel in either direction. */
    public static void assertApart(Node a, Node b) {
        Bounds x = a.localToScene(a.getBoundsInLocal()), y = b.localToScene(b.getBoundsInLocal());
        double w = Math.min(x.getMaxX(), y.getMaxX()) - Math.max(x.getMinX(), y.getMinX());
        double h = Math.min(x.getMaxY(), y.getMaxY()) - Math.max(x.getMinY(), y.getMinY());
        assertTrue(w <= 1 || h <= 1, describe(a) + " overlaps " + describe(b) + ": " + x + " / " + y);
    }

    private static String describe(Node n) {
        return n.getId() != null ? "#" + n.getId() : n.getClass().getSimpleName();
    }
}

package cinegen.ui.common;

import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Keyboard focus habits the studio's text areas share with every other field: Tab and Shift+Tab move the focus
 * (JavaFX's text area types a tab instead, trapping keyboard users in the prompt), Ctrl+Tab types a tab.
 */
public final class FocusKeys {
    private FocusKeys() {}

    /** Makes Tab / Shift+Tab leave {@code area} and Ctrl+Tab type a tab character into it. */
    public static void tabMovesFocus(TextArea area) {
        boolean[] forwarding = new boolean[1];
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (forwarding[0] || e.getCode() != KeyCode.TAB || e.isAltDown() || e.isMetaDown()) return;
            e.consume();
            if (e.isControlDown()) {
                if (area.isEditable()) area.replaceSelection("\t");
                return;
            }
            // The text area's own key map moves the focus on Ctrl+Tab and Ctrl+Shift+Tab: hand the key on as that.
            forwarding[0] = true;
            try {
                area.fireEvent(new KeyEvent(area, area, KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB,
                        e.isShiftDown(), true, false, false));
            } finally {
                forwarding[0] = false;
            }
        });
    }
}

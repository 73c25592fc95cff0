package cinegen.app.settings;

import java.util.List;
import java.util.Optional;

/**
 * Where the main window was: its normal (not maximized) bounds in screen coordinates and whether it was maximized.
 */
public record WindowState(double x, double y, double width, double height, boolean maximized) {
    /** Smallest window the studio restores; anything smaller is treated as damaged settings. */
    public static final double MIN_WIDTH = 320;
    public static final double MIN_HEIGHT = 240;
    /** How much of the window's top strip (where a title bar is) must lie on a screen for it to be reachable. */
    static final double GRAB_WIDTH = 80;
    static final double GRAB_HEIGHT = 24;

    public WindowState {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("window position must be a finite number");
        }
        if (!(width >= MIN_WIDTH) || !(height >= MIN_HEIGHT) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("window size must be at least " + (int) MIN_WIDTH + "x"
                    + (int) MIN_HEIGHT + ", got " + width + "x" + height);
        }
    }

    /** A rectangle in screen coordinates, such as the usable area of one monitor. */
    public record Area(double x, double y, double width, double height) {
        double maxX() { return x + width; }
        double maxY() { return y + height; }
    }

    /**
     * These bounds made ready to restore on the given screens: empty when no screen shows enough of the window's
     * top strip to grab it (the monitor it was on is gone), otherwise the bounds shrunk to fit the screen holding
     * that strip and moved inside it if they stick out.
     */
    public Optional<WindowState> placedOn(List<Area> screens) {
        Area best = null;
        double bestOverlap = 0;
        for (Area s : screens) {
            double w = Math.min(x + width, s.maxX()) - Math.max(x, s.x());
            double h = Math.min(y + GRAB_HEIGHT, s.maxY()) - Math.max(y, s.y());
            if (w >= Math.min(GRAB_WIDTH, width) && h >= GRAB_HEIGHT && w * h > bestOverlap) {
                best = s;
                bestOverlap = w * h;
            }
        }
        if (best == null) return Optional.empty();
        double w = Math.min(width, best.width()), h = Math.min(height, best.height());
        double nx = Math.max(best.x(), Math.min(x, best.maxX() - w));
        double ny = Math.max(best.y(), Math.min(y, best.maxY() - h));
        return Optional.of(new WindowState(nx, ny, Math.max(w, MIN_WIDTH), Math.max(h, MIN_HEIGHT), maximized));
    }
}

package cinegen.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the ruler's tick marks go for a zoom level: labelled major ticks at a "round" interval at least
 * {@value #MIN_MAJOR_SPACING_PX} px apart, and unlabelled minor ticks between them when there is room.
 */
public final class RulerTicks {
    static final double MIN_MAJOR_SPACING_PX = 64;
    static final double MIN_MINOR_SPACING_PX = 6;
    private static final double[] INTERVALS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600};
    private static final int[] SUBDIVISIONS = {2, 4, 5, 4, 4, 5, 5, 3, 3, 4, 4, 5, 5, 4, 3, 4};

    private RulerTicks() {}

    /** One tick: its time, whether it is a labelled major tick, and its label (empty for minor ticks). */
    public record Tick(double seconds, boolean major, String label) {}

    /** Seconds between major ticks at {@code pixelsPerSecond}. */
    public static double majorInterval(double pixelsPerSecond) {
        for (double i : INTERVALS) if (i * pixelsPerSecond >= MIN_MAJOR_SPACING_PX) return i;
        return INTERVALS[INTERVALS.length - 1];
    }

    /** The ticks covering [fromSeconds, toSeconds]. */
    public static List<Tick> between(double fromSeconds, double toSeconds, double pixelsPerSecond) {
        if (!(pixelsPerSecond > 0)) throw new IllegalArgumentException("zoom must be positive: " + pixelsPerSecond);
        double major = majorInterval(pixelsPerSecond);
        int idx = 0;
        while (INTERVALS[idx] != major) idx++;
        int subdivisions = SUBDIVISIONS[idx];
        if (major / subdivisions * pixelsPerSecond < MIN_MINOR_SPACING_PX) subdivisions = 1;
        double step = major / subdivisions;
        long first = (long) Math.floor(Math.max(0, fromSeconds) / step);
        long last = (long) Math.ceil(toSeconds / step);
        List<Tick> ticks = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            double t = k * step;
            boolean isMajor = k % subdivisions == 0;
            ticks.add(new Tick(t, isMajor, isMajor ? label(t, major) : ""));
        }
        return ticks;
    }

    /** "0:05", "1:30", "0:00.5" (tenths when ticks are less than a second apart), "1:02:00" past an hour. */
    public static String label(double seconds, double interval) {
        boolean tenths = interval < 1;
        long tenthsTotal = Math.round(seconds * 10);
        long whole = tenthsTotal / 10;
        long h = whole / 3600, m = (whole / 60) % 60, s = whole % 60;
        String base = h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
        return tenths ? base + "." + (tenthsTotal % 10) : base;
    }
}

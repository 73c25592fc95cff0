package cinegen.app.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar with ETA for the terminal (stderr), redrawn at most a few times a second. */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private long lastDraw;

    public ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    public void update(double fraction, double elapsedSeconds, String detail, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 200_000_000L && fraction < 1) return;
        lastDraw = now;
        double eta = fraction > 0 ? elapsedSeconds / fraction - elapsedSeconds : 0;
        int width = 30, filled = (int) Math.round(Math.min(1, fraction) * width);
        out.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s  %s elapsed, ETA %s   ", label, "#".repeat(filled),
                ".".repeat(width - filled), fraction * 100, detail, clock(elapsedSeconds), clock(eta));
        out.flush();
    }

    public void finish() {
        out.println();
        out.flush();
    }

    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

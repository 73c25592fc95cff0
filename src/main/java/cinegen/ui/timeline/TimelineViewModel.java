package cinegen.ui.timeline;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The timeline's state: its clips, the playhead, the zoom (pixels per second) and the first second in view.
 * The playhead and the view start never go below zero; the zoom stays in [{@value #MIN_ZOOM}, {@value #MAX_ZOOM}].
 */
public final class TimelineViewModel {
    public static final double MIN_ZOOM = 8, MAX_ZOOM = 800, DEFAULT_ZOOM = 60;
    private static final double ZOOM_STEP = 1.5;

    private final ObservableList<ClipSpan> clips = FXCollections.observableArrayList();
    private final DoubleProperty playheadSeconds = new SimpleDoubleProperty(this, "playheadSeconds", 0);
    private final DoubleProperty pixelsPerSecond = new SimpleDoubleProperty(this, "pixelsPerSecond", DEFAULT_ZOOM);
    private final DoubleProperty viewStartSeconds = new SimpleDoubleProperty(this, "viewStartSeconds", 0);
    private final DoubleBinding contentSeconds = Bindings.createDoubleBinding(
            () -> clips.stream().mapToDouble(ClipSpan::endSeconds).max().orElse(0), clips);

    public TimelineViewModel() {
        clampAtLeast(playheadSeconds, 0);
        clampAtLeast(viewStartSeconds, 0);
        pixelsPerSecond.addListener((o, old, now) -> {
            double v = now.doubleValue();
            double c = Double.isNaN(v) ? DEFAULT_ZOOM : Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v));
            if (c != v) pixelsPerSecond.set(c);
        });
    }

    public ObservableList<ClipSpan> clips() { return clips; }
    public DoubleProperty playheadSecondsProperty() { return playheadSeconds; }
    public DoubleProperty pixelsPerSecondProperty() { return pixelsPerSecond; }
    public DoubleProperty viewStartSecondsProperty() { return viewStartSeconds; }
    /** Where the last clip ends (0 when the track is empty). */
    public DoubleBinding contentSecondsProperty() { return contentSeconds; }

    public double playheadSeconds() { return playheadSeconds.get(); }

    public void zoomIn() { pixelsPerSecond.set(pixelsPerSecond.get() * ZOOM_STEP); }
    public void zoomOut() { pixelsPerSecond.set(pixelsPerSecond.get() / ZOOM_STEP); }

    /** The time at {@code x} pixels from the left of the track area. */
    public double secondsAt(double x) { return viewStartSeconds.get() + x / pixelsPerSecond.get(); }

    /** The x position of {@code seconds} in the track area. */
    public double xOf(double seconds) { return (seconds - viewStartSeconds.get()) * pixelsPerSecond.get(); }

    /** Moves the playhead to the time under {@code x}; this is what a click or drag on the ruler does. */
    public void seekToX(double x) { playheadSeconds.set(secondsAt(x)); }

    private static void clampAtLeast(DoubleProperty p, double min) {
        p.addListener((o, old, now) -> {
            double v = now.doubleValue();
            if (!(v >= min)) p.set(min);
        });
    }
}

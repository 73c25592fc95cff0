package cinegen.ui.timeline;

import cinegen.ui.common.Thumbnail;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The timeline's state: its clips, the playhead, the zoom (pixels per second), the first second in view and the
 * in and out marks of the export range. The playhead and the view start never go below zero; the zoom stays in
 * [{@value #MIN_ZOOM}, {@value #MAX_ZOOM}]. Transport keys go to a {@link TimelineTransport} (the viewer).
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
    private final StringProperty selectedClipId = new SimpleStringProperty(this, "selectedClipId");
    private final DoubleProperty fps = new SimpleDoubleProperty(this, "fps", 8);
    private final ObservableMap<String, Thumbnail> thumbnails = FXCollections.observableHashMap();
    /** Export range in timeline frames: in inclusive, out exclusive; -1 when not set. */
    private final LongProperty markIn = new SimpleLongProperty(this, "markIn", -1);
    private final LongProperty markOut = new SimpleLongProperty(this, "markOut", -1);
    private TimelineEditor editor;
    private TimelineTransport transport;

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

    /** The selected clip's id, or null. */
    public StringProperty selectedClipIdProperty() { return selectedClipId; }
    /** Frames per second of the timeline (clip frames to seconds). */
    public DoubleProperty fpsProperty() { return fps; }
    /** A picture per media id, for the clips that use it. */
    public ObservableMap<String, Thumbnail> thumbnails() { return thumbnails; }
    public void setEditor(TimelineEditor editor) { this.editor = editor; }
    public void setTransport(TimelineTransport transport) { this.transport = transport; }

    // ---- in and out marks ----

    /** The first timeline frame of the export range, or -1 (from the start). */
    public LongProperty markInProperty() { return markIn; }
    /** The timeline frame after the export range, or -1 (to the end). */
    public LongProperty markOutProperty() { return markOut; }

    /** The timeline frame under the playhead. */
    public long playheadFrame() { return (long) Math.floor(playheadSeconds.get() * fps.get() + 1e-9); }

    /** I: the export range starts at the frame under the playhead (an out mark before it is dropped). */
    public void markInAtPlayhead() {
        long f = playheadFrame();
        markIn.set(f);
        if (markOut.get() >= 0 && markOut.get() <= f) markOut.set(-1);
    }

    /** O: the export range ends with the frame under the playhead (an in mark after it is dropped). */
    public void markOutAtPlayhead() {
        long f = playheadFrame() + 1;
        markOut.set(f);
        if (markIn.get() >= f) markIn.set(-1);
    }

    /** Alt+X: the whole timeline again. */
    public void clearMarks() {
        markIn.set(-1);
        markOut.set(-1);
    }

    /** "In 1.00 s · Out 2.50 s" (either may be missing), or null when neither mark is set. */
    public String marksText() {
        if (markIn.get() < 0 && markOut.get() < 0) return null;
        double f = fps.get();
        StringBuilder b = new StringBuilder();
        if (markIn.get() >= 0) b.append("In ").append(seconds(markIn.get() / f));
        if (markOut.get() >= 0) b.append(b.length() > 0 ? " · " : "").append("Out ").append(seconds(markOut.get() / f));
        return b.toString();
    }

    private static String seconds(double s) { return String.format(java.util.Locale.ROOT, "%.2f s", s); }

    // ---- transport (keys on the focused timeline) ----

    public void togglePlay() { if (transport != null) transport.togglePlay(); }
    public void playForward() { if (transport != null) transport.playForward(); }
    public void playReverse() { if (transport != null) transport.playReverse(); }
    public void stop() { if (transport != null) transport.stop(); }
    public void stepForward() { if (transport != null) transport.step(1); }
    public void stepBack() { if (transport != null) transport.step(-1); }
    public void goToStart() { if (transport != null) transport.goToStart(); }
    public void goToEnd() { if (transport != null) transport.goToEnd(); }
    public boolean canEdit() { return editor != null; }

    public java.util.Optional<ClipSpan> selectedClip() {
        String id = selectedClipId.get();
        return clips.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public void select(String clipId) { selectedClipId.set(clipId); }

    /** Where a clip dragged so that its left edge is at time {@code seconds} lands among the others. */
    public int dropIndex(String clipId, double seconds) {
        int index = 0;
        for (ClipSpan c : clips) {
            if (c.id().equals(clipId)) continue;
            if (c.startSeconds() + c.durationSeconds() / 2 < seconds) index++;
        }
        return index;
    }

    /** Drops a dragged clip with its left edge at {@code seconds}: moves it there when that changes its place. */
    public void dropClip(String clipId, double seconds) {
        int now = indexOf(clipId);
        int target = dropIndex(clipId, seconds);
        if (editor != null && now >= 0 && target != now) editor.move(clipId, target);
    }

    /** Ends a trim drag: the clip now plays source frames [newIn, newOut), clamped to its media. */
    public void trimClip(String clipId, int newIn, int newOut) {
        ClipSpan c = clips.stream().filter(x -> x.id().equals(clipId)).findFirst().orElse(null);
        if (c == null || editor == null) return;
        int in = Math.max(0, Math.min(newIn, c.outPoint() - 1));
        int out = Math.min(c.sourceFrames(), Math.max(newOut, in + 1));
        if (in != c.inPoint() || out != c.outPoint()) editor.trim(clipId, in, out);
    }

    public boolean splitAtPlayhead() { return editor != null && editor.splitAtPlayhead(); }

    public void duplicateSelected() { selectedClip().ifPresent(c -> { if (editor != null) editor.duplicate(c.id()); }); }

    public void deleteSelected() { selectedClip().ifPresent(c -> { if (editor != null) editor.delete(c.id()); }); }

    public void rippleDeleteSelected() { selectedClip().ifPresent(c -> { if (editor != null) editor.rippleDelete(c.id()); }); }

    private int indexOf(String clipId) {
        for (int i = 0; i < clips.size(); i++) if (clips.get(i).id().equals(clipId)) return i;
        return -1;
    }

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

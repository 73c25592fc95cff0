package cinegen.ui.viewer;

import cinegen.frames.FrameSequence;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Locale;

/**
 * What the viewer plays: a frame sequence, the current frame, play and loop state. Time advances through
 * {@link #advance(long)}, which the view calls from its animation timer; everything else is plain state, so the
 * playback logic is tested without the toolkit.
 */
public final class ViewerViewModel {
    private final ObjectProperty<FrameSequence> sequence = new SimpleObjectProperty<>(this, "sequence");
    private final ReadOnlyIntegerWrapper currentFrame = new ReadOnlyIntegerWrapper(this, "currentFrame", 0);
    private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing", false);
    private final BooleanProperty loop = new SimpleBooleanProperty(this, "loop", true);
    /** Playback speed and direction while playing: 1, 2, 4 forward, -1, -2, -4 backward; back to 1 when stopped. */
    private final ReadOnlyIntegerWrapper rate = new ReadOnlyIntegerWrapper(this, "rate", 1);
    public static final int MAX_RATE = 4;
    private final BooleanBinding hasFrames = Bindings.createBooleanBinding(
            () -> sequence.get() != null && !sequence.get().isEmpty(), sequence);
    private final StringBinding counterText;
    private final StringBinding timecodeText;
    /** Playback time carried between calls to {@link #advance(long)}, in nanoseconds within the current frame. */
    private long carriedNanos;
    public static final double MIN_ZOOM = 1, MAX_ZOOM = 16;
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final DoubleProperty panX = new SimpleDoubleProperty(this, "panX", 0);
    private final DoubleProperty panY = new SimpleDoubleProperty(this, "panY", 0);
    private final BooleanProperty previewing = new SimpleBooleanProperty(this, "previewing", false);
    private final StringProperty previewText = new SimpleStringProperty(this, "previewText", "");
    private volatile PreviewSink previewSink;
    private volatile int[] lastPreview;
    private Runnable cancelAction = () -> { };

    /** Where live previews go (the view's frame surface); must be safe to call from any thread. */
    @FunctionalInterface
    public interface PreviewSink {
        void show(int width, int height, int[] argb);
    }

    public ViewerViewModel() {
        counterText = Bindings.createStringBinding(() -> {
            FrameSequence s = sequence.get();
            if (s == null || s.isEmpty()) return "Frame – / –";
            return "Frame " + (currentFrame.get() + 1) + " / " + s.frameCount();
        }, sequence, currentFrame);
        timecodeText = Bindings.createStringBinding(() -> {
            FrameSequence s = sequence.get();
            double t = s == null ? 0 : currentFrame.get() / s.fps();
            double total = s == null ? 0 : s.durationSeconds();
            return timecode(t) + " / " + timecode(total);
        }, sequence, currentFrame);
        playing.addListener((o, was, now) -> {
            if (now && !hasFrames.get()) playing.set(false);
            else if (now && rate.get() > 0 && atEnd() && !loop.get()) currentFrame.set(0); // play again from the start
            else if (now && rate.get() < 0 && currentFrame.get() == 0 && !loop.get()) seek(Integer.MAX_VALUE); // from the end
            if (!now) rate.set(1);
            carriedNanos = 0;
        });
    }

    public ObjectProperty<FrameSequence> sequenceProperty() { return sequence; }
    public ReadOnlyIntegerProperty currentFrameProperty() { return currentFrame.getReadOnlyProperty(); }
    public BooleanProperty playingProperty() { return playing; }
    public BooleanProperty loopProperty() { return loop; }
    /** 1, 2 or 4 playing forward; -1, -2 or -4 playing backward (J K L); 1 when stopped. */
    public ReadOnlyIntegerProperty rateProperty() { return rate.getReadOnlyProperty(); }
    public BooleanBinding hasFramesProperty() { return hasFrames; }
    /** "Frame 3 / 16", or "Frame – / –" when empty. */
    public StringBinding counterTextProperty() { return counterText; }
    /** "0:00.25 / 0:02.00". */
    public StringBinding timecodeTextProperty() { return timecodeText; }

    public int currentFrame() { return currentFrame.get(); }

    /** 1 = the frame fits the viewer; up to {@value #MAX_ZOOM} times that. */
    public DoubleProperty zoomProperty() { return zoom; }
    /** Offset of the zoomed frame from the centre, in screen pixels. */
    public DoubleProperty panXProperty() { return panX; }
    public DoubleProperty panYProperty() { return panY; }

    public void zoomIn() { setZoom(zoom.get() * 1.5); }
    public void zoomOut() { setZoom(zoom.get() / 1.5); }

    /** Back to the whole frame in view. */
    public void zoomToFit() {
        zoom.set(1);
        panX.set(0);
        panY.set(0);
    }

    public void setZoom(double z) {
        double c = Double.isNaN(z) ? 1 : Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        zoom.set(c);
        if (c == 1) {
            panX.set(0);
            panY.set(0);
        }
    }

    /** Moves the zoomed frame by a drag of (dx, dy) pixels; nothing to pan at zoom 1. */
    public void pan(double dx, double dy) {
        if (zoom.get() <= 1) return;
        panX.set(panX.get() + dx);
        panY.set(panY.get() + dy);
    }

    /** True while a job's live previews are shown instead of the clip. */
    public BooleanProperty previewingProperty() { return previewing; }
    /** "Step 3 / 20 · 0:04 left" while previewing. */
    public StringProperty previewTextProperty() { return previewText; }

    public void setPreviewSink(PreviewSink sink) { previewSink = sink; }

    /** Shows a live preview frame; safe from any thread (the sink coalesces). */
    public void pushPreview(int width, int height, int[] argb) {
        lastPreview = argb;
        PreviewSink sink = previewSink;
        if (sink != null) sink.show(width, height, argb);
    }

    /** The last preview pushed, or null. */
    public int[] lastPreview() { return lastPreview; }

    /** What the Cancel button under the preview does. */
    public void setCancelAction(Runnable action) { cancelAction = action == null ? () -> { } : action; }

    public void cancelPreview() { cancelAction.run(); }

    /**
     * Shows another sequence at frame {@code frame} (clamped), paused; for the timeline's program, which changes
     * under a playhead that should stay where it is.
     */
    public void replace(FrameSequence s, int frame) {
        playing.set(false);
        int at = s == null || s.isEmpty() ? 0 : Math.max(0, Math.min(s.frameCount() - 1, frame));
        if (at < currentFrame.get()) currentFrame.set(at); // never an index past the end of the new sequence
        sequence.set(s);
        currentFrame.set(at);
    }
    public boolean isPlaying() { return playing.get(); }

    /** Shows a new sequence from its first frame, paused. Null empties the viewer. */
    public void load(FrameSequence s) {
        playing.set(false);
        currentFrame.set(0);
        sequence.set(s);
    }

    public void togglePlay() { playing.set(!playing.get()); }

    /** L: plays forward; again while playing forward, twice as fast (at most {@value #MAX_RATE} times). */
    public void playForward() {
        if (playing.get() && rate.get() > 0) {
            rate.set(Math.min(MAX_RATE, rate.get() * 2));
            return;
        }
        if (playing.get()) {
            rate.set(1);
            carriedNanos = 0;
        } else {
            playing.set(true);
        }
    }

    /** J: plays backward; again while playing backward, twice as fast (at most {@value #MAX_RATE} times). */
    public void playReverse() {
        if (playing.get() && rate.get() < 0) {
            rate.set(Math.max(-MAX_RATE, rate.get() * 2));
            return;
        }
        rate.set(-1);
        carriedNanos = 0;
        if (!playing.get()) {
            playing.set(true);
            if (!playing.get()) rate.set(1); // nothing to play
        }
    }

    /** K: stops where it is. */
    public void stop() { playing.set(false); }

    public void stepForward() {
        playing.set(false);
        seek(currentFrame.get() + 1);
    }

    public void stepBack() {
        playing.set(false);
        seek(currentFrame.get() - 1);
    }

    public void first() {
        playing.set(false);
        seek(0);
    }

    public void last() {
        playing.set(false);
        seek(Integer.MAX_VALUE);
    }

    /** Moves to frame {@code index}, clamped to the sequence. */
    public void seek(int index) {
        FrameSequence s = sequence.get();
        if (s == null || s.isEmpty()) return;
        currentFrame.set(Math.max(0, Math.min(s.frameCount() - 1, index)));
    }

    /** Moves to the frame shown at {@code seconds}. */
    public void seekSeconds(double seconds) {
        FrameSequence s = sequence.get();
        if (s == null || s.isEmpty() || !Double.isFinite(seconds)) return;
        seek((int) Math.floor(seconds * s.fps() + 1e-9));
    }

    /**
     * Lets {@code nanos} of playback time pass: moves on as many frames as the frame rate says, wrapping when
     * looping, otherwise stopping on the last frame.
     */
    public void advance(long nanos) {
        FrameSequence s = sequence.get();
        if (!playing.get() || s == null || s.isEmpty() || nanos <= 0) return;
        long frameNanos = Math.max(1, Math.round(1e9 / (s.fps() * Math.abs(rate.get()))));
        carriedNanos += nanos;
        long steps = carriedNanos / frameNanos;
        carriedNanos %= frameNanos;
        if (steps == 0) return;
        long next = currentFrame.get() + (rate.get() < 0 ? -steps : steps);
        int n = s.frameCount();
        if (next >= 0 && next < n) {
            currentFrame.set((int) next);
        } else if (loop.get()) {
            currentFrame.set((int) Math.floorMod(next, (long) n));
        } else {
            currentFrame.set(next < 0 ? 0 : n - 1);
            playing.set(false);
        }
    }

    private boolean atEnd() {
        FrameSequence s = sequence.get();
        return s != null && currentFrame.get() >= s.frameCount() - 1;
    }

    /** m:ss.cc */
    static String timecode(double seconds) {
        long centis = Math.round(Math.max(0, seconds) * 100);
        return String.format(Locale.ROOT, "%d:%02d.%02d", centis / 6000, (centis / 100) % 60, centis % 100);
    }
}

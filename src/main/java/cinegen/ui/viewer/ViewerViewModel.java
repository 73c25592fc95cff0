package cinegen.ui.viewer;

import cinegen.frames.FrameSequence;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
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
    private final BooleanBinding hasFrames = Bindings.createBooleanBinding(
            () -> sequence.get() != null && !sequence.get().isEmpty(), sequence);
    private final StringBinding counterText;
    private final StringBinding timecodeText;
    /** Playback time carried between calls to {@link #advance(long)}, in nanoseconds within the current frame. */
    private long carriedNanos;

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
            else if (now && atEnd() && !loop.get()) currentFrame.set(0); // play again from the start
            carriedNanos = 0;
        });
    }

    public ObjectProperty<FrameSequence> sequenceProperty() { return sequence; }
    public ReadOnlyIntegerProperty currentFrameProperty() { return currentFrame.getReadOnlyProperty(); }
    public BooleanProperty playingProperty() { return playing; }
    public BooleanProperty loopProperty() { return loop; }
    public BooleanBinding hasFramesProperty() { return hasFrames; }
    /** "Frame 3 / 16", or "Frame – / –" when empty. */
    public StringBinding counterTextProperty() { return counterText; }
    /** "0:00.25 / 0:02.00". */
    public StringBinding timecodeTextProperty() { return timecodeText; }

    public int currentFrame() { return currentFrame.get(); }
    public boolean isPlaying() { return playing.get(); }

    /** Shows a new sequence from its first frame, paused. Null empties the viewer. */
    public void load(FrameSequence s) {
        playing.set(false);
        currentFrame.set(0);
        sequence.set(s);
    }

    public void togglePlay() { playing.set(!playing.get()); }

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
        long frameNanos = Math.max(1, Math.round(1e9 / s.fps()));
        carriedNanos += nanos;
        long steps = carriedNanos / frameNanos;
        carriedNanos %= frameNanos;
        if (steps == 0) return;
        long next = currentFrame.get() + steps;
        int n = s.frameCount();
        if (next < n) {
            currentFrame.set((int) next);
        } else if (loop.get()) {
            currentFrame.set((int) (next % n));
        } else {
            currentFrame.set(n - 1);
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

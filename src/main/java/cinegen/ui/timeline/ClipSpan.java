package cinegen.ui.timeline;

import java.util.Objects;

/**
 * A clip as the timeline draws it: a name over a span of seconds, with the clip's id, its media and which of the
 * media's frames it plays ({@code inPoint} inclusive to {@code outPoint} exclusive, of {@code sourceFrames}).
 */
public record ClipSpan(String id, String mediaId, String name, double startSeconds, double durationSeconds,
                       int inPoint, int outPoint, int sourceFrames) {
    public ClipSpan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (!(startSeconds >= 0) || !(durationSeconds > 0) || !Double.isFinite(startSeconds + durationSeconds)) {
            throw new IllegalArgumentException("a clip needs a start >= 0 and a positive duration, got "
                    + startSeconds + " + " + durationSeconds);
        }
    }

    /** A clip drawn by name only (its name is its id). */
    public ClipSpan(String name, double startSeconds, double durationSeconds) {
        this(name, name, name, startSeconds, durationSeconds, 0, 1, 1);
    }

    public double endSeconds() { return startSeconds + durationSeconds; }
}

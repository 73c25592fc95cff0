package cinegen.ui.timeline;

import java.util.Objects;

/** A clip as the timeline draws it: a name over a span of seconds. */
public record ClipSpan(String name, double startSeconds, double durationSeconds) {
    public ClipSpan {
        Objects.requireNonNull(name, "name");
        if (!(startSeconds >= 0) || !(durationSeconds > 0) || !Double.isFinite(startSeconds + durationSeconds)) {
            throw new IllegalArgumentException("a clip needs a start >= 0 and a positive duration, got "
                    + startSeconds + " + " + durationSeconds);
        }
    }

    public double endSeconds() { return startSeconds + durationSeconds; }
}

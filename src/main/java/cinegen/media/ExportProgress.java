package cinegen.media;

import java.time.Duration;
import java.util.Optional;

/**
 * How far an export has come.
 *
 * @param stage    what is being done now, e.g. "Interpolating frames" or "Encoding"
 * @param fraction done share of the whole export, 0 to 1
 * @param elapsed  time since the export started
 */
public record ExportProgress(String stage, double fraction, Duration elapsed) {

    /** Estimated time left, once enough is done to tell (empty before 2% or when finished). */
    public Optional<Duration> remaining() {
        if (fraction < 0.02) return Optional.empty();
        if (fraction >= 1) return Optional.of(Duration.ZERO);
        long nanos = (long) (elapsed.toNanos() * (1 - fraction) / fraction);
        return Optional.of(Duration.ofNanos(nanos));
    }
}

package cinegen.engine.pipeline;

import java.util.List;

/**
 * What the sampler reports after each step: progress, time, and a cheap preview of every frame made from the
 * predicted clean latent (ARGB, {@code previewWidth} x {@code previewHeight}, opaque).
 */
public record StepProgress(int step, int totalSteps, long elapsedNanos, int previewWidth, int previewHeight,
                           List<int[]> previewFrames, long firstStepEndNanos) {
    public StepProgress(int step, int totalSteps, long elapsedNanos, int previewWidth, int previewHeight, List<int[]> previewFrames) {
        this(step, totalSteps, elapsedNanos, previewWidth, previewHeight, previewFrames, 0);
    }

    /**
     * Estimated nanoseconds left, from the measured time of the steps after the first (the first also pays for
     * loading, prompt encoding and warm-up, so counting it made a 2:22 job read 4:27 at step 2).
     */
    public long etaNanos() {
        if (step == 0) return 0;
        if (step >= 2 && firstStepEndNanos > 0) return (elapsedNanos - firstStepEndNanos) / (step - 1) * (totalSteps - step);
        return elapsedNanos / step * (totalSteps - step);
    }

    /** Whether {@link #etaNanos} rests on measured step times (two steps done) rather than a first guess. */
    public boolean hasEstimate() { return step >= 2 && firstStepEndNanos > 0 || step == totalSteps; }

    public double fraction() { return totalSteps == 0 ? 1 : step / (double) totalSteps; }
}

package cinegen.engine.pipeline;

import java.util.List;

/**
 * What the sampler reports after each step: progress, time, and a cheap preview of every frame made from the
 * predicted clean latent (ARGB, {@code previewWidth} x {@code previewHeight}, opaque).
 */
public record StepProgress(int step, int totalSteps, long elapsedNanos, int previewWidth, int previewHeight,
                           List<int[]> previewFrames) {
    /** Estimated nanoseconds left, from the mean step time so far. */
    public long etaNanos() { return step == 0 ? 0 : elapsedNanos / step * (totalSteps - step); }

    public double fraction() { return totalSteps == 0 ? 1 : step / (double) totalSteps; }
}

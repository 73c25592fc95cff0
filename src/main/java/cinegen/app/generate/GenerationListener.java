package cinegen.app.generate;

import cinegen.engine.pipeline.StepProgress;

/**
 * Told what the {@link GenerationService} does. Calls come from the worker thread (or from the thread that
 * cancelled or reordered a queued job); hand them over to the UI thread and return quickly.
 */
public interface GenerationListener {
    /** A job was queued, started, finished, failed, was cancelled or moved in the queue. */
    default void jobChanged(GenerationJob job) { }

    /** A running job finished a sampling step; {@code progress} holds its previews. */
    default void stepDone(GenerationJob job, StepProgress progress) { }

    /** The model's state changed (loading, ready on a device, failed). */
    default void modelChanged(ModelStatus status) { }
}

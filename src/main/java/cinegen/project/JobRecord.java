package cinegen.project;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A generation job in the project's job history (docs/decisions/0619): what it was asked to make, how it ended, when,
 * and the clip it made. Kept with the project so the Jobs panel shows it after reopening and Retry can queue it
 * again; not part of the document (recording a job does not make the project dirty).
 *
 * @param failure    why a failed job failed, as the studio said it; null for the others
 * @param recipe     what the job was asked to make (Retry queues it again)
 * @param queuedAt   when it was queued
 * @param startedAt  when it started running; null when it never ran
 * @param finishedAt when it ended; null for an interrupted job
 * @param mediaId    the clip it produced, when that was added to the project; null otherwise
 */
public record JobRecord(String title, Outcome outcome, String failure, GenerationRecipe recipe, Instant queuedAt,
                        Instant startedAt, Instant finishedAt, String mediaId) {

    /** How a job ended. */
    public enum Outcome {
        DONE, FAILED, CANCELLED,
        /** Queued or running when the project was saved, and not finished in the file: Retry runs it. */
        INTERRUPTED;

        /** Failed, cancelled and interrupted jobs can be queued again. */
        public boolean retryable() { return this != DONE; }
    }

    public JobRecord {
        title = Objects.requireNonNullElse(title, "");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(queuedAt, "queuedAt");
        if (outcome != Outcome.FAILED) failure = null;
        else failure = Objects.requireNonNullElse(failure, "");
        if (mediaId != null) Ids.require(mediaId, "job clip");
    }

    /** How long it ran, when it started and ended. */
    public Optional<Duration> duration() {
        if (startedAt == null || finishedAt == null || finishedAt.isBefore(startedAt)) return Optional.empty();
        return Optional.of(Duration.between(startedAt, finishedAt));
    }

    public Optional<String> media() { return Optional.ofNullable(mediaId); }
}

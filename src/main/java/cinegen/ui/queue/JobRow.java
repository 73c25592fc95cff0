package cinegen.ui.queue;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import cinegen.project.JobRecord;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One job as the jobs panel shows it: a job of this session, updated from the job on the JavaFX thread, or a job of
 * the project's saved history (docs/decisions/0619), which does not change.
 */
public final class JobRow {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT);

    private final GenerationJob job;
    private final JobRecord record;
    private final String key;
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper(this, "canRetry");

    JobRow(GenerationJob job) {
        this.job = job;
        this.record = null;
        this.key = String.valueOf(job.number());
        update();
    }

    /** A saved job; {@code key} tells it from the other rows. */
    JobRow(JobRecord record, String key) {
        this.job = null;
        this.record = record;
        this.key = key;
        state.set(switch (record.outcome()) {
            case DONE -> JobState.DONE;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELLED;
            case INTERRUPTED -> JobState.INTERRUPTED;
        });
        canRetry.set(record.outcome().retryable());
        progress.set(record.outcome() == JobRecord.Outcome.DONE ? 1 : 0);
        String when = record.finishedAt() == null ? "" : when(record.finishedAt());
        detail.set(switch (record.outcome()) {
            case DONE -> record.duration().map(d -> "in " + clock(d.toNanos()) + " · " + when).orElse(when);
            case FAILED -> record.failure();
            case CANCELLED -> when;
            case INTERRUPTED -> "Not finished when the project was saved.";
        });
    }

    /** The job of this session; null for a saved one. */
    public GenerationJob job() { return job; }
    /** The saved job; null for one of this session. */
    public JobRecord record() { return record; }
    /** Unique among the rows: a session job's number, or "saved-" and its place in the saved history. */
    public String key() { return key; }
    public String title() { return job != null ? "#" + job.number() + "  " + job.title() : record.title(); }
    public ReadOnlyObjectProperty<JobState> stateProperty() { return state.getReadOnlyProperty(); }
    /** Beside the state: "waiting", "Step 3 / 20 · 0:04 left", "in 0:12", the failure reason, "at step 7 / 20". */
    public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canCancelProperty() { return canCancel.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRetryProperty() { return canRetry.getReadOnlyProperty(); }
    public JobState state() { return state.get(); }
    public String detail() { return detail.get(); }

    void update() {
        if (job == null) return;
        JobState s = job.state();
        state.set(s);
        StepProgress p = job.progress();
        canCancel.set(!s.isFinished());
        canRetry.set(s == JobState.FAILED || s == JobState.CANCELLED);
        switch (s) {
            case QUEUED -> { detail.set("waiting"); progress.set(0); }
            case RUNNING -> {
                if (p == null) {
                    detail.set("Starting…");
                    progress.set(-1);
                } else {
                    detail.set(stepText(p));
                    progress.set(p.fraction());
                }
            }
            case DONE -> {
                detail.set("in " + clock(job.result().elapsedNanos()));
                progress.set(1);
            }
            case FAILED -> detail.set(job.failure());
            case CANCELLED -> detail.set(p == null ? "before it started" : "at step " + p.step() + " / " + p.totalSteps());
            case INTERRUPTED -> { }
        }
    }

    /** "Step 3 / 20 · 0:04 left". */
    public static String stepText(StepProgress p) {
        return "Step " + p.step() + " / " + p.totalSteps() + " · " + (p.hasEstimate() ? clock(p.etaNanos()) + " left" : "estimating…");
    }

    /** m:ss, rounded up so that "0:00 left" appears only at the end. */
    static String clock(long nanos) {
        long s = (long) Math.ceil(Math.max(0, nanos) / 1e9);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** "3 Mar 14:02", in this computer's time zone. */
    static String when(Instant t) {
        return WHEN.format(t.atZone(ZoneId.systemDefault()));
    }
}

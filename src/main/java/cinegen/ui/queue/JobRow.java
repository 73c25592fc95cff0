package cinegen.ui.queue;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;

/** One job as the jobs panel shows it; updated from the job on the JavaFX thread. */
public final class JobRow {
    private final GenerationJob job;
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper(this, "canRetry");

    JobRow(GenerationJob job) {
        this.job = job;
        update();
    }

    public GenerationJob job() { return job; }
    public String title() { return "#" + job.number() + "  " + job.title(); }
    public ReadOnlyObjectProperty<JobState> stateProperty() { return state.getReadOnlyProperty(); }
    /** Beside the state: "waiting", "Step 3 / 20 · 0:04 left", "in 0:12", the failure reason, "at step 7 / 20". */
    public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canCancelProperty() { return canCancel.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRetryProperty() { return canRetry.getReadOnlyProperty(); }
    public JobState state() { return state.get(); }
    public String detail() { return detail.get(); }

    void update() {
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
}

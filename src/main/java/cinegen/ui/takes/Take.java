package cinegen.ui.takes;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import cinegen.frames.FrameSequence;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One take of a {@link TakeStrip}: the job that renders it, its state, its result once done, and whether the artist
 * kept it (put it on the timeline). JavaFX thread, except {@link #stepDone} and {@link #setSink}.
 */
public class Take {
    /** Receives pictures from any thread (a {@code FrameSurface} in the view). */
    @FunctionalInterface
    public interface FrameSink {
        void show(int width, int height, int[] argb);
    }

    /** Once kept: the clip went on the timeline (undo and redo manage it from there). */
    static final String KEPT = "Kept";

    private final int index;
    private final String label;
    final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state", JobState.QUEUED);
    final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "Queued");
    final ReadOnlyObjectWrapper<FrameSequence> result = new ReadOnlyObjectWrapper<>(this, "result");
    final ReadOnlyBooleanWrapper kept = new ReadOnlyBooleanWrapper(this, "kept");
    private final AtomicReference<StepProgress> latestStep = new AtomicReference<>();
    private final AtomicBoolean stepPending = new AtomicBoolean();
    private volatile FrameSink sink;
    GenerationJob job;
    boolean cancelRequested;

    protected Take(int index, String label) {
        this.index = index;
        this.label = Objects.requireNonNull(label, "label");
    }

    /** 0, 1, 2… in the strip. */
    public int index() { return index; }
    /** What the take is known by in the strip: "α 0.25", "seed 42". */
    public String label() { return label; }
    public ReadOnlyObjectProperty<JobState> stateProperty() { return state.getReadOnlyProperty(); }
    /** "Queued", "Step 3 / 6", "Done", "Failed: …", "Cancelled", "Kept". */
    public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }
    /** The rendered clip; null until its job is done. */
    public ReadOnlyObjectProperty<FrameSequence> resultProperty() { return result.getReadOnlyProperty(); }
    /** True once this take was put on the timeline. */
    public ReadOnlyBooleanProperty keptProperty() { return kept.getReadOnlyProperty(); }
    /** True when it has a result that is not on the timeline yet. */
    public boolean isKeepable() { return result.get() != null && !kept.get(); }
    /** The job rendering this take (the latest one, after a retry); null until it is queued. */
    public GenerationJob job() { return job; }
    public boolean isFinished() { return state.get().isFinished(); }

    /** Where previews go (the view's picture); may be called from any thread. */
    public void setSink(FrameSink s) { sink = s; }

    /**
     * A sampling step of this take's job finished (worker thread): its middle frame goes to the picture at once, the
     * step text through at most one pending hand-over to {@code fx}.
     */
    public void stepDone(StepProgress p, Executor fx) {
        FrameSink s = sink;
        List<int[]> frames = p.previewFrames();
        if (s != null && frames != null && !frames.isEmpty()) s.show(p.previewWidth(), p.previewHeight(), frames.get(frames.size() / 2));
        latestStep.set(p);
        if (stepPending.compareAndSet(false, true)) fx.execute(() -> {
            stepPending.set(false);
            StepProgress last = latestStep.get();
            if (last != null && state.get() == JobState.RUNNING) detail.set("Step " + last.step() + " / " + last.totalSteps());
        });
    }

    /** The middle frame of a clip, the picture a take shows. */
    public static int middle(FrameSequence f) { return f.frameCount() / 2; }

    void update(GenerationJob j) {
        job = j;
        JobState s = j.state();
        state.set(s);
        switch (s) {
            case QUEUED -> detail.set("Queued");
            case RUNNING -> detail.set("Starting…");
            case DONE -> finish(j.result() == null ? null : j.result().frames());
            case FAILED -> detail.set("Failed: " + Objects.requireNonNullElse(j.failure(), "unknown reason"));
            case CANCELLED -> detail.set("Cancelled");
        }
    }

    void finish(FrameSequence frames) {
        state.set(JobState.DONE);
        result.set(frames);
        detail.set(kept.get() ? KEPT : "Done");
    }

    void fail(String reason) {
        state.set(JobState.FAILED);
        detail.set("Failed: " + reason);
    }

    void markKept() {
        kept.set(true);
        detail.set(KEPT);
    }

    @Override
    public String toString() { return "take " + index + " (" + label + ", " + state.get() + ")"; }
}

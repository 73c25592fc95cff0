package cinegen.app.generate;

import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepProgress;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request in the {@link GenerationService}'s queue. Its state, progress and result change on the worker thread;
 * readers on other threads see them through volatile fields. {@code tag} carries what the caller needs to file the
 * result (e.g. the project recipe), untouched by the service.
 */
public final class GenerationJob {
    private static final AtomicLong NEXT = new AtomicLong(1);

    private final long number = NEXT.getAndIncrement();
    private final String title;
    private volatile GenerationRequest request;
    private final Object tag;
    private final boolean cropToRegion;
    final CancelToken cancel = new CancelToken();
    private volatile JobState state = JobState.QUEUED;
    private volatile StepProgress progress;
    private volatile String failure;
    private volatile GeneratedVideo result;
    private final Instant queuedAt = Instant.now();
    private volatile Instant startedAt;
    private volatile Instant finishedAt;

    GenerationJob(String title, GenerationRequest request, boolean cropToRegion, Object tag) {
        this.title = Objects.requireNonNull(title, "title");
        this.request = Objects.requireNonNull(request, "request");
        this.cropToRegion = cropToRegion;
        this.tag = tag;
    }

    /** 1, 2, 3... in the order jobs were made in this process. */
    public long number() { return number; }
    public String title() { return title; }
    public GenerationRequest request() { return request; }
    public Object tag() { return tag; }
    /** Whether the model sees only the painted region and a margin (see {@link SourceComposite}). */
    public boolean cropToRegion() { return cropToRegion; }
    public JobState state() { return state; }
    /** The last step reported, or null before the first step. */
    public StepProgress progress() { return progress; }
    /** Why the job failed, as a sentence; null unless {@link JobState#FAILED}. */
    public String failure() { return failure; }
    /**
     * The finished clip; null unless {@link JobState#DONE}. After {@link #releaseFrames} its frames are empty (their
     * size and rate kept) and its latents gone.
     */
    public GeneratedVideo result() { return result; }

    /**
     * Lets the finished clip's frames and latents, and the request's input pictures, go once they are no longer needed here (the clip is in the project,
     * or the take was let go): the jobs list lasts the whole session, and a long session of large clips would
     * otherwise hold every one of them. What was made (size, model, device, time) stays.
     */
    public void releaseFrames() {
        GeneratedVideo v = result;
        if (v == null || v.frames().isEmpty()) return;
        cinegen.frames.FrameSequence f = v.frames();
        // A done job is not retried (only failed and cancelled ones are), so its source pictures can go too.
        request = request.withoutInputs();
        result = new GeneratedVideo(new cinegen.frames.FrameSequence(f.width(), f.height(), f.fps(), java.util.List.of()),
                request, v.modelName(), v.modelHash(), v.device(), v.elapsedNanos(), null);
    }
    /** When it was queued. */
    public Instant queuedAt() { return queuedAt; }
    /** When it started running; null before. */
    public Instant startedAt() { return startedAt; }
    /** When it finished, failed or was cancelled; null before. */
    public Instant finishedAt() { return finishedAt; }

    void setState(JobState s) {
        if (s == JobState.RUNNING) startedAt = Instant.now();
        if (s.isFinished()) finishedAt = Instant.now();
        state = s;
    }

    void setProgress(StepProgress p) { progress = p; }
    void fail(String reason) { failure = reason; setState(JobState.FAILED); }
    void finish(GeneratedVideo v) { result = v; setState(JobState.DONE); }

    @Override
    public String toString() { return "job " + number + " (" + title + ", " + state + ")"; }
}

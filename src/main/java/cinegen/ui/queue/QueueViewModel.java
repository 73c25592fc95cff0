package cinegen.ui.queue;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import cinegen.project.JobRecord;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The jobs panel's rows: the running job, then the queue in run order, then this session's finished jobs newest
 * first, then the project's saved history newest first (docs/decisions/0619). Service events arrive on the worker
 * thread; at most one refresh at a time is queued on the UI executor.
 */
public final class QueueViewModel {
    private final GenerationService service;
    private final Executor fx;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final Map<GenerationJob, JobRow> byJob = new IdentityHashMap<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final BooleanBinding empty = Bindings.isEmpty(rows);
    private List<JobRow> saved = List.of();
    private Predicate<GenerationJob> showFinished = j -> true;
    private BiConsumer<GenerationJob, GenerationJob> onRetried = (old, again) -> { };
    private Consumer<JobRecord> onRetrySaved = r -> { };
    private Consumer<JobRow> onFindClip = r -> { };

    public QueueViewModel(GenerationService service, Executor fx) {
        this.service = Objects.requireNonNull(service, "service");
        this.fx = Objects.requireNonNull(fx, "fx");
        service.addListener(new GenerationListener() {
            @Override public void jobChanged(GenerationJob job) { scheduleRefresh(); }
            @Override public void stepDone(GenerationJob job, StepProgress progress) { scheduleRefresh(); }
        });
        refresh();
    }

    public ObservableList<JobRow> rows() { return rows; }
    public BooleanBinding emptyProperty() { return empty; }

    public void cancel(JobRow row) { if (row.job() != null) service.cancel(row.job()); }

    /** Queues a failed, cancelled or interrupted job again, as a new job. */
    public void retry(JobRow row) {
        if (!row.canRetryProperty().get()) return;
        if (row.job() != null) onRetried.accept(row.job(), service.retry(row.job()));
        else onRetrySaved.accept(row.record());
    }

    /** A done job was clicked: its clip is looked for in the project. */
    public void findClip(JobRow row) {
        if (row.state() == JobState.DONE) onFindClip.accept(row);
    }

    /** Told (UI thread) of a session job retried and the new job that runs it again. */
    public void setOnRetried(BiConsumer<GenerationJob, GenerationJob> action) {
        onRetried = action == null ? (old, again) -> { } : action;
    }

    /** What Retry does for a saved job (queue its recipe again). */
    public void setOnRetrySaved(Consumer<JobRecord> action) { onRetrySaved = action == null ? r -> { } : action; }

    /** What clicking a done job does (show its clip). */
    public void setOnFindClip(Consumer<JobRow> action) { onFindClip = action == null ? r -> { } : action; }

    /**
     * The project's saved history, oldest first as kept ({@code Project.jobHistory()}), and which finished jobs of
     * this session belong to the project and are listed (queued and running ones are always listed).
     */
    public void showHistory(List<JobRecord> history, Predicate<GenerationJob> finishedOfThisProject) {
        List<JobRow> next = new ArrayList<>(history.size());
        for (int i = history.size() - 1; i >= 0; i--) next.add(new JobRow(history.get(i), "saved-" + i));
        saved = List.copyOf(next);
        showFinished = Objects.requireNonNull(finishedOfThisProject, "finishedOfThisProject");
        refresh();
    }

    /** Moves a queued job one place earlier in the queue. */
    public void moveUp(JobRow row) { move(row, -1); }

    /** Moves a queued job one place later in the queue. */
    public void moveDown(JobRow row) { move(row, +1); }

    private void move(JobRow row, int delta) {
        List<GenerationJob> queued = service.queued();
        int i = queued.indexOf(row.job());
        if (i >= 0) service.moveTo(row.job(), i + delta);
    }

    private void scheduleRefresh() {
        if (refreshPending.compareAndSet(false, true)) fx.execute(this::refresh);
    }

    /** Rebuilds the rows from the service's snapshot and the saved history (UI thread). */
    public void refresh() {
        refreshPending.set(false);
        List<GenerationJob> all = service.jobs();
        List<GenerationJob> queued = service.queued();
        List<GenerationJob> order = new ArrayList<>();
        for (GenerationJob j : all) if (j.state() == JobState.RUNNING) order.add(j);
        order.addAll(queued);
        for (int i = all.size() - 1; i >= 0; i--) {
            GenerationJob j = all.get(i);
            if (!order.contains(j) && (!j.state().isFinished() || showFinished.test(j))) order.add(j);
        }
        List<JobRow> next = new ArrayList<>(order.size() + saved.size());
        for (GenerationJob j : order) {
            JobRow r = byJob.computeIfAbsent(j, JobRow::new);
            r.update();
            next.add(r);
        }
        next.addAll(saved);
        if (!next.equals(rows)) rows.setAll(next);
    }
}

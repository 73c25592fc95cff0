package cinegen.ui.queue;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.GenerationListener;
import cinegen.app.generate.GenerationService;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
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

/**
 * The jobs panel's rows: the running job, then the queue in run order, then finished jobs newest first.
 * Service events arrive on the worker thread; at most one refresh at a time is queued on the UI executor.
 */
public final class QueueViewModel {
    private final GenerationService service;
    private final Executor fx;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final Map<GenerationJob, JobRow> byJob = new IdentityHashMap<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private final BooleanBinding empty = Bindings.isEmpty(rows);

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

    public void cancel(JobRow row) { service.cancel(row.job()); }

    public void retry(JobRow row) {
        if (row.job().state().isFinished()) service.retry(row.job());
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

    /** Rebuilds the rows from the service's snapshot (UI thread). */
    public void refresh() {
        refreshPending.set(false);
        List<GenerationJob> all = service.jobs();
        List<GenerationJob> queued = service.queued();
        List<GenerationJob> order = new ArrayList<>();
        for (GenerationJob j : all) if (j.state() == JobState.RUNNING) order.add(j);
        order.addAll(queued);
        for (int i = all.size() - 1; i >= 0; i--) {
            GenerationJob j = all.get(i);
            if (!order.contains(j)) order.add(j);
        }
        List<JobRow> next = new ArrayList<>(order.size());
        for (GenerationJob j : order) {
            JobRow r = byJob.computeIfAbsent(j, JobRow::new);
            r.update();
            next.add(r);
        }
        if (!next.equals(rows)) rows.setAll(next);
    }
}

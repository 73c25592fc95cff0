package cinegen.ui.sweep;

import cinegen.app.generate.GenerationJob;
import cinegen.app.generate.JobState;
import cinegen.engine.pipeline.StepProgress;
import cinegen.frames.FrameSequence;
import cinegen.ui.presets.StylePreset;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A style sweep: the same prompt, settings and seed generated at several strengths α of one style, one cell per
 * α, shown side by side. The cells' jobs run on the ordinary generation queue; their results stay here (not in the
 * project) until the artist adds one to the timeline. Picking a cell hands its α to the shelf. Toolkit-free apart
 * from JavaFX properties; call from the JavaFX thread except {@link Cell#stepDone}.
 */
public final class StyleSweepViewModel {
    /** Receives pictures from any thread (a {@code FrameSurface} in the view). */
    @FunctionalInterface
    public interface FrameSink {
        void show(int width, int height, int[] argb);
    }

    /** One strength of the sweep and the job that renders it. */
    public static final class Cell {
        private final int index;
        private final double alpha;
        private final long sweep;
        private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state", JobState.QUEUED);
        private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "Queued");
        private final ReadOnlyObjectWrapper<FrameSequence> result = new ReadOnlyObjectWrapper<>(this, "result");
        private final ReadOnlyBooleanWrapper added = new ReadOnlyBooleanWrapper(this, "added");
        private final AtomicReference<StepProgress> latestStep = new AtomicReference<>();
        private final AtomicBoolean stepPending = new AtomicBoolean();
        private volatile FrameSink sink;
        private GenerationJob job;
        private boolean cancelRequested;

        Cell(int index, double alpha, long sweep) {
            this.index = index;
            this.alpha = alpha;
            this.sweep = sweep;
        }

        public int index() { return index; }
        public double alpha() { return alpha; }
        /** "α 0.25". */
        public String label() { return "α " + String.format(Locale.ROOT, "%.2f", alpha); }
        public ReadOnlyObjectProperty<JobState> stateProperty() { return state.getReadOnlyProperty(); }
        /** "Queued", "Step 3 / 6", "Done", "Failed: …", "Cancelled". */
        public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }
        /** The rendered clip; null until its job is done. */
        public ReadOnlyObjectProperty<FrameSequence> resultProperty() { return result.getReadOnlyProperty(); }
        /** True once this result was put on the timeline. */
        public ReadOnlyBooleanProperty addedProperty() { return added.getReadOnlyProperty(); }
        /** The job rendering this cell (the latest one, after a retry); null until it is queued. */
        public GenerationJob job() { return job; }
        public boolean isFinished() { return state.get().isFinished(); }

        /** Where previews go (the view's picture); may be called from any thread. */
        public void setSink(FrameSink s) { sink = s; }

        /**
         * A sampling step of this cell's job finished (worker thread): its middle frame goes to the picture at once,
         * the step text through at most one pending hand-over to {@code fx}.
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

        /** The middle frame of a clip, the picture a cell shows. */
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
            detail.set("Done");
        }

        void markAdded() { added.set(true); }
    }

    private final ObservableList<Cell> cells = FXCollections.observableArrayList();
    private final ObjectProperty<Cell> picked = new SimpleObjectProperty<>(this, "picked");
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active");
    private final ReadOnlyObjectWrapper<StylePreset> preset = new ReadOnlyObjectWrapper<>(this, "preset");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final BooleanBinding canAdd;
    private final StringBinding pickedText;
    private long seed;
    private long sweeps;
    private Consumer<Cell> onPick = c -> { };
    private Consumer<Cell> onAdd = c -> { };
    private Consumer<GenerationJob> canceller = j -> { };

    public StyleSweepViewModel() {
        // The picked cell's result and "added" flag, followed as the pick changes. The bindings read these (not the
        // cell's own properties), so the lazily validated bound properties keep reporting changes.
        ReadOnlyObjectWrapper<FrameSequence> pickedResult = new ReadOnlyObjectWrapper<>();
        ReadOnlyBooleanWrapper pickedAdded = new ReadOnlyBooleanWrapper();
        picked.addListener((o, a, c) -> {
            if (c != null && !cells.contains(c)) {
                picked.set(null);
                return;
            }
            pickedResult.unbind();
            pickedAdded.unbind();
            if (c != null) {
                pickedResult.bind(c.result);
                pickedAdded.bind(c.added);
            } else {
                pickedResult.set(null);
                pickedAdded.set(false);
            }
        });
        canAdd = Bindings.createBooleanBinding(() -> picked.get() != null && pickedResult.get() != null && !pickedAdded.get(),
                picked, pickedResult, pickedAdded);
        pickedText = Bindings.createStringBinding(() -> {
            Cell c = picked.get();
            if (c == null) return cells.isEmpty() ? "" : "Click a result to use its strength.";
            return c.label() + " picked" + (pickedAdded.get() ? " · on the timeline" : "");
        }, picked, cells, pickedAdded);
    }

    public ObservableList<Cell> cells() { return cells; }
    /** The cell the artist picked, or null. */
    public ObjectProperty<Cell> pickedProperty() { return picked; }
    /** True while the sweep strip is shown. */
    public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }
    /** The style being swept. */
    public ReadOnlyObjectProperty<StylePreset> presetProperty() { return preset.getReadOnlyProperty(); }
    /** "Watercolor alone at 5 strengths · seed 42". */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    /** True while some cell has not finished. */
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** The picked cell has a result that is not on the timeline yet. */
    public BooleanBinding canAddProperty() { return canAdd; }
    public StringBinding pickedTextProperty() { return pickedText; }
    public long seed() { return seed; }

    /** What picking a cell does (the window sets the shelf's strength). */
    public void setOnPick(Consumer<Cell> action) { onPick = action == null ? c -> { } : action; }
    /** What "Add to Timeline" does with the picked cell. */
    public void setOnAdd(Consumer<Cell> action) { onAdd = action == null ? c -> { } : action; }
    /** How a cell's job is cancelled (the generation queue). */
    public void setCanceller(Consumer<GenerationJob> c) { canceller = c == null ? j -> { } : c; }

    /**
     * Starts a new sweep of {@code style} at {@code alphas} with one seed: the previous sweep's unfinished jobs are
     * cancelled and its cells replaced. Returns the new cells, in α order, for the caller to queue.
     */
    public List<Cell> start(StylePreset style, long seed, List<Double> alphas) {
        Objects.requireNonNull(style, "style");
        if (alphas.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one strength");
        cancel();
        long number = ++sweeps;
        List<Cell> next = new ArrayList<>();
        for (int i = 0; i < alphas.size(); i++) next.add(new Cell(i, alphas.get(i), number));
        this.seed = seed;
        picked.set(null);
        cells.setAll(next);
        preset.set(style);
        summary.set(style.name() + " alone at " + alphas.size() + " strengths · seed " + seed);
        active.set(true);
        updateRunning();
        return List.copyOf(next);
    }

    /** True when {@code cell} belongs to the sweep on show. */
    public boolean isCurrent(Cell cell) { return cell != null && active.get() && cells.contains(cell); }

    /** A job of {@code cell} changed (JavaFX thread). A job of a cancelled or closed sweep is cancelled too. */
    public void jobChanged(Cell cell, GenerationJob job) {
        if (!isCurrent(cell)) {
            if (!job.state().isFinished()) canceller.accept(job);
            return;
        }
        if (cell.cancelRequested) {
            // Cancelled before its job was known: stop it now (a later retry from the jobs panel runs as asked).
            cell.cancelRequested = false;
            if (!job.state().isFinished()) canceller.accept(job);
        }
        cell.update(job);
        updateRunning();
    }

    /** A cell's job could not be queued at all; {@code reason} is a sentence. */
    public void refused(Cell cell, String reason) {
        if (!isCurrent(cell)) return;
        cell.state.set(JobState.FAILED);
        cell.detail.set("Failed: " + reason);
        updateRunning();
    }

    /** Picks a cell: the shelf takes its strength. */
    public void pick(Cell cell) {
        if (!isCurrent(cell)) return;
        picked.set(cell);
        onPick.accept(cell);
    }

    /** Puts the picked cell's result on the timeline (once). */
    public void addPicked() {
        Cell c = picked.get();
        if (c == null || !canAdd.get()) return;
        onAdd.accept(c);
    }

    /** Marks a cell's result as put on the timeline. */
    public void markAdded(Cell c) { c.markAdded(); }

    /** Cancels every cell that has not finished. */
    public void cancel() {
        for (Cell c : cells) {
            if (c.isFinished()) continue;
            if (c.job == null) c.cancelRequested = true;
            else if (!c.job.state().isFinished()) canceller.accept(c.job);
        }
        updateRunning();
    }

    /** Closes the strip: unfinished cells are cancelled and results not on the timeline are let go. */
    public void close() {
        cancel();
        picked.set(null);
        cells.clear();
        active.set(false);
        preset.set(null);
        summary.set("");
        updateRunning();
    }

    private void updateRunning() {
        running.set(cells.stream().anyMatch(c -> !c.isFinished() && !c.cancelRequested));
    }
}

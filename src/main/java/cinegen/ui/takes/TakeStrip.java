package cinegen.ui.takes;

import cinegen.app.generate.GenerationJob;
import cinegen.frames.FrameSequence;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A strip of takes under the viewer: a batch of ordinary jobs on the generation queue whose results wait here, side
 * by side, outside the project, until the artist keeps one (it is then filed like any generated clip). Clicking a take
 * picks it; Keep files the picked take, Keep All every finished one; Cancel stops the takes still to render; closing
 * the strip cancels them too and lets the results that were not kept go. A new batch replaces the one on show. The
 * style sweep and Generate 4 Variants are strips. JavaFX thread, except what {@link Take} says.
 */
public class TakeStrip<T extends Take> {
    private final ObservableList<T> takes = FXCollections.observableArrayList();
    private final ObjectProperty<T> picked = new SimpleObjectProperty<>(this, "picked");
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper canKeepAll = new ReadOnlyBooleanWrapper(this, "canKeepAll");
    private final InvalidationListener keepables = o -> updateKeepAll();
    private final BooleanBinding canKeep;
    private final StringBinding pickedText;
    private Consumer<T> onPick = c -> { };
    private Consumer<T> onKeep = c -> { };
    private Consumer<GenerationJob> canceller = j -> { };

    /** @param pickHint what the strip says while nothing is picked, e.g. "Click a take to play it." */
    protected TakeStrip(String pickHint) {
        Objects.requireNonNull(pickHint, "pickHint");
        // The picked take's result and "kept" flag, followed as the pick changes. The bindings read these (not the
        // take's own properties), so the lazily validated bound properties keep reporting changes.
        ReadOnlyObjectWrapper<FrameSequence> pickedResult = new ReadOnlyObjectWrapper<>();
        ReadOnlyBooleanWrapper pickedKept = new ReadOnlyBooleanWrapper();
        picked.addListener((o, a, c) -> {
            if (c != null && !takes.contains(c)) {
                picked.set(null);
                return;
            }
            pickedResult.unbind();
            pickedKept.unbind();
            if (c != null) {
                pickedResult.bind(c.result);
                pickedKept.bind(c.kept);
            } else {
                pickedResult.set(null);
                pickedKept.set(false);
            }
        });
        canKeep = Bindings.createBooleanBinding(() -> picked.get() != null && pickedResult.get() != null && !pickedKept.get(),
                picked, pickedResult, pickedKept);
        pickedText = Bindings.createStringBinding(() -> {
            T c = picked.get();
            if (c == null) return takes.isEmpty() ? "" : pickHint;
            return c.label() + " picked" + (pickedKept.get() ? " · kept" : "");
        }, picked, takes, pickedKept);
    }

    /** The takes on show, in order. */
    public ObservableList<T> takes() { return takes; }
    /** The take the artist picked, or null. */
    public ObjectProperty<T> pickedProperty() { return picked; }
    /** True while the strip is shown. */
    public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }
    /** One line about the batch, e.g. "Watercolor alone at 5 strengths · seed 42". */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    /** True while some take has not finished. */
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** The picked take has a result that is not on the timeline yet. */
    public BooleanBinding canKeepProperty() { return canKeep; }
    /** Some take has a result that is not on the timeline yet. */
    public ReadOnlyBooleanProperty canKeepAllProperty() { return canKeepAll.getReadOnlyProperty(); }
    public StringBinding pickedTextProperty() { return pickedText; }

    /** What picking a take does besides picking it. */
    public void setOnPick(Consumer<T> action) { onPick = action == null ? c -> { } : action; }
    /** What keeping a take does (files it; the filer calls {@link #markKept} once it is on the timeline). */
    public void setOnKeep(Consumer<T> action) { onKeep = action == null ? c -> { } : action; }
    /** How a take's job is cancelled (the generation queue). */
    public void setCanceller(Consumer<GenerationJob> c) { canceller = c == null ? j -> { } : c; }

    private Consumer<GenerationJob> onLetGo = j -> { };

    /** What becomes of the finished job of a take that leaves the strip without being kept (its frames are let go). */
    public void setOnLetGo(Consumer<GenerationJob> action) { onLetGo = action == null ? j -> { } : action; }

    /**
     * Shows a new batch: the unfinished takes of the one on show are cancelled and its takes replaced. Returns the
     * takes for the caller to queue.
     */
    protected final List<T> begin(List<T> next, String summaryText) {
        if (next.isEmpty()) throw new IllegalArgumentException("a strip needs at least one take");
        cancel();
        for (T t : takes) {
            unwatch(t);
            letGoIfUnkept(t);
        }
        picked.set(null);
        takes.setAll(next);
        for (T t : next) {
            t.result.addListener(keepables);
            t.kept.addListener(keepables);
        }
        summary.set(summaryText);
        active.set(true);
        updateRunning();
        updateKeepAll();
        return List.copyOf(next);
    }

    /** True when {@code take} belongs to the batch on show. */
    public boolean isCurrent(Take take) { return take != null && active.get() && takes.contains(take); }

    /** A job of {@code take} changed (JavaFX thread). A job of a cancelled or closed batch is cancelled too. */
    public void jobChanged(Take take, GenerationJob job) {
        if (!isCurrent(take)) {
            if (!job.state().isFinished()) canceller.accept(job);
            return;
        }
        if (take.cancelRequested) {
            // Cancelled before its job was known: stop it now (a later retry from the jobs panel runs as asked).
            take.cancelRequested = false;
            if (!job.state().isFinished()) canceller.accept(job);
        }
        take.update(job);
        updateRunning();
    }

    /** A take's job could not be queued at all; {@code reason} is a sentence. */
    public void refused(Take take, String reason) {
        if (!isCurrent(take)) return;
        take.fail(reason);
        updateRunning();
    }

    /** Picks a take. */
    public void pick(T take) {
        if (!isCurrent(take)) return;
        picked.set(take);
        onPick.accept(take);
    }

    /** Keeps the picked take (once). */
    public void keepPicked() {
        T c = picked.get();
        if (c == null || !canKeep.get()) return;
        onKeep.accept(c);
    }

    /** Keeps every take that has a result not on the timeline yet, in order. */
    public void keepAll() {
        for (T t : List.copyOf(takes)) {
            if (t.isKeepable()) onKeep.accept(t);
        }
    }

    /** A take's result is on the timeline now. */
    public void markKept(Take take) { take.markKept(); }

    /** Cancels every take that has not finished. */
    public void cancel() {
        for (T c : takes) {
            if (c.isFinished()) continue;
            if (c.job == null) c.cancelRequested = true;
            else if (!c.job.state().isFinished()) canceller.accept(c.job);
        }
        updateRunning();
    }

    /** Closes the strip: unfinished takes are cancelled and results not on the timeline are let go. */
    public void close() {
        cancel();
        picked.set(null);
        for (T t : takes) {
            unwatch(t);
            letGoIfUnkept(t);
        }
        takes.clear();
        active.set(false);
        summary.set("");
        updateRunning();
        updateKeepAll();
    }

    private void letGoIfUnkept(T t) {
        if (t.job != null && !t.kept.get() && t.job.state() == cinegen.app.generate.JobState.DONE) onLetGo.accept(t.job);
    }

    private void unwatch(T t) {
        t.result.removeListener(keepables);
        t.kept.removeListener(keepables);
    }

    private void updateRunning() {
        running.set(takes.stream().anyMatch(c -> !c.isFinished() && !c.cancelRequested));
    }

    private void updateKeepAll() {
        canKeepAll.set(takes.stream().anyMatch(Take::isKeepable));
    }
}

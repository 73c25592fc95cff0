package cinegen.project.edit;

import cinegen.project.Project;
import cinegen.project.ProjectChange;
import cinegen.project.ProjectListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Undo and redo for one project, with two limits: a number of entries, and a memory cap for heavy edits
 * (mask strokes and fills). When a limit is exceeded the oldest entries are forgotten; for the memory cap, every
 * entry up to and including the oldest heavy one, since history can only be undone in order.
 * <p>
 * Each entry remembers whether the project was clean before and after it, so undoing or redoing back to the saved
 * state makes the project clean again. The history notices saves through the project's clean/dirty changes.
 */
public final class UndoHistory {
    public static final int DEFAULT_MAX_ENTRIES = 200;
    public static final long DEFAULT_HEAVY_BYTES = 512L * 1024 * 1024;

    private static final class Entry {
        final Edit edit;
        boolean cleanBefore;
        boolean cleanAfter;

        Entry(Edit edit, boolean cleanBefore) {
            this.edit = edit;
            this.cleanBefore = cleanBefore;
        }
    }

    private final Project project;
    private final int maxEntries;
    private final long heavyCap;
    private final List<Entry> entries = new ArrayList<>();
    /** Entries before this index are applied (can be undone); the rest can be redone. */
    private int cursor;
    private boolean busy;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ProjectListener saveWatcher = this::onProjectChange;

    public UndoHistory(Project project) {
        this(project, DEFAULT_MAX_ENTRIES, DEFAULT_HEAVY_BYTES);
    }

    /**
     * @param maxEntries most entries kept (at least 1)
     * @param heavyCap   most bytes kept by heavy edits; an edit bigger than this is applied but cannot be undone
     */
    public UndoHistory(Project project, int maxEntries, long heavyCap) {
        this.project = Objects.requireNonNull(project, "project");
        if (maxEntries < 1) throw new IllegalArgumentException("max entries must be at least 1, got " + maxEntries);
        if (heavyCap < 0) throw new IllegalArgumentException("heavy cap must be >= 0, got " + heavyCap);
        this.maxEntries = maxEntries;
        this.heavyCap = heavyCap;
        project.addListener(saveWatcher);
    }

    public Project project() { return project; }

    /**
     * Applies {@code edit} and records it; forgets whatever could have been redone.
     *
     * @return false when the edit changes nothing and was ignored
     */
    public boolean perform(Edit edit) {
        Objects.requireNonNull(edit, "edit");
        if (busy) throw new IllegalStateException("an edit cannot be performed while another one is applied");
        if (edit.changesNothing()) return false;
        boolean wasClean = !project.isDirty();
        run(edit::redo);
        project.markDirty();
        entries.subList(cursor, entries.size()).clear();
        entries.add(new Entry(edit, wasClean));
        cursor = entries.size();
        trim();
        fire();
        return true;
    }

    public boolean canUndo() { return cursor > 0; }

    public boolean canRedo() { return cursor < entries.size(); }

    /** Name of the edit {@link #undo()} would take back. */
    public Optional<String> undoName() { return canUndo() ? Optional.of(entries.get(cursor - 1).edit.name()) : Optional.empty(); }

    /** Name of the edit {@link #redo()} would apply. */
    public Optional<String> redoName() { return canRedo() ? Optional.of(entries.get(cursor).edit.name()) : Optional.empty(); }

    public void undo() {
        if (!canUndo()) throw new IllegalStateException("nothing to undo");
        Entry e = entries.get(cursor - 1);
        run(e.edit::undo);
        cursor--;
        restoreClean(e.cleanBefore);
        fire();
    }

    public void redo() {
        if (!canRedo()) throw new IllegalStateException("nothing to redo");
        Entry e = entries.get(cursor);
        run(e.edit::redo);
        cursor++;
        restoreClean(e.cleanAfter);
        fire();
    }

    /** Number of edits that can be undone. */
    public int undoCount() { return cursor; }

    /** Number of edits that can be redone. */
    public int redoCount() { return entries.size() - cursor; }

    /** Bytes currently held by heavy edits. */
    public long heavyBytes() {
        long sum = 0;
        for (Entry e : entries) sum += e.edit.heavyBytes();
        return sum;
    }

    /** Forgets all entries (e.g. after the project was reloaded). */
    public void clear() {
        entries.clear();
        cursor = 0;
        fire();
    }

    /** Stops following the project; call when the project is closed. */
    public void dispose() { project.removeListener(saveWatcher); }

    /** Called after each change of the history (for enabling menu items). */
    public void addListener(Runnable listener) { listeners.add(Objects.requireNonNull(listener)); }

    public void removeListener(Runnable listener) { listeners.remove(listener); }

    private void run(Runnable action) {
        busy = true;
        try {
            action.run();
        } finally {
            busy = false;
        }
    }

    private void restoreClean(boolean clean) {
        busy = true;
        try {
            if (clean) project.markClean(); else project.markDirty();
        } finally {
            busy = false;
        }
    }

    private void onProjectChange(ProjectChange change) {
        if (busy || change.kind() != ProjectChange.Kind.DIRTY || project.isDirty()) return;
        // the project was saved: only the current position is clean now
        for (Entry e : entries) {
            e.cleanBefore = false;
            e.cleanAfter = false;
        }
        if (cursor > 0) entries.get(cursor - 1).cleanAfter = true;
        if (cursor < entries.size()) entries.get(cursor).cleanBefore = true;
    }

    private void trim() {
        if (entries.size() > maxEntries) drop(entries.size() - maxEntries);
        while (heavyBytes() > heavyCap) {
            int oldestHeavy = -1;
            for (int i = 0; i < cursor; i++) {
                if (entries.get(i).edit.heavyBytes() > 0) {
                    oldestHeavy = i;
                    break;
                }
            }
            if (oldestHeavy < 0) break;
            drop(oldestHeavy + 1);
        }
    }

    private void drop(int count) {
        entries.subList(0, count).clear();
        cursor -= count;
    }

    private void fire() {
        for (Runnable r : listeners) r.run();
    }
}

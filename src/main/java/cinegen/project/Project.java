package cinegen.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Cinegen project: name, folder, media bin, timeline, mask tracks and generation defaults, with a dirty flag.
 * <p>
 * Mutable, and every change is announced to {@link ProjectListener}s. The methods here change the document
 * directly and mark it dirty; the studio should change it through the undoable edits of
 * {@code cinegen.project.edit} and their {@code UndoHistory}. Not thread-safe: use it from one thread (the UI thread).
 * <p>
 * Besides the document, a project keeps the studio's working state, saved and opened with it: the inspector's
 * settings and the job history (docs/decisions/0619). Setting them is not a document change: it neither marks the
 * project dirty nor counts as a revision, and it is not undoable.
 */
public final class Project {
    private String name;
    private Path folder;
    private GenerationSettings settings;
    private final List<MediaItem> media = new ArrayList<>();
    private final List<MaskTrack> maskTracks = new ArrayList<>();
    private final Timeline timeline;
    private boolean dirty;
    private InspectorSettings inspectorSettings;
    private List<JobRecord> jobHistory = List.of();
    /** Counts document changes, so a save that ran on a snapshot can tell whether it saved the latest state. */
    private long revision;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();

    /** An empty project with default generation settings and a timeline at their frame rate. */
    public Project(String name) {
        this(name, GenerationSettings.defaults(), GenerationSettings.defaults().fps());
    }

    public Project(String name, GenerationSettings settings, double timelineFps) {
        this.name = requireName(name);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeline = new Timeline(this, timelineFps);
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("project name is empty");
        return name.strip();
    }

    // ---- listeners ----

    public void addListener(ProjectListener l) { listeners.add(Objects.requireNonNull(l)); }

    public void removeListener(ProjectListener l) { listeners.remove(l); }

    void fire(ProjectChange change) {
        for (ProjectListener l : listeners) l.projectChanged(change);
    }

    /** Marks the document changed and tells listeners what changed. */
    void changed(ProjectChange change) {
        revision++;
        setDirty(true);
        fire(change);
    }

    // ---- dirty state ----

    /** Goes up with every change of the document (not with saves, the folder or the playhead). */
    public long revision() { return revision; }

    /** True when there are changes not yet saved. */
    public boolean isDirty() { return dirty; }

    /** Called by the store after a save, and by the undo history when it returns to the saved state. */
    public void markClean() { setDirty(false); }

    public void markDirty() { setDirty(true); }

    private void setDirty(boolean d) {
        if (dirty != d) {
            dirty = d;
            fire(ProjectChange.of(ProjectChange.Kind.DIRTY));
        }
    }

    // ---- name, folder, settings ----

    public String name() { return name; }

    public void setName(String newName) {
        newName = requireName(newName);
        if (!newName.equals(name)) {
            name = newName;
            changed(ProjectChange.of(ProjectChange.Kind.NAME));
        }
    }

    /** The project folder; empty for a project that was never saved. */
    public Optional<Path> folder() { return Optional.ofNullable(folder); }

    /** Set by the store when the project is created, opened or saved elsewhere; not a document change. */
    public void setFolder(Path newFolder) {
        if (!Objects.equals(folder, newFolder)) {
            folder = newFolder;
            fire(ProjectChange.of(ProjectChange.Kind.FOLDER));
        }
    }

    public GenerationSettings settings() { return settings; }

    public void setSettings(GenerationSettings newSettings) {
        Objects.requireNonNull(newSettings, "settings");
        if (!newSettings.equals(settings)) {
            settings = newSettings;
            changed(ProjectChange.of(ProjectChange.Kind.SETTINGS));
        }
    }

    // ---- working state kept with the project (not the document) ----

    /** The job history keeps the most recent this many jobs. */
    public static final int MAX_JOB_HISTORY = 200;

    /** The inspector's settings as the studio last put them here, or as opened; empty for a new project. */
    public Optional<InspectorSettings> inspectorSettings() { return Optional.ofNullable(inspectorSettings); }

    /** Keeps the inspector's settings with the project (saved with it); not a document change. */
    public void setInspectorSettings(InspectorSettings settings) { inspectorSettings = settings; }

    /** Finished and interrupted jobs, oldest first, as the studio last put them here or as opened. */
    public List<JobRecord> jobHistory() { return jobHistory; }

    /** Keeps the job history with the project (the last {@value #MAX_JOB_HISTORY} jobs); not a document change. */
    public void setJobHistory(List<JobRecord> jobs) {
        List<JobRecord> all = List.copyOf(jobs);
        jobHistory = all.size() > MAX_JOB_HISTORY ? all.subList(all.size() - MAX_JOB_HISTORY, all.size()) : all;
    }

    // ---- media bin ----

    /** The media bin in display order. */
    public List<MediaItem> media() { return Collections.unmodifiableList(media); }

    public Optional<MediaItem> mediaItem(String id) {
        for (MediaItem m : media) if (m.id().equals(id)) return Optional.of(m);
        return Optional.empty();
    }

    public int mediaIndex(String id) {
        for (int i = 0; i < media.size(); i++) if (media.get(i).id().equals(id)) return i;
        return -1;
    }

    /** Inserts {@code item} at {@code index} of the bin (use {@code media().size()} to append). */
    public void addMedia(int index, MediaItem item) {
        Objects.requireNonNull(item, "item");
        if (mediaIndex(item.id()) >= 0) throw new IllegalArgumentException("media id '" + item.id() + "' is already in the bin");
        media.add(index, item);
        changed(ProjectChange.of(ProjectChange.Kind.MEDIA_ADDED, item.id()));
    }

    /** Removes an item no clip uses; returns it. */
    public MediaItem removeMedia(String id) {
        int i = mediaIndex(id);
        if (i < 0) throw new IllegalArgumentException("no media item '" + id + "' in the bin");
        for (Clip c : timeline.clips()) {
            if (c.mediaId().equals(id)) {
                throw new IllegalStateException("media '" + id + "' is still used by clip '" + c.id() + "'");
            }
        }
        MediaItem removed = media.remove(i);
        changed(ProjectChange.of(ProjectChange.Kind.MEDIA_REMOVED, id));
        return removed;
    }

    /** Replaces the item with the same id; the timeline's clips must still fit it. */
    public void replaceMedia(MediaItem item) {
        int i = mediaIndex(item.id());
        if (i < 0) throw new IllegalArgumentException("no media item '" + item.id() + "' in the bin");
        MediaItem old = media.set(i, item);
        String problem = timeline.problem(timeline.clips());
        if (problem != null) {
            media.set(i, old);
            throw new IllegalArgumentException("cannot change media '" + item.id() + "': " + problem);
        }
        changed(ProjectChange.of(ProjectChange.Kind.MEDIA_CHANGED, item.id()));
    }

    // ---- timeline ----

    public Timeline timeline() { return timeline; }

    // ---- masks ----

    public List<MaskTrack> maskTracks() { return Collections.unmodifiableList(maskTracks); }

    public Optional<MaskTrack> maskTrack(String id) {
        for (MaskTrack t : maskTracks) if (t.id().equals(id)) return Optional.of(t);
        return Optional.empty();
    }

    public int maskTrackIndex(String id) {
        for (int i = 0; i < maskTracks.size(); i++) if (maskTracks.get(i).id().equals(id)) return i;
        return -1;
    }

    public void addMaskTrack(int index, MaskTrack track) {
        Objects.requireNonNull(track, "track");
        if (maskTrackIndex(track.id()) >= 0) throw new IllegalArgumentException("mask track id '" + track.id() + "' is already used");
        if (track.owner() != null) throw new IllegalArgumentException("mask track '" + track.id() + "' belongs to another project");
        maskTracks.add(index, track);
        track.attach(this);
        changed(ProjectChange.of(ProjectChange.Kind.MASK_TRACK_ADDED, track.id()));
    }

    public MaskTrack removeMaskTrack(String id) {
        int i = maskTrackIndex(id);
        if (i < 0) throw new IllegalArgumentException("no mask track '" + id + "'");
        MaskTrack removed = maskTracks.remove(i);
        removed.attach(null);
        changed(ProjectChange.of(ProjectChange.Kind.MASK_TRACK_REMOVED, id));
        return removed;
    }

    @Override
    public String toString() {
        return "Project[" + name + (dirty ? ", unsaved" : "") + "]";
    }
}

package cinegen.ui.main;

import cinegen.app.studio.StudioSession;
import cinegen.frames.FrameSequence;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.ui.common.UiTasks;
import cinegen.ui.status.StatusViewModel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The current project's media as decoded frames, decoded off the FX thread: bin items up to
 * {@link #MAX_DECODED_FRAMES} frames (shown alone, painted on, used as a job's source) and every frame of the media
 * the timeline uses (what the program plays and the export writes). Forgotten when the project changes; work that
 * finishes for a project that is no longer current is dropped. FX thread.
 */
final class MediaFrames {
    /**
     * Bin items are decoded up to this many frames for showing them alone, painting masks and as inpainting input
     * (the most a generation takes). The timeline always decodes every frame (issue 30).
     */
    static final int MAX_DECODED_FRAMES = 240;

    private final StudioSession session;
    private final UiTasks tasks;
    private final StatusViewModel status;
    /** Frames of bin items at their own size, by media id, at most {@link #MAX_DECODED_FRAMES} of them. */
    private final Map<String, FrameSequence> frames = new HashMap<>();
    /** Every frame of the media the timeline uses, by media id: what the renderer plays and exports. */
    private final Map<String, FrameSequence> programFrames = new HashMap<>();
    private final Set<String> loading = new HashSet<>();
    private final Set<String> unreadable = new HashSet<>();
    private Project project;

    MediaFrames(StudioSession session, UiTasks tasks, StatusViewModel status) {
        this.session = Objects.requireNonNull(session, "session");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.status = Objects.requireNonNull(status, "status");
    }

    void bind(Project p) {
        project = p;
        frames.clear();
        programFrames.clear();
        unreadable.clear();
    }

    /** Every frame of the media, when decoded; null while loading, unreadable or not asked for. */
    FrameSequence program(String mediaId) { return programFrames.get(mediaId); }
    boolean hasProgram(String mediaId) { return programFrames.containsKey(mediaId); }
    boolean isUnreadable(String mediaId) { return unreadable.contains(mediaId); }
    boolean isLoading(String mediaId) { return loading.contains(mediaId); }

    /** Frames to show as a thumbnail: all of them, or the bin's first ones; null when none are decoded. */
    FrameSequence any(String mediaId) { return programFrames.getOrDefault(mediaId, frames.get(mediaId)); }

    /** A generated clip's frames, known without decoding. */
    void putGenerated(String mediaId, FrameSequence f) {
        frames.put(mediaId, f);
        programFrames.put(mediaId, f);
    }

    /** The media left the project. */
    void forget(String mediaId) {
        frames.remove(mediaId);
        programFrames.remove(mediaId);
    }

    /** Runs {@code then} with the media's frames, loading them off the JavaFX thread first if needed. */
    void withFrames(MediaItem media, Consumer<FrameSequence> then) {
        withFrames(media, then, () -> { });
    }

    /** {@link #withFrames(MediaItem, Consumer)}, running {@code failed} when they cannot be read. */
    void withFrames(MediaItem media, Consumer<FrameSequence> then, Runnable failed) {
        FrameSequence cached = frames.get(media.id());
        FrameSequence all = programFrames.get(media.id());
        if (cached == null && all != null) {
            cached = all.frameCount() <= MAX_DECODED_FRAMES ? all : all.slice(0, MAX_DECODED_FRAMES);
            frames.put(media.id(), cached);
        }
        if (cached != null) {
            then.accept(cached);
            return;
        }
        Project owner = project;
        tasks.submit(p -> session.loadFrames(owner, media, MAX_DECODED_FRAMES), seq -> {
            if (project != owner) return;
            frames.put(media.id(), seq);
            then.accept(seq);
        }, reason -> {
            status.showMessage("Could not show " + media.name() + ": " + reason);
            if (project == owner) failed.run();
        });
    }

    /**
     * Decodes every frame of {@code m} for the program (once, however often asked), then runs {@code changed}, also
     * when it cannot be read (it is then {@link #isUnreadable}).
     */
    void loadProgram(MediaItem m, Runnable changed) {
        if (!loading.add(m.id())) return;
        Project owner = project;
        // Every frame: the viewer plays what the export writes, a long video included (issue 30).
        tasks.submit(p -> session.loadFrames(owner, m, 0), seq -> {
            loading.remove(m.id());
            if (project != owner) return;
            programFrames.put(m.id(), seq);
            changed.run();
        }, reason -> {
            loading.remove(m.id());
            unreadable.add(m.id());
            status.showMessage(m.name() + " cannot be shown: " + reason);
            changed.run();
        });
    }
}

package cinegen.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One video track: clips ordered by start frame, never overlapping, with gaps allowed between them.
 * Also holds the playhead (in timeline frames) and the frame rate the timeline plays and exports at.
 * Changes go through {@link #setClips(List)}, which checks the whole track, so an edit is a pair of clip lists.
 */
public final class Timeline {
    /**
     * The longest timeline, in frames (a bit under an hour at 30 fps): no clip may end later, which bounds every
     * clip's length and every gap, so a hostile project cannot make an export hold billions of frames.
     */
    public static final int MAX_FRAMES = 100_000;

    private final Project project;
    private double fps;
    private List<Clip> clips = List.of();
    private long playhead;

    Timeline(Project project, double fps) {
        this.project = project;
        this.fps = requireFps(fps);
    }

    private static double requireFps(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("timeline fps must be positive, got " + fps);
        return fps;
    }

    /** The clips, ordered by start; an immutable snapshot. */
    public List<Clip> clips() { return clips; }

    public double fps() { return fps; }

    /** Length in frames: the end of the last clip, 0 when empty. */
    public long duration() { return clips.isEmpty() ? 0 : clips.get(clips.size() - 1).end(); }

    public long playhead() { return playhead; }

    public Optional<Clip> clip(String id) {
        int i = indexOf(id);
        return i < 0 ? Optional.empty() : Optional.of(clips.get(i));
    }

    /** Position of the clip in the track, or -1. */
    public int indexOf(String clipId) {
        for (int i = 0; i < clips.size(); i++) if (clips.get(i).id().equals(clipId)) return i;
        return -1;
    }

    /** The clip under timeline frame {@code frame}, if any (e.g. under the playhead). */
    public Optional<Clip> clipAt(long frame) {
        for (Clip c : clips) if (c.covers(frame)) return Optional.of(c);
        return Optional.empty();
    }

    /** Replaces all clips after checking them (see {@link #problem(List)}); keeps the playhead within the new duration. */
    public void setClips(List<Clip> newClips) {
        List<Clip> copy = List.copyOf(newClips);
        String problem = problem(copy);
        if (problem != null) throw new IllegalArgumentException(problem);
        if (copy.equals(clips)) return;
        clips = copy;
        project.changed(ProjectChange.of(ProjectChange.Kind.TIMELINE));
        if (playhead > duration()) setPlayhead(duration());
    }

    public void setFps(double newFps) {
        requireFps(newFps);
        if (newFps != fps) {
            fps = newFps;
            project.changed(ProjectChange.of(ProjectChange.Kind.TIMELINE));
        }
    }

    /** Moves the playhead, clamped to [0, duration]. Not a document change. */
    public void setPlayhead(long frame) {
        long clamped = Math.max(0, Math.min(frame, duration()));
        if (clamped != playhead) {
            playhead = clamped;
            project.fire(ProjectChange.of(ProjectChange.Kind.PLAYHEAD));
        }
    }

    /**
     * Why {@code candidate} is not a valid track for this project, or null: ids must be unique, clips ordered by
     * start without overlap, each must use a media item of the bin and stay within its frames (stills excepted).
     */
    public String problem(List<Clip> candidate) {
        Set<String> ids = new HashSet<>();
        Clip previous = null;
        for (Clip c : candidate) {
            Objects.requireNonNull(c, "clip");
            if (!ids.add(c.id())) return "clip id '" + c.id() + "' is used twice";
            String bounds = boundsProblem(c);
            if (bounds != null) return bounds;
            if (previous != null && c.start() < previous.end()) {
                return "clip '" + c.id() + "' starts at frame " + c.start() + ", before clip '" + previous.id()
                        + "' ends at frame " + previous.end();
            }
            Optional<MediaItem> item = project.mediaItem(c.mediaId());
            if (item.isEmpty()) return "clip '" + c.id() + "' uses media '" + c.mediaId() + "', which is not in the bin";
            MediaItem m = item.get();
            if (!m.isStill() && c.outPoint() > m.frameCount()) {
                return "clip '" + c.id() + "' ends at source frame " + c.outPoint() + " but media '" + m.id()
                        + "' has only " + m.frameCount() + " frames";
            }
            previous = c;
        }
        return null;
    }

    /** Why the clip does not fit in the longest timeline ({@link #MAX_FRAMES}), or null. */
    public static String boundsProblem(Clip c) {
        if (c.length() > MAX_FRAMES) {
            return "clip '" + c.id() + "' is " + c.length() + " frames long (in point " + c.inPoint() + ", out point " + c.outPoint()
                    + "); a clip can be at most " + MAX_FRAMES + " frames";
        }
        if (c.end() > MAX_FRAMES) {
            return "clip '" + c.id() + "' starts at frame " + c.start() + " and would end at frame " + c.end()
                    + "; the timeline can be at most " + MAX_FRAMES + " frames long";
        }
        return null;
    }

    /** The clips as a mutable list, for edits to rearrange. */
    public List<Clip> copyOfClips() { return new ArrayList<>(clips); }
}

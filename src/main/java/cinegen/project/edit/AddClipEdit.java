package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Ids;
import cinegen.project.MediaItem;
import cinegen.project.Project;

import java.util.List;

/** Puts a clip of a bin item on the timeline, before the clip at an index (later clips move right) or at the end. */
public final class AddClipEdit extends TimelineEdit {
    /** How long a still image lasts when added whole. */
    public static final double DEFAULT_STILL_SECONDS = 3;

    private final String clipId;

    private AddClipEdit(Project project, List<Clip> after, String clipId) {
        super(project, after, "Add Clip");
        this.clipId = clipId;
    }

    /** Appends the whole of {@code mediaId} (a still lasts {@link #DEFAULT_STILL_SECONDS}). */
    public static AddClipEdit append(Project project, String mediaId) {
        MediaItem item = requireMedia(project, mediaId);
        int length = item.isStill()
                ? (int) Math.max(1, Math.round(DEFAULT_STILL_SECONDS * project.timeline().fps()))
                : item.frameCount();
        return insert(project, project.timeline().clips().size(), mediaId, 0, length);
    }

    /**
     * Inserts source frames [inPoint, outPoint) of {@code mediaId} as the {@code index}-th clip: it starts where that
     * clip started (which moves right with all after it), or at the end of the track when {@code index} is the clip count.
     */
    public static AddClipEdit insert(Project project, int index, String mediaId, int inPoint, int outPoint) {
        MediaItem item = requireMedia(project, mediaId);
        List<Clip> clips = project.timeline().copyOfClips();
        if (index < 0 || index > clips.size()) {
            throw new IndexOutOfBoundsException("clip index " + index + " is outside 0.." + clips.size());
        }
        long start = index < clips.size() ? clips.get(index).start() : project.timeline().duration();
        Clip clip = new Clip(Ids.newId("clip"), mediaId, item.name(), start, inPoint, outPoint);
        shift(clips, index, clip.length());
        clips.add(index, clip);
        return new AddClipEdit(project, clips, clip.id());
    }

    /** The id of the new clip. */
    public String clipId() { return clipId; }

    static MediaItem requireMedia(Project project, String mediaId) {
        return project.mediaItem(mediaId)
                .orElseThrow(() -> new IllegalArgumentException("no media item '" + mediaId + "' in the bin"));
    }
}

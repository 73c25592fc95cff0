package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;

import java.util.List;

/**
 * Drag to reorder: takes a clip out (later clips close up) and puts it back as the {@code newIndex}-th clip, where
 * that clip started (it and later clips make room), or at the end. Gaps stay in front of the clips they preceded.
 */
public final class MoveClipEdit extends TimelineEdit {
    private MoveClipEdit(Project project, List<Clip> after) {
        super(project, after, "Move Clip");
    }

    /** @param newIndex the clip's position in the track afterwards, 0 .. clip count − 1 */
    public static MoveClipEdit of(Project project, String clipId, int newIndex) {
        Clip clip = require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        if (newIndex < 0 || newIndex >= clips.size()) {
            throw new IndexOutOfBoundsException("clip index " + newIndex + " is outside 0.." + (clips.size() - 1));
        }
        int from = project.timeline().indexOf(clipId);
        clips.remove(from);
        shift(clips, from, -clip.length());
        long end = clips.isEmpty() ? 0 : clips.get(clips.size() - 1).end();
        long start = newIndex < clips.size() ? clips.get(newIndex).start() : end;
        shift(clips, newIndex, clip.length());
        clips.add(newIndex, clip.withStart(start));
        return new MoveClipEdit(project, clips);
    }
}

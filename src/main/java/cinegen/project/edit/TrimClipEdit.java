package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;

import java.util.List;

/**
 * Moves a clip's in and out points. A plain trim keeps the rest of the track where it is: trimming the in point
 * moves the clip's start with it, and the clip may not grow into its neighbours. A ripple trim keeps the clip's
 * start and moves every later clip by the change in length.
 */
public final class TrimClipEdit extends TimelineEdit {
    private TrimClipEdit(Project project, List<Clip> after, boolean ripple) {
        super(project, after, ripple ? "Ripple Trim" : "Trim Clip");
    }

    public static TrimClipEdit of(Project project, String clipId, int newIn, int newOut, boolean ripple) {
        Clip clip = require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        int i = project.timeline().indexOf(clipId);
        Clip trimmed;
        if (ripple) {
            trimmed = clip.withPoints(newIn, newOut);
            shift(clips, i + 1, trimmed.length() - clip.length());
        } else {
            long start = clip.start() + (newIn - clip.inPoint());
            if (start < 0) {
                throw new IllegalArgumentException("Trim Clip is not possible: the clip would start "
                        + (-start) + " frames before the timeline");
            }
            trimmed = clip.withPoints(newIn, newOut).withStart(start);
        }
        clips.set(i, trimmed);
        return new TrimClipEdit(project, clips, ripple);
    }
}

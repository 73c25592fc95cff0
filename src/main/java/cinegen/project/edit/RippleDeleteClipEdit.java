package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;

import java.util.List;

/** Deletes a clip and moves every later clip left by its length, closing the hole. */
public final class RippleDeleteClipEdit extends TimelineEdit {
    private RippleDeleteClipEdit(Project project, List<Clip> after) {
        super(project, after, "Ripple Delete");
    }

    public static RippleDeleteClipEdit of(Project project, String clipId) {
        Clip clip = require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        int i = project.timeline().indexOf(clipId);
        clips.remove(i);
        shift(clips, i, -clip.length());
        return new RippleDeleteClipEdit(project, clips);
    }
}

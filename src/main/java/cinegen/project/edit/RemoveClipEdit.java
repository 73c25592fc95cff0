package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;

import java.util.List;

/** Deletes a clip and leaves a gap where it was (see {@link RippleDeleteClipEdit} to close it). */
public final class RemoveClipEdit extends TimelineEdit {
    private RemoveClipEdit(Project project, List<Clip> after) {
        super(project, after, "Delete Clip");
    }

    public static RemoveClipEdit of(Project project, String clipId) {
        require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        clips.remove(project.timeline().indexOf(clipId));
        return new RemoveClipEdit(project, clips);
    }
}

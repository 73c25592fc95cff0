package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;

import java.util.List;

/** Changes a clip's display name. */
public final class RenameClipEdit extends TimelineEdit {
    private RenameClipEdit(Project project, List<Clip> after) {
        super(project, after, "Rename Clip");
    }

    public static RenameClipEdit of(Project project, String clipId, String newName) {
        Clip clip = require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        clips.set(project.timeline().indexOf(clipId), clip.withName(newName));
        return new RenameClipEdit(project, clips);
    }
}

package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Ids;
import cinegen.project.Project;

import java.util.List;

/** Puts a copy of a clip right after it; later clips move right to make room. */
public final class DuplicateClipEdit extends TimelineEdit {
    private final String copyId;

    private DuplicateClipEdit(Project project, List<Clip> after, String copyId) {
        super(project, after, "Duplicate Clip");
        this.copyId = copyId;
    }

    public static DuplicateClipEdit of(Project project, String clipId) {
        Clip clip = require(project, clipId);
        List<Clip> clips = project.timeline().copyOfClips();
        int i = project.timeline().indexOf(clipId);
        Clip copy = clip.withId(Ids.newId("clip")).withStart(clip.end());
        shift(clips, i + 1, clip.length());
        clips.add(i + 1, copy);
        return new DuplicateClipEdit(project, clips, copy.id());
    }

    public String copyId() { return copyId; }
}

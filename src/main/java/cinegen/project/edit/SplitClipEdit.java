package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Ids;
import cinegen.project.Project;

import java.util.List;

/** Cuts the clip under a timeline frame (the playhead) in two at that frame. */
public final class SplitClipEdit extends TimelineEdit {
    private final String secondClipId;

    private SplitClipEdit(Project project, List<Clip> after, String secondClipId) {
        super(project, after, "Split Clip");
        this.secondClipId = secondClipId;
    }

    /** Splits at {@code frame}, which must lie strictly inside a clip. */
    public static SplitClipEdit at(Project project, long frame) {
        Clip clip = project.timeline().clipAt(frame)
                .filter(c -> frame > c.start())
                .orElseThrow(() -> new IllegalArgumentException("there is no clip to split at frame " + frame));
        int cut = (int) (clip.inPoint() + (frame - clip.start()));
        Clip first = clip.withPoints(clip.inPoint(), cut);
        Clip second = new Clip(Ids.newId("clip"), clip.mediaId(), clip.name(), frame, cut, clip.outPoint());
        List<Clip> clips = project.timeline().copyOfClips();
        int i = project.timeline().indexOf(clip.id());
        clips.set(i, first);
        clips.add(i + 1, second);
        return new SplitClipEdit(project, clips, second.id());
    }

    /** The id of the right-hand part (the left part keeps the original id). */
    public String secondClipId() { return secondClipId; }
}

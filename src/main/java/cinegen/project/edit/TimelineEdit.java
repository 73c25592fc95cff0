package cinegen.project.edit;

import cinegen.project.Clip;
import cinegen.project.Project;
import cinegen.project.Timeline;

import java.util.List;

/** An edit of the timeline's clips, kept as the track before and after (a light edit: clips are small). */
public abstract class TimelineEdit implements Edit {
    private final Timeline timeline;
    private final List<Clip> before;
    private final List<Clip> after;
    private final String name;

    /** Checks {@code after} against the project right away, so a bad edit fails before it is performed. */
    protected TimelineEdit(Project project, List<Clip> after, String name) {
        this.timeline = project.timeline();
        this.before = timeline.clips();
        this.after = List.copyOf(after);
        this.name = name;
        String problem = timeline.problem(this.after);
        if (problem != null) throw new IllegalArgumentException(name + " is not possible: " + problem);
    }

    @Override public String name() { return name; }
    @Override public void redo() { timeline.setClips(after); }
    @Override public void undo() { timeline.setClips(before); }
    @Override public boolean changesNothing() { return before.equals(after); }

    /** The clips once the edit is applied. */
    public List<Clip> after() { return after; }

    static Clip require(Project project, String clipId) {
        return project.timeline().clip(clipId)
                .orElseThrow(() -> new IllegalArgumentException("no clip '" + clipId + "' on the timeline"));
    }

    /** Shifts the clips from {@code from} on by {@code delta} frames. */
    static void shift(List<Clip> clips, int from, long delta) {
        for (int i = from; i < clips.size(); i++) clips.set(i, clips.get(i).withStart(clips.get(i).start() + delta));
    }
}

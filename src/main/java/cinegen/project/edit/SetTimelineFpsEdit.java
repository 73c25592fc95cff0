package cinegen.project.edit;

import cinegen.project.Project;
import cinegen.project.Timeline;

/** Changes the frame rate the timeline plays and exports at. */
public final class SetTimelineFpsEdit implements Edit {
    private final Timeline timeline;
    private final double before, after;

    private SetTimelineFpsEdit(Timeline timeline, double after) {
        this.timeline = timeline;
        this.before = timeline.fps();
        this.after = after;
    }

    public static SetTimelineFpsEdit of(Project project, double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("frame rate must be positive, got " + fps);
        return new SetTimelineFpsEdit(project.timeline(), fps);
    }

    @Override public String name() { return "Change Frame Rate"; }
    @Override public void redo() { timeline.setFps(after); }
    @Override public void undo() { timeline.setFps(before); }
    @Override public boolean changesNothing() { return before == after; }
}

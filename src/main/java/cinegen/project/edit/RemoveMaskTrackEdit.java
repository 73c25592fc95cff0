package cinegen.project.edit;

import cinegen.project.MaskTrack;
import cinegen.project.Project;

/** Removes a mask track; undo puts it back where it was. */
public final class RemoveMaskTrackEdit implements Edit {
    private final Project project;
    private final MaskTrack track;
    private final int index;

    private RemoveMaskTrackEdit(Project project, MaskTrack track, int index) {
        this.project = project;
        this.track = track;
        this.index = index;
    }

    public static RemoveMaskTrackEdit of(Project project, String trackId) {
        MaskTrack track = project.maskTrack(trackId)
                .orElseThrow(() -> new IllegalArgumentException("no mask track '" + trackId + "'"));
        return new RemoveMaskTrackEdit(project, track, project.maskTrackIndex(trackId));
    }

    @Override public String name() { return "Delete Mask"; }
    @Override public void redo() { project.removeMaskTrack(track.id()); }
    @Override public void undo() { project.addMaskTrack(index, track); }
    @Override public long heavyBytes() { return track.bytes(); }
}

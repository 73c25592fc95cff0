package cinegen.project.edit;

import cinegen.project.MaskTrack;
import cinegen.project.Project;

/** Adds a mask track to the project (e.g. when the user starts painting over a clip). */
public final class AddMaskTrackEdit implements Edit {
    private final Project project;
    private final MaskTrack track;

    private AddMaskTrackEdit(Project project, MaskTrack track) {
        this.project = project;
        this.track = track;
    }

    public static AddMaskTrackEdit of(Project project, MaskTrack track) {
        if (project.maskTrack(track.id()).isPresent()) {
            throw new IllegalArgumentException("mask track id '" + track.id() + "' is already used");
        }
        return new AddMaskTrackEdit(project, track);
    }

    public MaskTrack track() { return track; }

    @Override public String name() { return "Add Mask"; }
    @Override public void redo() { project.addMaskTrack(project.maskTracks().size(), track); }
    @Override public void undo() { project.removeMaskTrack(track.id()); }
    @Override public long heavyBytes() { return track.bytes(); }
}

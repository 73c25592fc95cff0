package cinegen.project.edit;

import cinegen.project.MaskPainting;
import cinegen.project.MaskTrack;

/** Swaps painted and unpainted on one mask. Its own inverse, so it keeps no pixels. */
public final class InvertMaskEdit implements Edit {
    private final MaskTrack track;
    private final int frame;

    private InvertMaskEdit(MaskTrack track, int frame) {
        this.track = track;
        this.frame = frame;
    }

    public static InvertMaskEdit of(MaskTrack track, int frame) {
        track.mask(frame); // checks the frame
        return new InvertMaskEdit(track, frame);
    }

    @Override public String name() { return "Invert Mask"; }
    @Override public void redo() { track.setMask(frame, MaskPainting.invert(track.mask(frame))); }
    @Override public void undo() { redo(); }
}

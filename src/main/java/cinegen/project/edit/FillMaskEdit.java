package cinegen.project.edit;

import cinegen.frames.Mask;
import cinegen.project.MaskPainting;
import cinegen.project.MaskTrack;

/** Sets a whole mask to one value: fill (1) or clear (0). Keeps the previous mask for undo. */
public final class FillMaskEdit implements Edit {
    private final MaskTrack track;
    private final int frame;
    private final Mask before;
    private final Mask after;
    private final String name;

    private FillMaskEdit(MaskTrack track, int frame, float value, String name) {
        this.track = track;
        this.frame = frame;
        this.before = track.mask(frame);
        this.after = MaskPainting.fill(before, value);
        this.name = name;
    }

    public static FillMaskEdit fill(MaskTrack track, int frame) { return new FillMaskEdit(track, frame, 1f, "Fill Mask"); }

    public static FillMaskEdit clear(MaskTrack track, int frame) { return new FillMaskEdit(track, frame, 0f, "Clear Mask"); }

    @Override public String name() { return name; }
    @Override public void redo() { track.setMask(frame, after); }
    @Override public void undo() { track.setMask(frame, before); }
    @Override public long heavyBytes() { return 8L * track.width() * track.height(); }
}

package cinegen.project.edit;

import cinegen.project.Brush;
import cinegen.project.MaskPainting;
import cinegen.project.MaskPatch;
import cinegen.project.MaskTrack;
import cinegen.project.StrokePoint;

import java.util.List;

/**
 * One brush or eraser stroke on one frame's mask (on the shared mask in shared mode).
 * Keeps only the changed rectangle's values before and after.
 */
public final class MaskStrokeEdit implements Edit {
    private final MaskTrack track;
    private final int frame;
    private final MaskPatch patch;
    private final boolean eraser;

    private MaskStrokeEdit(MaskTrack track, int frame, MaskPatch patch, boolean eraser) {
        this.track = track;
        this.frame = frame;
        this.patch = patch;
        this.eraser = eraser;
    }

    /** Paints {@code points} (mask pixel coordinates) with {@code brush} on the mask of {@code frame}. */
    public static MaskStrokeEdit of(MaskTrack track, int frame, List<StrokePoint> points, Brush brush) {
        return new MaskStrokeEdit(track, frame, MaskPainting.stroke(track.mask(frame), points, brush), brush.eraser());
    }

    public MaskPatch patch() { return patch; }

    @Override public String name() { return eraser ? "Erase" : "Brush Stroke"; }
    @Override public void redo() { track.setMask(frame, patch.applyTo(track.mask(frame))); }
    @Override public void undo() { track.setMask(frame, patch.revert(track.mask(frame))); }
    @Override public long heavyBytes() { return patch.bytes(); }
    @Override public boolean changesNothing() { return patch.isEmpty(); }
}

package cinegen.project.edit;

import cinegen.frames.Mask;
import cinegen.project.MaskTrack;

import java.util.List;

/** In a per-frame track, gives every frame after {@code frame} the mask of {@code frame}. */
public final class CopyMaskToFollowingEdit implements Edit {
    private final MaskTrack track;
    private final List<Mask> before;
    private final List<Mask> after;

    private CopyMaskToFollowingEdit(MaskTrack track, List<Mask> before, List<Mask> after) {
        this.track = track;
        this.before = before;
        this.after = after;
    }

    public static CopyMaskToFollowingEdit of(MaskTrack track, int frame) {
        if (!track.isPerFrame()) {
            throw new IllegalArgumentException("mask track '" + track.id() + "' has one mask for all frames; switch it to per-frame masks first");
        }
        Mask source = track.mask(frame);
        List<Mask> before = List.copyOf(track.masks());
        List<Mask> after = track.copyOfMasks();
        for (int f = frame + 1; f < after.size(); f++) after.set(f, source);
        return new CopyMaskToFollowingEdit(track, before, List.copyOf(after));
    }

    @Override public String name() { return "Copy Mask to Following Frames"; }
    @Override public void redo() { track.setMasks(true, after); }
    @Override public void undo() { track.setMasks(true, before); }
    @Override public boolean changesNothing() { return before.equals(after); }

    /** The masks that only this edit keeps alive once it is applied (those it replaced). */
    @Override
    public long heavyBytes() {
        long replaced = before.stream().distinct().filter(m -> !after.contains(m)).count();
        return replaced * 4L * track.width() * track.height();
    }
}

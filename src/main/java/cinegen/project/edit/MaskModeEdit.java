package cinegen.project.edit;

import cinegen.frames.Mask;
import cinegen.project.MaskTrack;

import java.util.Collections;
import java.util.List;

/**
 * Switches a mask track between one mask for all frames and one mask per frame. Going per-frame starts every frame
 * with the shared mask; going shared keeps the mask of the chosen frame.
 */
public final class MaskModeEdit implements Edit {
    private final MaskTrack track;
    private final boolean beforePerFrame;
    private final List<Mask> before;
    private final boolean afterPerFrame;
    private final List<Mask> after;

    private MaskModeEdit(MaskTrack track, boolean afterPerFrame, List<Mask> after) {
        this.track = track;
        this.beforePerFrame = track.isPerFrame();
        this.before = List.copyOf(track.masks());
        this.afterPerFrame = afterPerFrame;
        this.after = after;
    }

    public static MaskModeEdit perFrame(MaskTrack track) {
        if (track.isPerFrame()) throw new IllegalArgumentException("mask track '" + track.id() + "' already has one mask per frame");
        return new MaskModeEdit(track, true, Collections.nCopies(track.frameCount(), track.mask(0)));
    }

    /** One mask for all frames: the one of {@code keepFrame}. */
    public static MaskModeEdit shared(MaskTrack track, int keepFrame) {
        if (!track.isPerFrame()) throw new IllegalArgumentException("mask track '" + track.id() + "' already has one mask for all frames");
        return new MaskModeEdit(track, false, List.of(track.mask(keepFrame)));
    }

    @Override public String name() { return afterPerFrame ? "Mask per Frame" : "One Mask for All Frames"; }
    @Override public void redo() { track.setMasks(afterPerFrame, after); }
    @Override public void undo() { track.setMasks(beforePerFrame, before); }

    @Override
    public long heavyBytes() {
        long dropped = before.stream().distinct().filter(m -> !after.contains(m)).count();
        return dropped * 4L * track.width() * track.height();
    }
}

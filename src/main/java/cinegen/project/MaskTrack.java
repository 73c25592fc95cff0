package cinegen.project;

import cinegen.frames.Mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Painted masks over a piece of media at its full resolution, values in [0, 1] (1 = the painted region: what to
 * regenerate when inpainting, what moves in a cinemagraph). Either one mask shared by all frames or one per frame.
 * <p>
 * The {@link Mask}s held here are never modified in place: a change puts a new mask in. So frames can share one
 * mask object (copying a mask to the following frames costs nothing), and callers must not modify a mask after
 * handing it over or one they got from here.
 */
public final class MaskTrack {
    /** Largest width or height of a mask (8K). */
    public static final int MAX_SIDE = 8192;

    private final String id;
    private final String mediaId;
    private final int width;
    private final int height;
    private final int frameCount;
    private boolean perFrame;
    private Mask shared;
    private Mask[] frames;
    private Project owner;

    /**
     * @param mediaId    the media item painted over, or null
     * @param frameCount number of frames the track covers (1 for a still image)
     */
    public MaskTrack(String id, String mediaId, int width, int height, int frameCount) {
        this.id = Ids.require(id, "mask track");
        this.mediaId = mediaId == null ? null : Ids.require(mediaId, "media");
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("mask size must be between 1 and " + MAX_SIDE + " on each side, got " + width + "x" + height);
        }
        if (frameCount < 1) throw new IllegalArgumentException("mask track needs at least one frame, got " + frameCount);
        this.width = width;
        this.height = height;
        this.frameCount = frameCount;
        this.shared = Mask.filled(width, height, 0f);
    }

    /** A track over the whole of {@code item} (one frame for images), starting empty and shared by all frames. */
    public static MaskTrack over(MediaItem item) {
        return new MaskTrack(Ids.newId("mask"), item.id(), item.width(), item.height(), item.frameCount());
    }

    public String id() { return id; }
    public Optional<String> mediaId() { return Optional.ofNullable(mediaId); }
    public int width() { return width; }
    public int height() { return height; }
    public int frameCount() { return frameCount; }

    /** True when each frame has its own mask, false when one mask serves all frames. */
    public boolean isPerFrame() { return perFrame; }

    /** The mask that applies to {@code frame}. */
    public Mask mask(int frame) {
        checkFrame(frame);
        return perFrame ? frames[frame] : shared;
    }

    /** One mask when shared, else one per frame (entries may be the same object). */
    public List<Mask> masks() {
        return perFrame ? List.of(frames) : List.of(shared);
    }

    /** Puts {@code mask} on {@code frame}; in shared mode it replaces the shared mask whatever the frame. */
    public void setMask(int frame, Mask mask) {
        checkFrame(frame);
        checkMask(mask);
        if (perFrame) {
            frames[frame] = mask;
            changed(frame);
        } else {
            shared = mask;
            changed(-1);
        }
    }

    /**
     * Replaces everything: shared mode with one mask, or per-frame mode with exactly {@link #frameCount()} masks.
     */
    public void setMasks(boolean newPerFrame, List<Mask> masks) {
        int expected = newPerFrame ? frameCount : 1;
        if (masks.size() != expected) {
            throw new IllegalArgumentException("mask track '" + id + "' needs " + expected + " mask(s), got " + masks.size());
        }
        for (Mask m : masks) checkMask(m);
        perFrame = newPerFrame;
        if (newPerFrame) {
            frames = masks.toArray(new Mask[0]);
            shared = null;
        } else {
            shared = masks.get(0);
            frames = null;
        }
        changed(-1);
    }

    /** The masks as a list the caller may rearrange: shared gives one entry, per-frame gives {@link #frameCount()}. */
    public List<Mask> copyOfMasks() { return new ArrayList<>(masks()); }

    /** Bytes held by the distinct masks of this track. */
    public long bytes() {
        return masks().stream().distinct().count() * 4L * width * height;
    }

    Project owner() { return owner; }

    void attach(Project project) { owner = project; }

    private void changed(int frame) {
        if (owner != null) owner.changed(new ProjectChange(ProjectChange.Kind.MASK, id, frame));
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= frameCount) {
            throw new IndexOutOfBoundsException("frame " + frame + " is outside mask track '" + id + "' (0.." + (frameCount - 1) + ")");
        }
    }

    private void checkMask(Mask m) {
        Objects.requireNonNull(m, "mask");
        if (m.width() != width || m.height() != height) {
            throw new IllegalArgumentException("mask is " + m.width() + "x" + m.height() + ", track '" + id + "' is " + width + "x" + height);
        }
        for (float v : m.values()) {
            if (!(v >= 0f && v <= 1f)) throw new IllegalArgumentException("mask value " + v + " is outside [0, 1]");
        }
    }
}

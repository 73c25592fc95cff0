package cinegen.project;

import cinegen.frames.Mask;

/**
 * The values of a rectangle of a mask before and after a change: all an undoable stroke needs to keep.
 * Produced by {@link MaskPainting}; applying it never modifies the mask given, it returns a new one.
 */
public final class MaskPatch {
    private final int maskWidth, maskHeight;
    private final int x, y, width, height;
    private final float[] before, after;

    MaskPatch(int maskWidth, int maskHeight, int x, int y, int width, int height, float[] before, float[] after) {
        this.maskWidth = maskWidth;
        this.maskHeight = maskHeight;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.before = before;
        this.after = after;
    }

    static MaskPatch empty(Mask m) {
        return new MaskPatch(m.width(), m.height(), 0, 0, 0, 0, new float[0], new float[0]);
    }

    /** True when the change touched no pixel. */
    public boolean isEmpty() { return width == 0 || height == 0; }

    public int x() { return x; }
    public int y() { return y; }
    public int width() { return width; }
    public int height() { return height; }

    /** Value after the change at mask pixel (x, y), which must lie inside the patch. */
    public float after(int px, int py) { return after[(py - y) * width + (px - x)]; }

    /** Value before the change at mask pixel (x, y), which must lie inside the patch. */
    public float before(int px, int py) { return before[(py - y) * width + (px - x)]; }

    /** Memory held by the before and after values. */
    public long bytes() { return 8L * width * height; }

    /** A copy of {@code mask} with the patch's after-values written in. */
    public Mask applyTo(Mask mask) { return write(mask, after); }

    /** A copy of {@code mask} with the patch's before-values written back. */
    public Mask revert(Mask mask) { return write(mask, before); }

    private Mask write(Mask mask, float[] values) {
        if (mask.width() != maskWidth || mask.height() != maskHeight) {
            throw new IllegalArgumentException("patch is for a " + maskWidth + "x" + maskHeight + " mask, got "
                    + mask.width() + "x" + mask.height());
        }
        float[] out = mask.values().clone();
        for (int row = 0; row < height; row++) {
            System.arraycopy(values, row * width, out, (y + row) * maskWidth + x, width);
        }
        return new Mask(maskWidth, maskHeight, out);
    }
}

package cinegen.frames;

import java.util.List;

/**
 * The part of a frame a model generates at its own size: a rectangle in the frame's pixels with the model's aspect
 * ratio. It lies inside the frame, except on an axis where the frame is too short for it: there it is centred and
 * reaches past both edges, and the frame's edge pixels are repeated to fill it (the model sees a padded picture).
 * {@link #crop} brings a frame or mask to the model's size through the region, {@link #uncrop} brings what the model
 * made back to the region's size in the frame.
 */
public record CropRegion(int x, int y, int width, int height) {
    /** A painted value above this counts as painted (half a level of an 8-bit mask). */
    public static final float PAINTED = 0.5f / 255f;
    /** The margin around the painted region, as a share of the region's size on that axis... */
    public static final double MARGIN_SHARE = 0.15;
    /** ...and at least this many frame pixels. */
    public static final int MIN_MARGIN = 16;

    public CropRegion {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("a region must have a size, got " + width + "x" + height);
    }

    /** The whole {@code frameWidth x frameHeight} frame, grown on one axis to the aspect ratio {@code aspectWidth:aspectHeight}. */
    public static CropRegion whole(int frameWidth, int frameHeight, int aspectWidth, int aspectHeight) {
        return grown(0, 0, frameWidth, frameHeight, frameWidth, frameHeight, aspectWidth, aspectHeight);
    }

    /**
     * The region a model should see to regenerate what {@code masks} paint (the union over all masks, each at the
     * frame's size): their bounding box plus a margin ({@link #MARGIN_SHARE} of its size, at least {@link #MIN_MARGIN}
     * pixels, at least {@code minMargin}), grown to the aspect ratio and kept inside the frame. The whole frame when
     * nothing is painted.
     */
    public static CropRegion around(List<Mask> masks, int frameWidth, int frameHeight, int aspectWidth, int aspectHeight, int minMargin) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (Mask m : masks) {
            if (m.width() != frameWidth || m.height() != frameHeight) {
                throw new IllegalArgumentException("mask is " + m.width() + "x" + m.height() + ", frame " + frameWidth + "x" + frameHeight);
            }
            float[] v = m.values();
            for (int y = 0; y < frameHeight; y++) {
                int row = y * frameWidth;
                for (int x = 0; x < frameWidth; x++) {
                    if (v[row + x] > PAINTED) {
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                    }
                }
            }
        }
        if (x1 < 0) return whole(frameWidth, frameHeight, aspectWidth, aspectHeight);
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        int mx = Math.max(Math.max(MIN_MARGIN, minMargin), (int) Math.ceil(MARGIN_SHARE * bw));
        int my = Math.max(Math.max(MIN_MARGIN, minMargin), (int) Math.ceil(MARGIN_SHARE * bh));
        return grown(x0 - mx, y0 - my, x1 + 1 + mx, y1 + 1 + my, frameWidth, frameHeight, aspectWidth, aspectHeight);
    }

    /** The box [x0, x1) x [y0, y1) grown about its centre to the aspect ratio, then moved (not shrunk) into the frame. */
    private static CropRegion grown(double x0, double y0, double x1, double y1, int fw, int fh, int aw, int ah) {
        double aspect = (double) aw / ah;
        double w = x1 - x0, h = y1 - y0, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        if (w / h < aspect) w = h * aspect;
        else h = w / aspect;
        int iw = (int) Math.ceil(w - 1e-9), ih = (int) Math.ceil(h - 1e-9);
        return new CropRegion(place(cx, iw, fw), place(cy, ih, fh), iw, ih);
    }

    /** The start of a span of {@code size} about {@code centre}, inside [0, frame) when it fits, else centred on the frame. */
    private static int place(double centre, int size, int frame) {
        if (size >= frame) return -(size - frame) / 2;
        int start = (int) Math.round(centre - size / 2.0);
        return Math.max(0, Math.min(frame - size, start));
    }

    /** True when the region is exactly the frame. */
    public boolean isFrame(int frameWidth, int frameHeight) {
        return x == 0 && y == 0 && width == frameWidth && height == frameHeight;
    }

    /** True when the frame pixel (px, py) lies in the region. */
    public boolean contains(int px, int py) {
        return px >= x && py >= y && px < x + width && py < y + height;
    }

    /** Frame pixels per output pixel when the region is brought to {@code outWidth} pixels across. */
    public double scaleTo(int outWidth) { return (double) width / outWidth; }

    /** The region of an ARGB frame (edge pixels repeated past the frame), scaled to exactly {@code outW x outH}. */
    public int[] crop(int[] argb, int frameWidth, int frameHeight, int outW, int outH) {
        if (isFrame(frameWidth, frameHeight) && outW == frameWidth && outH == frameHeight) return argb;
        int[] cut = new int[width * height];
        for (int j = 0; j < height; j++) {
            int sy = Math.max(0, Math.min(frameHeight - 1, y + j));
            for (int i = 0; i < width; i++) {
                int sx = Math.max(0, Math.min(frameWidth - 1, x + i));
                cut[j * width + i] = argb[sy * frameWidth + sx];
            }
        }
        return Resample.scaleArgb(cut, width, height, outW, outH);
    }

    /** The region of a mask (0 past the frame: nothing is painted there), area-resized to exactly {@code outW x outH}. */
    public Mask crop(Mask m, int outW, int outH) {
        if (isFrame(m.width(), m.height()) && outW == m.width() && outH == m.height()) return m;
        float[] cut = new float[width * height];
        for (int j = 0; j < height; j++) {
            int sy = y + j;
            if (sy < 0 || sy >= m.height()) continue;
            for (int i = 0; i < width; i++) {
                int sx = x + i;
                if (sx >= 0 && sx < m.width()) cut[j * width + i] = m.values()[sy * m.width() + sx];
            }
        }
        return new Mask(outW, outH, Resample.areaResize(cut, width, height, outW, outH));
    }

    /** A picture of {@code w x h} (made from {@link #crop}) back at the region's size: {@code width x height} ARGB. */
    public int[] uncrop(int[] argb, int w, int h) {
        return Resample.scaleArgb(argb, w, h, width, height);
    }
}

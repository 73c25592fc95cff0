package cinegen.project;

import cinegen.frames.Mask;

import java.util.Arrays;
import java.util.List;

/**
 * Mask painting as pure functions: they read a mask and return the change, never modifying their input.
 * The UI forwards mouse positions (in mask pixels) and hands the result to an undoable edit.
 */
public final class MaskPainting {
    private MaskPainting() {}

    /**
     * A brush stroke along the polyline through {@code points} (one point paints a dab). Within one stroke a pixel
     * takes the strongest coverage of any part of the path, so slow mouse moves do not build up paint.
     * Painting moves a pixel towards 1 by {@code opacity × coverage}; the eraser towards 0.
     *
     * @return the changed rectangle with its values before and after (empty if nothing changed)
     */
    public static MaskPatch stroke(Mask mask, List<StrokePoint> points, Brush brush) {
        if (points.isEmpty()) return MaskPatch.empty(mask);
        int w = mask.width(), h = mask.height();
        double reach = brush.reach();
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (StrokePoint p : points) {
            minX = Math.min(minX, p.x()); maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y()); maxY = Math.max(maxY, p.y());
        }
        int bx0 = clampInt(Math.floor(minX - reach), 0, w), bx1 = clampInt(Math.ceil(maxX + reach), 0, w);
        int by0 = clampInt(Math.floor(minY - reach), 0, h), by1 = clampInt(Math.ceil(maxY + reach), 0, h);
        if (bx0 >= bx1 || by0 >= by1) return MaskPatch.empty(mask);
        int bw = bx1 - bx0, bh = by1 - by0;
        float[] cover = new float[bw * bh];

        for (int s = 0; s < Math.max(1, points.size() - 1); s++) {
            StrokePoint a = points.get(s);
            StrokePoint b = points.get(Math.min(s + 1, points.size() - 1));
            int x0 = clampInt(Math.floor(Math.min(a.x(), b.x()) - reach), bx0, bx1);
            int x1 = clampInt(Math.ceil(Math.max(a.x(), b.x()) + reach), bx0, bx1);
            int y0 = clampInt(Math.floor(Math.min(a.y(), b.y()) - reach), by0, by1);
            int y1 = clampInt(Math.ceil(Math.max(a.y(), b.y()) + reach), by0, by1);
            double dx = b.x() - a.x(), dy = b.y() - a.y();
            double len2 = dx * dx + dy * dy;
            for (int py = y0; py < y1; py++) {
                for (int px = x0; px < x1; px++) {
                    double cx = px + 0.5 - a.x(), cy = py + 0.5 - a.y();
                    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (cx * dx + cy * dy) / len2));
                    double ex = cx - t * dx, ey = cy - t * dy;
                    double d = Math.sqrt(ex * ex + ey * ey);
                    if (d >= reach) continue;
                    float c = (float) brush.coverage(d);
                    int i = (py - by0) * bw + (px - bx0);
                    if (c > cover[i]) cover[i] = c;
                }
            }
        }

        // tighten to the pixels whose value actually changes
        float[] values = mask.values();
        float[] next = new float[cover.length];
        int tx0 = bw, ty0 = bh, tx1 = -1, ty1 = -1;
        float amount = (float) brush.opacity();
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int k = j * bw + i;
                float old = values[(by0 + j) * w + bx0 + i];
                float a = amount * cover[k];
                float v = brush.eraser() ? old * (1 - a) : old + (1 - old) * a;
                v = Math.max(0f, Math.min(1f, v));
                next[k] = v;
                if (v != old) {
                    tx0 = Math.min(tx0, i); tx1 = Math.max(tx1, i);
                    ty0 = Math.min(ty0, j); ty1 = Math.max(ty1, j);
                }
            }
        }
        if (tx1 < 0) return MaskPatch.empty(mask);
        int pw = tx1 - tx0 + 1, ph = ty1 - ty0 + 1;
        float[] before = new float[pw * ph], after = new float[pw * ph];
        for (int j = 0; j < ph; j++) {
            System.arraycopy(values, (by0 + ty0 + j) * w + bx0 + tx0, before, j * pw, pw);
            System.arraycopy(next, (ty0 + j) * bw + tx0, after, j * pw, pw);
        }
        return new MaskPatch(w, h, bx0 + tx0, by0 + ty0, pw, ph, before, after);
    }

    /** A new mask of the same size with every value set to {@code value} (1 fills, 0 clears). */
    public static Mask fill(Mask mask, float value) {
        if (!(value >= 0f && value <= 1f)) throw new IllegalArgumentException("fill value must be in [0, 1], got " + value);
        float[] v = new float[mask.values().length];
        Arrays.fill(v, value);
        return new Mask(mask.width(), mask.height(), v);
    }

    /** A new, empty mask of the same size. */
    public static Mask clear(Mask mask) { return fill(mask, 0f); }

    /** A new mask with painted and unpainted swapped (v becomes 1 − v). */
    public static Mask invert(Mask mask) { return mask.inverted(); }

    private static int clampInt(double v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }
}

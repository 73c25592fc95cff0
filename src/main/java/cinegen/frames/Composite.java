package cinegen.frames;

/**
 * Putting generated pixels into untouched frames: a keep mask (1 = the frame's own pixel, 0 = generated) softened
 * by a feather band that lies wholly on the kept side, and the blend through it. Where the softened mask is 1 the
 * result is the frame's own pixel, bit for bit.
 */
public final class Composite {
    private Composite() {}

    /**
     * A mask of any size brought to {@code width x height}: centre-cropped to that aspect ratio when it has another
     * one (as the engine has always read a mask of another shape), then area-resized.
     */
    public static Mask toFrameSize(Mask m, int width, int height) {
        if (m.width() == width && m.height() == height) return m;
        double target = (double) width / height, src = (double) m.width() / m.height();
        Mask cut = m;
        if (Math.abs(target - src) > 1e-6) {
            int cw = m.width(), ch = m.height();
            if (src > target) cw = Math.max(1, (int) Math.round(ch * target));
            else ch = Math.max(1, (int) Math.round(cw / target));
            int ox = (m.width() - cw) / 2, oy = (m.height() - ch) / 2;
            float[] out = new float[cw * ch];
            for (int y = 0; y < ch; y++) System.arraycopy(m.values(), (y + oy) * m.width() + ox, out, y * cw, cw);
            cut = new Mask(cw, ch, out);
        }
        return cut.resizedArea(width, height);
    }

    /** The keep mask of a painted mask (1 = painted = generated): 1 - painted, clamped to [0, 1]. */
    public static float[] keepOf(Mask painted) {
        float[] v = painted.values(), k = new float[v.length];
        for (int i = 0; i < v.length; i++) k[i] = 1f - Math.max(0f, Math.min(1f, v[i]));
        return k;
    }

    /**
     * A box blur of radius {@code radius} over {@code keep} (edges repeated), after which generated pixels (keep 0) are
     * forced back to 0 and kept pixels whose whole neighbourhood is kept to exactly 1: the soft band lies on the kept
     * side, and pixels farther than the radius from anything generated stay exact copies.
     */
    public static float[] featheredKeep(float[] keep, int width, int height, int radius) {
        if (radius <= 0) return keep.clone();
        float[] h = new float[keep.length], out = new float[keep.length];
        double[] line = new double[Math.max(width, height) + 1];
        float n = 2 * radius + 1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            line[0] = 0;
            for (int x = 0; x < width; x++) line[x + 1] = line[x] + keep[row + x];
            for (int x = 0; x < width; x++) h[row + x] = (float) (windowSum(line, width, x, radius, keep[row], keep[row + width - 1]) / n);
        }
        for (int x = 0; x < width; x++) {
            line[0] = 0;
            for (int y = 0; y < height; y++) line[y + 1] = line[y] + h[y * width + x];
            float first = h[x], last = h[(height - 1) * width + x];
            for (int y = 0; y < height; y++) out[y * width + x] = (float) (windowSum(line, height, y, radius, first, last) / n);
        }
        for (int i = 0; i < out.length; i++) {
            if (keep[i] <= 0f) out[i] = 0f;
            else if (keep[i] >= 1f && out[i] > 0.9999f) out[i] = 1f;
            else out[i] = Math.min(out[i], keep[i]);
        }
        return out;
    }

    /** Sum of the values at i-r..i+r of a line of {@code len} values (prefix sums {@code p}), indices clamped to the line. */
    private static double windowSum(double[] p, int len, int i, int r, float first, float last) {
        int lo = i - r, hi = i + r;
        double s = p[Math.min(len, hi + 1)] - p[Math.max(0, lo)];
        if (lo < 0) s += (double) -lo * first;
        if (hi >= len) s += (double) (hi - len + 1) * last;
        return s;
    }

    /** True when every value is 1: nothing of the frame is replaced. */
    public static boolean keepsAll(float[] keep) {
        for (float k : keep) if (k < 1f) return false;
        return true;
    }

    /**
     * The frame {@code source} ({@code width x height}) with {@code generated} ({@code region}'s size, placed at the
     * region) blended in through {@code keep}: {@code source * keep + generated * (1 - keep)} per channel. Outside the
     * region, and wherever keep is 1, the result is the source's own pixel. Opaque.
     */
    public static int[] blend(int[] source, int width, int height, int[] generated, CropRegion region, float[] keep) {
        int[] out = new int[source.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                float k = keep[i];
                if (k >= 1f || !region.contains(x, y)) {
                    out[i] = source[i];
                    continue;
                }
                int g = generated[(y - region.y()) * region.width() + (x - region.x())];
                if (k <= 0f) {
                    out[i] = 0xff000000 | g;
                    continue;
                }
                int s = source[i];
                int r = Math.round(((s >> 16) & 0xff) * k + ((g >> 16) & 0xff) * (1 - k));
                int gg = Math.round(((s >> 8) & 0xff) * k + ((g >> 8) & 0xff) * (1 - k));
                int b = Math.round((s & 0xff) * k + (g & 0xff) * (1 - k));
                out[i] = Pixels.argb(r, gg, b);
            }
        }
        return out;
    }
}

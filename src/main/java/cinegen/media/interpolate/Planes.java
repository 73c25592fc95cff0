package cinegen.media.interpolate;

/** Small float-plane operations for the flow: sampling, blurring, pyramids. Pixel centres sit on integers. */
final class Planes {
    private Planes() {}

    /** Bilinear sample at (x, y), clamped to the border. */
    static float sample(float[] p, int w, int h, float x, float y) {
        if (x < 0) x = 0; else if (x > w - 1) x = w - 1;
        if (y < 0) y = 0; else if (y > h - 1) y = h - 1;
        int x0 = (int) x, y0 = (int) y;
        int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
        float ax = x - x0, ay = y - y0;
        int r0 = y0 * w, r1 = y1 * w;
        float top = p[r0 + x0] + (p[r0 + x1] - p[r0 + x0]) * ax;
        float bot = p[r1 + x0] + (p[r1 + x1] - p[r1 + x0]) * ax;
        return top + (bot - top) * ay;
    }

    /** Luma in [0, 1] from ARGB. */
    static float[] luma(int[] argb) {
        float[] out = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[i] = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff)) / 255f;
        }
        return out;
    }

    /** 3x3 binomial (1 2 1) blur, clamped at the border. */
    static float[] blur3(float[] p, int w, int h) {
        float[] tmp = new float[p.length], out = new float[p.length];
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 0; x < w; x++) {
                float l = p[r + Math.max(0, x - 1)], c = p[r + x], rr = p[r + Math.min(w - 1, x + 1)];
                tmp[r + x] = 0.25f * l + 0.5f * c + 0.25f * rr;
            }
        }
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w, r = y * w, dn = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) out[r + x] = 0.25f * tmp[up + x] + 0.5f * tmp[r + x] + 0.25f * tmp[dn + x];
        }
        return out;
    }

    /** Box sum over a (2r+1)^2 window, clamped at the border (edge values repeated). */
    static void boxSum(float[] p, int w, int h, int r, float[] tmp, float[] out) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            float acc = 0;
            for (int k = -r; k <= r; k++) acc += p[row + clamp(k, w)];
            for (int x = 0; x < w; x++) {
                tmp[row + x] = acc;
                acc += p[row + clamp(x + r + 1, w)] - p[row + clamp(x - r, w)];
            }
        }
        for (int x = 0; x < w; x++) {
            float acc = 0;
            for (int k = -r; k <= r; k++) acc += tmp[clamp(k, h) * w + x];
            for (int y = 0; y < h; y++) {
                out[y * w + x] = acc;
                acc += tmp[clamp(y + r + 1, h) * w + x] - tmp[clamp(y - r, h) * w + x];
            }
        }
    }

    /** {@link #boxSum} applied twice: a separable tent window of radius 2r. {@code p} is overwritten. */
    static void tentSum(float[] p, int w, int h, int r, float[] tmp, float[] out) {
        boxSum(p, w, h, r, tmp, out);
        boxSum(out, w, h, r, tmp, p);
        System.arraycopy(p, 0, out, 0, p.length);
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /** Halves a plane by 2x2 averaging (odd sizes round up; the last row or column is repeated). */
    static float[] half(float[] p, int w, int h, int hw, int hh) {
        float[] out = new float[hw * hh];
        for (int y = 0; y < hh; y++) {
            int y0 = Math.min(2 * y, h - 1), y1 = Math.min(2 * y + 1, h - 1);
            for (int x = 0; x < hw; x++) {
                int x0 = Math.min(2 * x, w - 1), x1 = Math.min(2 * x + 1, w - 1);
                out[y * hw + x] = 0.25f * (p[y0 * w + x0] + p[y0 * w + x1] + p[y1 * w + x0] + p[y1 * w + x1]);
            }
        }
        return out;
    }

    /** 3x3 median, clamped at the border: removes outlier vectors without smearing motion edges. */
    static float[] median3(float[] p, int w, int h) {
        float[] out = new float[p.length];
        float[] win = new float[9];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int row = clamp(y + dy, h) * w;
                    for (int dx = -1; dx <= 1; dx++) win[k++] = p[row + clamp(x + dx, w)];
                }
                out[y * w + x] = median9(win);
            }
        }
        return out;
    }

    private static float median9(float[] a) {
        // insertion sort of nine values: fast enough and branch-simple
        for (int i = 1; i < 9; i++) {
            float v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
            a[j + 1] = v;
        }
        return a[4];
    }
}

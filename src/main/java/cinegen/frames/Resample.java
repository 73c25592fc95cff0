package cinegen.frames;

/** Resampling of float planes and ARGB images. */
public final class Resample {
    private Resample() {}

    /**
     * Area (box) resampling of one float plane: each target pixel is the area-weighted mean of the source
     * pixels it covers. Exact for integer factors, correct for any ratio, in both directions.
     */
    public static float[] areaResize(float[] src, int sw, int sh, int dw, int dh) {
        float[] tmp = new float[dw * sh];
        // horizontal pass
        double sx = (double) sw / dw;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < dw; x++) {
                double x0 = x * sx, x1 = (x + 1) * sx, acc = 0;
                for (int i = (int) Math.floor(x0); i < Math.ceil(x1) && i < sw; i++) {
                    double w = Math.min(i + 1, x1) - Math.max(i, x0);
                    if (w > 0) acc += w * src[y * sw + i];
                }
                tmp[y * dw + x] = (float) (acc / sx);
            }
        }
        float[] out = new float[dw * dh];
        double sy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            double y0 = y * sy, y1 = (y + 1) * sy;
            for (int x = 0; x < dw; x++) {
                double acc = 0;
                for (int j = (int) Math.floor(y0); j < Math.ceil(y1) && j < sh; j++) {
                    double w = Math.min(j + 1, y1) - Math.max(j, y0);
                    if (w > 0) acc += w * tmp[j * dw + x];
                }
                out[y * dw + x] = (float) (acc / sy);
            }
        }
        return out;
    }

    /** Area resampling of an ARGB image, channel by channel. */
    public static int[] areaResizeArgb(int[] argb, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return argb.clone();
        float[][] planes = Pixels.toPlanes(argb, 4);
        float[][] out = new float[4][];
        for (int c = 0; c < 4; c++) out[c] = areaResize(planes[c], sw, sh, dw, dh);
        return Pixels.fromPlanes(out, dw * dh);
    }

    /** Bilinear sample of a float plane at continuous coordinates (pixel centres at integer + 0.5), clamped at the edges. */
    public static float bilinear(float[] plane, int w, int h, double x, double y) {
        double fx = Math.max(0, Math.min(w - 1, x - 0.5));
        double fy = Math.max(0, Math.min(h - 1, y - 0.5));
        int x0 = (int) fx, y0 = (int) fy;
        int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double ax = fx - x0, ay = fy - y0;
        double top = plane[y0 * w + x0] * (1 - ax) + plane[y0 * w + x1] * ax;
        double bot = plane[y1 * w + x0] * (1 - ax) + plane[y1 * w + x1] * ax;
        return (float) (top * (1 - ay) + bot * ay);
    }

    /**
     * Resizes an ARGB image to exactly {@code dw x dh}: shrinking uses area averaging, enlarging uses bilinear.
     * With {@code crop}, the source is first centre-cropped to the target aspect ratio; otherwise it is fitted
     * (letterboxed on black) so nothing is cut.
     */
    public static int[] resizeArgb(int[] argb, int sw, int sh, int dw, int dh, boolean crop) {
        double targetAspect = (double) dw / dh, srcAspect = (double) sw / sh;
        if (Math.abs(targetAspect - srcAspect) < 1e-6) return scale(argb, sw, sh, dw, dh);
        if (crop) {
            int cw = sw, ch = sh;
            if (srcAspect > targetAspect) cw = Math.max(1, (int) Math.round(sh * targetAspect));
            else ch = Math.max(1, (int) Math.round(sw / targetAspect));
            int ox = (sw - cw) / 2, oy = (sh - ch) / 2;
            int[] cropped = new int[cw * ch];
            for (int y = 0; y < ch; y++) System.arraycopy(argb, (y + oy) * sw + ox, cropped, y * cw, cw);
            return scale(cropped, cw, ch, dw, dh);
        }
        int fw = dw, fh = dh;
        if (srcAspect > targetAspect) fh = Math.max(1, (int) Math.round(dw / srcAspect));
        else fw = Math.max(1, (int) Math.round(dh * srcAspect));
        int[] fitted = scale(argb, sw, sh, fw, fh);
        int[] out = new int[dw * dh];
        java.util.Arrays.fill(out, 0xff000000);
        int ox = (dw - fw) / 2, oy = (dh - fh) / 2;
        for (int y = 0; y < fh; y++) System.arraycopy(fitted, y * fw, out, (y + oy) * dw + ox, fw);
        return out;
    }

    /**
     * Scales an ARGB image to exactly {@code dw x dh}, whatever the aspect ratios: area averaging when shrinking in
     * both directions, bilinear otherwise. Used where the caller has already cut the picture to the right shape.
     */
    public static int[] scaleArgb(int[] argb, int sw, int sh, int dw, int dh) {
        return scale(argb, sw, sh, dw, dh);
    }

    private static int[] scale(int[] argb, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return argb.clone();
        if (dw <= sw && dh <= sh) return areaResizeArgb(argb, sw, sh, dw, dh);
        float[][] planes = Pixels.toPlanes(argb, 4);
        float[][] out = new float[4][dw * dh];
        double fx = (double) sw / dw, fy = (double) sh / dh;
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    out[c][y * dw + x] = bilinear(planes[c], sw, sh, (x + 0.5) * fx, (y + 0.5) * fy);
                }
            }
        }
        return Pixels.fromPlanes(out, dw * dh);
    }
}

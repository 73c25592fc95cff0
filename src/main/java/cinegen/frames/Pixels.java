package cinegen.frames;

/** Conversions between packed ARGB pixels and float planes, and simple image measures. */
public final class Pixels {
    private Pixels() {}

    /** Splits ARGB into planes of values in [0, 1]: {@code channels} = 3 gives R, G, B; 4 gives R, G, B, A. */
    public static float[][] toPlanes(int[] argb, int channels) {
        float[][] p = new float[channels][argb.length];
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            p[0][i] = ((v >> 16) & 0xff) / 255f;
            p[1][i] = ((v >> 8) & 0xff) / 255f;
            p[2][i] = (v & 0xff) / 255f;
            if (channels > 3) p[3][i] = ((v >>> 24) & 0xff) / 255f;
        }
        return p;
    }

    /** Packs R, G, B (and optionally A) planes of values in [0, 1] into opaque or alpha ARGB. */
    public static int[] fromPlanes(float[][] planes, int n) {
        int[] out = new int[n];
        boolean alpha = planes.length > 3;
        for (int i = 0; i < n; i++) {
            int a = alpha ? to8(planes[3][i]) : 255;
            out[i] = (a << 24) | (to8(planes[0][i]) << 16) | (to8(planes[1][i]) << 8) | to8(planes[2][i]);
        }
        return out;
    }

    public static int to8(float v) {
        int i = Math.round(v * 255f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    public static int argb(int r, int g, int b) {
        return 0xff000000 | (clamp8(r) << 16) | (clamp8(g) << 8) | clamp8(b);
    }

    public static int clamp8(int v) { return v < 0 ? 0 : Math.min(255, v); }

    /** Peak signal-to-noise ratio in dB over the RGB channels of two same-sized ARGB images (infinity when equal). */
    public static double psnr(int[] a, int[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("images differ in size");
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s <= 16; s += 8) {
                int d = ((a[i] >> s) & 0xff) - ((b[i] >> s) & 0xff);
                se += d * d;
            }
        }
        double mse = se / (3.0 * a.length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean PSNR over the frames of two sequences of equal length and size. */
    public static double psnr(FrameSequence a, FrameSequence b) {
        if (a.frameCount() != b.frameCount()) throw new IllegalArgumentException("sequences differ in length");
        double se = 0;
        long n = 0;
        for (int f = 0; f < a.frameCount(); f++) {
            int[] x = a.frame(f), y = b.frame(f);
            for (int i = 0; i < x.length; i++) {
                for (int s = 0; s <= 16; s += 8) {
                    int d = ((x[i] >> s) & 0xff) - ((y[i] >> s) & 0xff);
                    se += d * d;
                }
            }
            n += 3L * x.length;
        }
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}

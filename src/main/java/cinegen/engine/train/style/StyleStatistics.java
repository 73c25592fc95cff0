package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.*;

import cinegen.frames.FrameSequence;

import java.util.Arrays;

/**
 * One number per style, read from frames without a learned judge, that grows as a clip takes on the style.
 * Each is built from quantities that change linearly when a clip is blended towards its styled version, so it
 * rises with a preset's weight: colourlessness for line art, light low-contrast washes for watercolour, closeness
 * to the 16-colour palette for pixel art, darkness for neon, closeness of every colour to the sepia axis for vintage film.
 */
public final class StyleStatistics {
    private StyleStatistics() {}

    public static double of(StyleFilter style, FrameSequence clip) {
        double sum = 0;
        for (int[] f : clip.frames()) sum += frame(style, f, clip.width(), clip.height());
        return sum / clip.frameCount();
    }

    static double frame(StyleFilter style, int[] argb, int w, int h) {
        float[][] c = StyleFilter.planes(argb);
        int n = w * h;
        double acc = 0;
        switch (style) {
            case LINE_ART -> {
                // Ink on paper: bright and colourless. Mean brightness plus (1 - mean chroma), halved.
                double luma = 0;
                for (int i = 0; i < n; i++) {
                    acc += Math.max(c[0][i], Math.max(c[1][i], c[2][i])) - Math.min(c[0][i], Math.min(c[1][i], c[2][i]));
                    luma += (c[0][i] + c[1][i] + c[2][i]) / 3;
                }
                return (luma / n + 1 - acc / n) / 2;
            }
            case WATERCOLOUR -> {
                // Washes are light and low in contrast (the darks lifted, the paper showing): mean brightness minus
                // twice its spread. A smoothness measure saturates on the base model's already soft frames.
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double l = (c[0][i] + c[1][i] + c[2][i]) / 3;
                    acc += l;
                    sq += l * l;
                }
                double mean = acc / n;
                return mean - 2 * Math.sqrt(Math.max(0, sq / n - mean * mean));
            }
            case PIXEL_ART -> {
                // Every colour from the 16-colour palette: 1 - mean distance of each pixel to its nearest palette colour.
                float[] rgb = new float[3];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 3; k++) rgb[k] = c[k][i];
                    acc += StyleFilter.Palette.distance(rgb);
                }
                return 1 - acc / n;
            }
            case NEON -> {
                // Glow on darkness: 1 - the median brightness (the lines are few, the dark field is most of the frame).
                float[] luma = new float[n];
                for (int i = 0; i < n; i++) luma[i] = (c[0][i] + c[1][i] + c[2][i]) / 3;
                Arrays.sort(luma);
                return 1 - luma[n / 2];
            }
            case VINTAGE_FILM -> {
                // Warm sepia toning: mean chroma along the sepia axis minus the mean chroma off it.
                double[] axis = {0.393 + 0.769 + 0.189, 0.349 + 0.686 + 0.168, 0.272 + 0.534 + 0.131};
                double am = (axis[0] + axis[1] + axis[2]) / 3;
                double[] d = {axis[0] - am, axis[1] - am, axis[2] - am};
                double dn = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                for (int k = 0; k < 3; k++) d[k] /= dn;
                for (int i = 0; i < n; i++) {
                    double m = (c[0][i] + c[1][i] + c[2][i]) / 3.0;
                    double x = c[0][i] - m, y = c[1][i] - m, z = c[2][i] - m;
                    double along = x * d[0] + y * d[1] + z * d[2];
                    double px = x - along * d[0], py = y - along * d[1], pz = z - along * d[2];
                    acc += along - Math.sqrt(px * px + py * py + pz * pz);
                }
                return acc / n;
            }
        }
        return 0;
    }
}

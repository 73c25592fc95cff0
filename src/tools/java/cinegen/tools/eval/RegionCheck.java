package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;

import java.util.List;

/**
 * Pixel checks for cinemagraph and inpainting: outside the painted region, beyond the feather band, the output
 * must equal the input bit for bit; inside it, the frames must change.
 */
public final class RegionCheck {
    private RegionCheck() {}

    /**
     * @param outsidePixels        pixels per frame beyond the feather band, summed over the compared frames
     * @param outsideChanged       how many of them differ from the input
     * @param outsideMaxDifference the largest channel difference among them (0..255)
     * @param insideMeanChange     mean absolute frame-to-frame change inside the painted region (0..255 per channel)
     */
    public record Result(int outsidePixels, int outsideChanged, int outsideMaxDifference, double insideMeanChange) {}

    /** The region a painter would mark around the object's whole path: every covered pixel, dilated by {@code margin}. */
    public static Mask paintedAround(List<float[]> coverage, int width, int height, int margin) {
        boolean[] any = new boolean[width * height];
        for (float[] c : coverage) for (int i = 0; i < any.length; i++) any[i] |= c[i] > 0;
        boolean[] grown = chebyshevDilate(any, width, height, margin);
        float[] v = new float[any.length];
        for (int i = 0; i < v.length; i++) v[i] = grown[i] ? 1f : 0f;
        return new Mask(width, height, v);
    }

    /**
     * Compares {@code output} with {@code input} frame by frame. Pixels farther than the feather radius
     * (Chebyshev distance, as the pipeline's box-blurred paste mask) from any painted pixel count as outside;
     * painted pixels (mask >= 0.5) count as inside. Motion is measured over frame pairs from {@code firstAnimated}.
     */
    public static Result measure(FrameSequence input, FrameSequence output, Mask painted, double feather, int firstAnimated) {
        int w = output.width(), h = output.height(), n = w * h;
        if (input.width() != w || input.height() != h || painted.width() != w || painted.height() != h) {
            throw new IllegalArgumentException("input, output and mask differ in size");
        }
        boolean[] touched = new boolean[n];
        boolean[] inside = new boolean[n];
        for (int i = 0; i < n; i++) {
            touched[i] = painted.values()[i] > 0;
            inside[i] = painted.values()[i] >= 0.5f;
        }
        boolean[] band = chebyshevDilate(touched, w, h, (int) Math.round(feather));
        int frames = Math.min(input.frameCount(), output.frameCount());
        int outside = 0, changed = 0, maxDiff = 0;
        for (int f = 0; f < frames; f++) {
            int[] a = input.frame(f), b = output.frame(f);
            for (int i = 0; i < n; i++) {
                if (band[i]) continue;
                outside++;
                int d = maxChannelDifference(a[i], b[i]);
                if (d > 0) changed++;
                maxDiff = Math.max(maxDiff, d);
            }
        }
        double sum = 0;
        long count = 0;
        for (int f = Math.max(1, firstAnimated + 1); f < output.frameCount(); f++) {
            int[] a = output.frame(f - 1), b = output.frame(f);
            for (int i = 0; i < n; i++) {
                if (!inside[i]) continue;
                for (int s = 0; s <= 16; s += 8) sum += Math.abs(((a[i] >> s) & 0xff) - ((b[i] >> s) & 0xff));
                count += 3;
            }
        }
        return new Result(outside, changed, maxDiff, count == 0 ? 0 : sum / count);
    }

    private static int maxChannelDifference(int p, int q) {
        int d = 0;
        for (int s = 0; s <= 16; s += 8) d = Math.max(d, Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff)));
        return d;
    }

    /** Pixels within Chebyshev distance {@code r} of a set pixel. */
    static boolean[] chebyshevDilate(boolean[] m, int w, int h, int r) {
        if (r <= 0) return m.clone();
        boolean[] rows = new boolean[m.length], out = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int dx = -r; dx <= r && !rows[y * w + x]; dx++) {
                    int xx = x + dx;
                    if (xx >= 0 && xx < w && m[y * w + xx]) rows[y * w + x] = true;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int dy = -r; dy <= r && !out[y * w + x]; dy++) {
                    int yy = y + dy;
                    if (yy >= 0 && yy < h && rows[yy * w + x]) out[y * w + x] = true;
                }
            }
        }
        return out;
    }
}

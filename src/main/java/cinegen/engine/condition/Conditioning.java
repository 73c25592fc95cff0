package cinegen.engine.condition;

import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.frames.Resample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds C and M for the four modes:
 * <ul>
 *   <li>T2V: C empty (black), M = 0.</li>
 *   <li>I2V: C = the image as frame 1, blank after; M = 1 on frame 1 only.</li>
 *   <li>Inpaint: C = the user's video; M = 1 - painted mask (per frame; 0 where the region is regenerated).</li>
 *   <li>Cinemagraph: C = the image on every frame; M = 1 on all of frame 1, and 1 - painted region on the others.</li>
 * </ul>
 * Inputs of another size are centre-cropped and resized to native resolution; masks are resized by area averaging.
 */
public final class Conditioning {
    private Conditioning() {}

    public static ConditionPlan plan(GenerationRequest r, int width, int height, int frames) {
        List<int[]> cond = new ArrayList<>(frames);
        List<float[]> keep = new ArrayList<>(frames);
        int n = width * height;
        int[] blank = new int[n];
        Arrays.fill(blank, 0xff000000);
        switch (r.mode()) {
            case TEXT_TO_VIDEO -> {
                for (int f = 0; f < frames; f++) {
                    cond.add(blank);
                    keep.add(new float[n]);
                }
            }
            case IMAGE_TO_VIDEO -> {
                int[] img = fit(r.image(), 0, width, height);
                for (int f = 0; f < frames; f++) {
                    cond.add(f == 0 ? img : blank);
                    float[] k = new float[n];
                    if (f == 0) Arrays.fill(k, 1f);
                    keep.add(k);
                }
            }
            case INPAINT -> {
                FrameSequence v = r.video();
                for (int f = 0; f < frames; f++) {
                    cond.add(fit(v, Math.min(f, v.frameCount() - 1), width, height));
                    keep.add(invert(maskAt(r, f, width, height)));
                }
            }
            case CINEMAGRAPH -> {
                int[] img = fit(r.image(), 0, width, height);
                for (int f = 0; f < frames; f++) {
                    cond.add(img);
                    if (f == 0) {
                        float[] k = new float[n];
                        Arrays.fill(k, 1f);
                        keep.add(k);
                    } else {
                        keep.add(invert(maskAt(r, f, width, height)));
                    }
                }
            }
        }
        return new ConditionPlan(width, height, cond, keep);
    }

    /** The user's mask for frame f at native size, values in [0, 1] (1 = generate or animate). */
    static float[] maskAt(GenerationRequest r, int f, int width, int height) {
        Mask m = r.maskFor(f);
        if (m.width() == width && m.height() == height) return m.values().clone();
        Mask cropped = cropToAspect(m, width, height);
        return cropped.resizedArea(width, height).values();
    }

    private static Mask cropToAspect(Mask m, int width, int height) {
        double target = (double) width / height, src = (double) m.width() / m.height();
        if (Math.abs(target - src) < 1e-6) return m;
        int cw = m.width(), ch = m.height();
        if (src > target) cw = Math.max(1, (int) Math.round(ch * target));
        else ch = Math.max(1, (int) Math.round(cw / target));
        int ox = (m.width() - cw) / 2, oy = (m.height() - ch) / 2;
        float[] out = new float[cw * ch];
        for (int y = 0; y < ch; y++) System.arraycopy(m.values(), (y + oy) * m.width() + ox, out, y * cw, cw);
        return new Mask(cw, ch, out);
    }

    private static float[] invert(float[] m) {
        float[] k = new float[m.length];
        for (int i = 0; i < m.length; i++) k[i] = 1f - Math.max(0f, Math.min(1f, m[i]));
        return k;
    }

    /** Frame f of a sequence at native size (centre crop to the aspect ratio, then area or bilinear resize). */
    static int[] fit(FrameSequence s, int f, int width, int height) {
        if (s.width() == width && s.height() == height) return s.frame(f);
        return Resample.resizeArgb(s.frame(f), s.width(), s.height(), width, height, true);
    }

    /** Keep mask on the latent grid: the area average of each latent cell. */
    public static float[] toLatentGrid(float[] keep, int width, int height, int latentWidth, int latentHeight) {
        return Resample.areaResize(keep, width, height, latentWidth, latentHeight);
    }

    /**
     * The mask used to paste kept pixels back after decoding: a box blur of radius {@code feather} pixels, so the
     * seam is soft, while pixels farther than the feather from any generated pixel stay exactly 1 (exact copies).
     */
    public static float[] featheredKeep(float[] keep, int width, int height, double feather) {
        int r = (int) Math.round(feather);
        if (r <= 0) return keep.clone();
        // Separable box blur; afterwards generated pixels are forced to 0, so the soft band lies on the kept side.
        float[] h = new float[keep.length], out = new float[keep.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float s = 0;
                int c = 0;
                for (int dx = -r; dx <= r; dx++) {
                    int xx = Math.min(width - 1, Math.max(0, x + dx));
                    s += keep[y * width + xx];
                    c++;
                }
                h[y * width + x] = s / c;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float s = 0;
                int c = 0;
                for (int dy = -r; dy <= r; dy++) {
                    int yy = Math.min(height - 1, Math.max(0, y + dy));
                    s += h[yy * width + x];
                    c++;
                }
                out[y * width + x] = s / c;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (keep[i] >= 1f && out[i] > 0.9999f) out[i] = 1f;
            if (keep[i] <= 0f) out[i] = Math.min(out[i], 0f);
        }
        return out;
    }

    /** True when the mode has no conditioning at all. */
    public static boolean isUnconditioned(GenerationMode mode) { return mode == GenerationMode.TEXT_TO_VIDEO; }
}

package cinegen.engine.train;

import cinegen.engine.family.bundled.scene.*;
import cinegen.frames.GenerationMode;

import java.util.SplittableRandom;

/**
 * Keep masks M (1 = keep from C) on the latent grid for the four modes, drawn at random for each training clip,
 * so one denoiser learns text-to-video, image-to-video, inpainting and cinemagraphs (Lumiere 4.2).
 */
final class TrainingMasks {
    private TrainingMasks() {}

    static GenerationMode draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < 0.55 ? GenerationMode.TEXT_TO_VIDEO : u < 0.75 ? GenerationMode.IMAGE_TO_VIDEO : u < 0.9 ? GenerationMode.INPAINT : GenerationMode.CINEMAGRAPH;
    }

    /** Keep mask (T, h, w) for the mode; {@code coverage} is the objects' coverage per frame (T, h, w). */
    static float[] keep(GenerationMode mode, int frames, int h, int w, float[] coverage, SplittableRandom rng) {
        int plane = h * w;
        float[] k = new float[frames * plane];
        switch (mode) {
            case TEXT_TO_VIDEO -> { }
            case IMAGE_TO_VIDEO -> java.util.Arrays.fill(k, 0, plane, 1f);
            case INPAINT -> {
                java.util.Arrays.fill(k, 1f);
                boolean moving = rng.nextDouble() < 0.3;
                boolean objectRegion = rng.nextDouble() < 0.3;
                float[] region = objectRegion ? dilate(union(coverage, frames, plane), w, h, 1 + rng.nextInt(2)) : randomShape(w, h, rng);
                double dx = moving ? (rng.nextDouble() - 0.5) * 0.6 : 0, dy = moving ? (rng.nextDouble() - 0.5) * 0.6 : 0;
                for (int f = 0; f < frames; f++) {
                    int ox = (int) Math.round(dx * f), oy = (int) Math.round(dy * f);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int sx = x - ox, sy = y - oy;
                            float m = sx >= 0 && sx < w && sy >= 0 && sy < h ? region[sy * w + sx] : 0f;
                            k[f * plane + y * w + x] = 1f - m;
                        }
                    }
                }
            }
            case CINEMAGRAPH -> {
                float[] region = dilate(union(coverage, frames, plane), w, h, 1 + rng.nextInt(2));
                java.util.Arrays.fill(k, 0, plane, 1f);
                for (int f = 1; f < frames; f++) for (int i = 0; i < plane; i++) k[f * plane + i] = 1f - region[i];
            }
        }
        return k;
    }

    private static float[] union(float[] coverage, int frames, int plane) {
        float[] u = new float[plane];
        for (int f = 0; f < frames; f++) for (int i = 0; i < plane; i++) u[i] = Math.max(u[i], coverage[f * plane + i] > 0.05f ? 1f : 0f);
        return u;
    }

    private static float[] dilate(float[] m, int w, int h, int r) {
        float[] out = new float[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = 0;
                for (int dy = -r; dy <= r && v < 1; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx >= 0 && xx < w && yy >= 0 && yy < h && m[yy * w + xx] > 0) { v = 1; break; }
                    }
                }
                out[y * w + x] = v;
            }
        }
        return out;
    }

    /** A random rectangle or ellipse covering 10-60% of the frame. */
    private static float[] randomShape(int w, int h, SplittableRandom rng) {
        float[] m = new float[w * h];
        double cw = w * (0.3 + rng.nextDouble() * 0.5), ch = h * (0.3 + rng.nextDouble() * 0.5);
        double cx = cw / 2 + rng.nextDouble() * (w - cw), cy = ch / 2 + rng.nextDouble() * (h - ch);
        boolean ellipse = rng.nextBoolean();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double nx = (x + 0.5 - cx) / (cw / 2), ny = (y + 0.5 - cy) / (ch / 2);
                boolean in = ellipse ? nx * nx + ny * ny <= 1 : Math.abs(nx) <= 1 && Math.abs(ny) <= 1;
                if (in) m[y * w + x] = 1f;
            }
        }
        return m;
    }
}

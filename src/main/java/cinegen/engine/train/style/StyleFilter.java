package cinegen.engine.train.style;

import cinegen.engine.family.bundled.scene.Textures;
import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The looks the shipped style presets are trained on: each renders a clip of the scene grammar in a style.
 * Every texture a filter adds (paper, grain) is fixed per clip, so the styles do not teach the model to flicker.
 */
public enum StyleFilter {
    // Each look's thumbnail scene was picked by eye from renders of a few prompts with the shipped style at its
    // preset strength (the one where the look showed most plainly); the shipped model's styles mostly change the
    // ground, so grounds the look changes most were chosen.
    LINE_ART("line-art", "Ink lines on paper", "an orange circle on a sky background"),
    WATERCOLOUR("watercolour", "Soft washes of colour on textured paper", "a red circle and a blue square on a gray background"),
    PIXEL_ART("pixel-art", "Chunky pixels from a 16-colour palette", "a red circle and a blue square on a gray background"),
    NEON("neon", "Glowing saturated outlines on darkness", "a cyan triangle on a gray background"),
    VINTAGE_FILM("vintage-film", "Sepia, grain and vignette of old film", "a red circle and a blue square on a gray background");

    private final String id, description, thumbnailPrompt;

    StyleFilter(String id, String description, String thumbnailPrompt) {
        this.id = id;
        this.description = description;
        this.thumbnailPrompt = thumbnailPrompt;
    }

    public String id() { return id; }
    public String description() { return description; }
    /** A prompt of the scene grammar whose picture shows this look plainly, for the preset's thumbnail. */
    public String thumbnailPrompt() { return thumbnailPrompt; }

    public static StyleFilter parse(String s) {
        for (StyleFilter f : values()) if (f.id.equals(s.toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("unknown style '" + s + "'");
    }

    public FrameSequence apply(FrameSequence clip, long seed) {
        int w = clip.width(), h = clip.height();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] paper = Textures.fractalNoise(w, h, rng);
        float[] grain = new float[w * h];
        for (int i = 0; i < grain.length; i++) grain[i] = (float) (rng.nextDouble() - 0.5);
        List<int[]> out = new ArrayList<>(clip.frameCount());
        for (int[] f : clip.frames()) out.add(applyFrame(f, w, h, paper, grain));
        return new FrameSequence(w, h, clip.fps(), out);
    }

    int[] applyFrame(int[] argb, int w, int h, float[] paper, float[] grain) {
        float[][] c = planes(argb);
        int n = w * h;
        float[][] o = new float[3][n];
        switch (this) {
            case LINE_ART -> {
                float[] e = edges(c, w, h);
                for (int i = 0; i < n; i++) {
                    float ink = smoothstep(0.12f, 0.3f, e[i]);
                    float p = 0.94f + 0.05f * paper[i];
                    o[0][i] = mix(p, 0.08f, ink);
                    o[1][i] = mix(p, 0.08f, ink);
                    o[2][i] = mix(p * 0.98f, 0.09f, ink);
                }
            }
            case WATERCOLOUR -> {
                float[][] b = {blur(blur(c[0], w, h), w, h), blur(blur(c[1], w, h), w, h), blur(blur(c[2], w, h), w, h)};
                float[] e = edges(b, w, h);
                for (int i = 0; i < n; i++) {
                    float p = 0.9f + 0.1f * paper[i];
                    for (int k = 0; k < 3; k++) {
                        float v = Math.round(b[k][i] * 5f) / 5f * 0.5f + b[k][i] * 0.5f; // pooled washes
                        v = mix(v, 0.97f, 0.3f) * p - 0.25f * e[i];
                        o[k][i] = v;
                    }
                }
            }
            case PIXEL_ART -> {
                int block = Math.max(2, w / 16);
                for (int by = 0; by < h; by += block) {
                    for (int bx = 0; bx < w; bx += block) {
                        float[] mean = new float[3];
                        int cnt = 0;
                        for (int y = by; y < Math.min(h, by + block); y++) {
                            for (int x = bx; x < Math.min(w, bx + block); x++, cnt++) for (int k = 0; k < 3; k++) mean[k] += c[k][y * w + x];
                        }
                        for (int k = 0; k < 3; k++) mean[k] /= cnt;
                        float[] q = Palette.nearest(mean);
                        for (int y = by; y < Math.min(h, by + block); y++) {
                            for (int x = bx; x < Math.min(w, bx + block); x++) for (int k = 0; k < 3; k++) o[k][y * w + x] = q[k];
                        }
                    }
                }
            }
            case NEON -> {
                float[] e = edges(c, w, h);
                float[] glow = blur(blur(blur(e, w, h), w, h), w, h);
                for (int i = 0; i < n; i++) {
                    float[] sat = saturate(c[0][i], c[1][i], c[2][i]);
                    float line = smoothstep(0.08f, 0.25f, e[i]), halo = Math.min(1f, glow[i] * 2.5f);
                    for (int k = 0; k < 3; k++) o[k][i] = 0.03f + c[k][i] * 0.08f + sat[k] * (line * 1.0f + halo * 0.5f);
                }
            }
            case VINTAGE_FILM -> {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        float r = c[0][i], g = c[1][i], b = c[2][i];
                        float sr = 0.393f * r + 0.769f * g + 0.189f * b, sg = 0.349f * r + 0.686f * g + 0.168f * b, sb = 0.272f * r + 0.534f * g + 0.131f * b;
                        double dx = (x + 0.5) / w - 0.5, dy = (y + 0.5) / h - 0.5;
                        float vignette = (float) (1 - 1.1 * (dx * dx + dy * dy));
                        float gr = 0.06f * grain[i];
                        // Sepia toning with a little extra contrast, so subjects stay readable under the grain.
                        o[0][i] = ((0.1f + 0.8f * sr - 0.45f) * 1.3f + 0.45f) * vignette + gr;
                        o[1][i] = ((0.08f + 0.75f * sg - 0.4f) * 1.3f + 0.4f) * vignette + gr;
                        o[2][i] = ((0.06f + 0.65f * sb - 0.32f) * 1.3f + 0.32f) * vignette + gr;
                    }
                }
            }
        }
        return pack(o, n);
    }

    static float[][] planes(int[] argb) { return cinegen.frames.Pixels.toPlanes(argb, 3); }

    static int[] pack(float[][] p, int n) { return cinegen.frames.Pixels.fromPlanes(p, n); }

    /** Colour gradient magnitude (max over channels of the Sobel magnitude), about 0..1 for hard edges. */
    static float[] edges(float[][] c, int w, int h) {
        float[] e = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float best = 0;
                for (float[] p : c) {
                    float gx = at(p, w, h, x + 1, y - 1) + 2 * at(p, w, h, x + 1, y) + at(p, w, h, x + 1, y + 1)
                            - at(p, w, h, x - 1, y - 1) - 2 * at(p, w, h, x - 1, y) - at(p, w, h, x - 1, y + 1);
                    float gy = at(p, w, h, x - 1, y + 1) + 2 * at(p, w, h, x, y + 1) + at(p, w, h, x + 1, y + 1)
                            - at(p, w, h, x - 1, y - 1) - 2 * at(p, w, h, x, y - 1) - at(p, w, h, x + 1, y - 1);
                    best = Math.max(best, (float) Math.sqrt(gx * gx + gy * gy) / 4f);
                }
                e[y * w + x] = best;
            }
        }
        return e;
    }

    private static float at(float[] p, int w, int h, int x, int y) {
        return p[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
    }

    static float[] blur(float[] p, int w, int h) {
        float[] o = new float[p.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) s += at(p, w, h, x + dx, y + dy);
                o[y * w + x] = s / 9f;
            }
        }
        return o;
    }

    /** The colour pushed to full saturation and brightness (its hue), grey stays grey-white. */
    static float[] saturate(float r, float g, float b) {
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        if (max - min < 0.08f) return new float[] {0.9f, 0.9f, 1f};
        return new float[] {(r - min) / (max - min), (g - min) / (max - min), (b - min) / (max - min)};
    }

    static float mix(float a, float b, float t) { return a + (b - a) * t; }

    static float smoothstep(float e0, float e1, float x) {
        float t = Math.max(0f, Math.min(1f, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }

    /** A 16-colour palette in the spirit of fantasy consoles. */
    static final class Palette {
        private static final int[] COLOURS = {0x000000, 0x1d2b53, 0x7e2553, 0x008751, 0xab5236, 0x5f574f, 0xc2c3c7, 0xfff1e8,
                0xff004d, 0xffa300, 0xffec27, 0x00e436, 0x29adff, 0x83769c, 0xff77a8, 0xffccaa};

        /** Distance from {@code rgb} to its nearest palette colour, 0..1 (RGB distance over the cube's diagonal). */
        static double distance(float[] rgb) {
            float[] q = nearest(rgb);
            double d = 0;
            for (int k = 0; k < 3; k++) d += (q[k] - rgb[k]) * (q[k] - rgb[k]);
            return Math.sqrt(d / 3);
        }

        static float[] nearest(float[] rgb) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int i = 0; i < COLOURS.length; i++) {
                double d = 0;
                for (int k = 0; k < 3; k++) {
                    double v = ((COLOURS[i] >> (16 - 8 * k)) & 0xff) / 255.0 - rgb[k];
                    d += v * v;
                }
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
            int c = COLOURS[best];
            return new float[] {((c >> 16) & 0xff) / 255f, ((c >> 8) & 0xff) / 255f, (c & 0xff) / 255f};
        }
    }
}

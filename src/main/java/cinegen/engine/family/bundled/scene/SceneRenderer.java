package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws a {@link SceneSpec} into frames: anti-aliased shapes with shading and grain on textured backgrounds. */
public final class SceneRenderer {
    private SceneRenderer() {}

    /** A rendered clip and, per frame, the union coverage of its objects (0..1) for masks and evaluation. */
    public record Rendered(FrameSequence frames, List<float[]> objectCoverage) {}

    /** Only frame {@code f} of the scene. */
    public static int[] renderFrame(SceneSpec spec, int size, int f) {
        return render(spec, size, f, f + 1).frames().frame(0);
    }

    public static Rendered render(SceneSpec spec, int size, int frameCount) {
        return render(spec, size, 0, frameCount);
    }

    private static Rendered render(SceneSpec spec, int size, int firstFrame, int endFrame) {
        int frameCount = endFrame - firstFrame;
        float[][] bg = background(spec.background(), size, new SplittableRandom(spec.textureSeed()));
        List<int[]> frames = new ArrayList<>(frameCount);
        List<float[]> coverage = new ArrayList<>(frameCount);
        SplittableRandom grain = new SplittableRandom(spec.textureSeed() * 31 + 7);
        float[] objectGrain = new float[size * size];
        for (int i = 0; i < objectGrain.length; i++) objectGrain[i] = (float) (grain.nextDouble() - 0.5) * 0.06f;
        for (int f = firstFrame; f < endFrame; f++) {
            float[] r = bg[0].clone(), g = bg[1].clone(), b = bg[2].clone();
            float[] cov = new float[size * size];
            for (SceneSpec.Item it : spec.items()) {
                double[] st = spec.state(it, f);
                drawShape(it, st[0] * size, st[1] * size, st[2] * size, size, r, g, b, cov, objectGrain);
            }
            frames.add(Pixels.fromPlanes(new float[][] {r, g, b}, size * size));
            coverage.add(cov);
        }
        return new Rendered(new FrameSequence(size, size, spec.fps(), frames), coverage);
    }

    private static void drawShape(SceneSpec.Item it, double cx, double cy, double rad, int size,
                                  float[] r, float[] g, float[] b, float[] cov, float[] grain) {
        int x0 = Math.max(0, (int) Math.floor(cx - rad - 2)), x1 = Math.min(size - 1, (int) Math.ceil(cx + rad + 2));
        int y0 = Math.max(0, (int) Math.floor(cy - rad - 2)), y1 = Math.min(size - 1, (int) Math.ceil(cy + rad + 2));
        float hr = it.hue().r / 255f, hg = it.hue().g / 255f, hb = it.hue().b / 255f;
        final int ss = 3;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int inside = 0;
                for (int sy = 0; sy < ss; sy++) {
                    for (int sx = 0; sx < ss; sx++) {
                        double px = x + (sx + 0.5) / ss - cx, py = y + (sy + 0.5) / ss - cy;
                        if (contains(it.shape(), px, py, rad, it.rotation())) inside++;
                    }
                }
                if (inside == 0) continue;
                float a = inside / (float) (ss * ss);
                int i = y * size + x;
                // Soft shading: lighter towards the top left, plus a fixed grain so surfaces are not flat.
                float shade = (float) (1.0 + 0.18 * (-(x + 0.5 - cx) - (y + 0.5 - cy)) / Math.max(1.0, rad)) + grain[i];
                r[i] = r[i] * (1 - a) + clamp(hr * shade) * a;
                g[i] = g[i] * (1 - a) + clamp(hg * shade) * a;
                b[i] = b[i] * (1 - a) + clamp(hb * shade) * a;
                cov[i] = Math.max(cov[i], a);
            }
        }
    }

    private static float clamp(double v) { return (float) Math.max(0, Math.min(1, v)); }

    /** Whether a point (relative to the centre) lies inside the shape of radius {@code rad}. */
    static boolean contains(ShapeKind shape, double px, double py, double rad, double rotation) {
        switch (shape) {
            case CIRCLE:
                return px * px + py * py <= rad * rad;
            case SQUARE: {
                double h = rad * 0.85;
                return Math.abs(px) <= h && Math.abs(py) <= h;
            }
            case TRIANGLE:
                return insidePolygon(px, py, regularPolygon(3, rad * 1.1, -Math.PI / 2 + rotation, 0, 0));
            case STAR:
            default:
                return insidePolygon(px, py, regularPolygon(5, rad * 1.15, -Math.PI / 2 + rotation, 0.45, 0));
        }
    }

    /** Vertices of a regular polygon, or of a star when {@code innerRatio} > 0 (alternating radii). */
    static double[] regularPolygon(int points, double rad, double start, double innerRatio, double unused) {
        int n = innerRatio > 0 ? points * 2 : points;
        double[] v = new double[n * 2];
        for (int i = 0; i < n; i++) {
            double r = innerRatio > 0 && (i % 2 == 1) ? rad * innerRatio : rad;
            double a = start + 2 * Math.PI * i / n;
            v[2 * i] = r * Math.cos(a);
            v[2 * i + 1] = r * Math.sin(a);
        }
        return v;
    }

    static boolean insidePolygon(double x, double y, double[] v) {
        boolean in = false;
        int n = v.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
        }
        return in;
    }

    /** Background planes R, G, B in [0, 1]. Static over time, so kept regions of cinemagraphs stay still. */
    static float[][] background(Background bg, int size, SplittableRandom rng) {
        float[][] p = new float[3][size * size];
        float[] noise = Textures.valueNoise(size, size, Math.max(2, size / 8), rng);
        for (int y = 0; y < size; y++) {
            double v = y / (double) (size - 1);
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double n = noise[i] - 0.5, fine = rng.nextDouble() - 0.5;
                double r, g, b;
                switch (bg) {
                    case BLACK -> { r = 0.06; g = 0.06; b = 0.07; r += 0.03 * n; g += 0.03 * n; b += 0.03 * n; }
                    case WHITE -> { r = 0.94; g = 0.94; b = 0.92; r += 0.04 * n; g += 0.04 * n; b += 0.04 * n; }
                    case GRAY -> { r = 0.5; g = 0.5; b = 0.5; r += 0.06 * n; g += 0.06 * n; b += 0.06 * n; }
                    case SKY -> { r = lerp(0.27, 0.67, v); g = lerp(0.51, 0.82, v); b = lerp(0.9, 0.98, v); r += 0.05 * n; g += 0.04 * n; }
                    case SUNSET -> { r = lerp(0.47, 0.98, v); g = lerp(0.2, 0.59, v); b = lerp(0.59, 0.24, v); r += 0.04 * n; g += 0.04 * n; }
                    case GRASS -> {
                        double blade = Math.sin(x * 1.7 + noise[i] * 9) * 0.5 + 0.5;
                        r = 0.2 + 0.08 * blade + 0.06 * n; g = 0.5 + 0.16 * blade + 0.1 * n; b = 0.17 + 0.05 * blade;
                    }
                    default -> {
                        int cell = Math.max(2, size / 8);
                        boolean light = ((x / cell) + (y / cell)) % 2 == 0;
                        r = g = b = light ? 0.8 : 0.35;
                    }
                }
                p[0][i] = clamp(r + 0.015 * fine);
                p[1][i] = clamp(g + 0.015 * fine);
                p[2][i] = clamp(b + 0.015 * fine);
            }
        }
        return p;
    }

    private static double lerp(double a, double b, double t) { return a + (b - a) * t; }
}

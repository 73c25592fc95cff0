package cinegen.engine.family.bundled.scene;


import cinegen.frames.Pixels;

import java.util.SplittableRandom;

/**
 * Procedural images with the statistics of real photographs (dead-leaves occlusion, fractal noise, gratings,
 * gradients), so the autoencoder learns to reconstruct more than flat shapes.
 */
public final class Textures {
    private Textures() {}

    /** Smooth value noise in [0, 1], with lattice spacing {@code cell} pixels. */
    public static float[] valueNoise(int w, int h, int cell, SplittableRandom rng) {
        int gw = w / cell + 2, gh = h / cell + 2;
        float[] lattice = new float[gw * gh];
        for (int i = 0; i < lattice.length; i++) lattice[i] = (float) rng.nextDouble();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double gy = y / (double) cell;
            int iy = (int) gy;
            double ty = smooth(gy - iy);
            for (int x = 0; x < w; x++) {
                double gx = x / (double) cell;
                int ix = (int) gx;
                double tx = smooth(gx - ix);
                double a = lattice[iy * gw + ix], b = lattice[iy * gw + ix + 1];
                double c = lattice[(iy + 1) * gw + ix], d = lattice[(iy + 1) * gw + ix + 1];
                out[y * w + x] = (float) ((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty);
            }
        }
        return out;
    }

    private static double smooth(double t) { return t * t * (3 - 2 * t); }

    /** Fractal (multi-octave) noise in [0, 1]. */
    public static float[] fractalNoise(int w, int h, SplittableRandom rng) {
        float[] acc = new float[w * h];
        double amp = 1, total = 0;
        for (int cell = Math.max(2, w / 2); cell >= 1; cell /= 2) {
            float[] n = valueNoise(w, h, cell, rng);
            for (int i = 0; i < acc.length; i++) acc[i] += (float) (n[i] * amp);
            total += amp;
            amp *= 0.6;
        }
        for (int i = 0; i < acc.length; i++) acc[i] /= (float) total;
        return acc;
    }

    /** One random texture image, ARGB, of the given size. */
    public static int[] random(int w, int h, SplittableRandom rng) {
        int kind = rng.nextInt(5);
        float[][] p = new float[3][w * h];
        switch (kind) {
            case 0, 1 -> deadLeaves(w, h, rng, p);
            case 2 -> {
                float[] n = fractalNoise(w, h, rng);
                float[] c0 = randomColor(rng), c1 = randomColor(rng);
                for (int i = 0; i < n.length; i++) for (int c = 0; c < 3; c++) p[c][i] = c0[c] + (c1[c] - c0[c]) * n[i];
            }
            case 3 -> {
                double angle = rng.nextDouble() * Math.PI, freq = 0.1 + rng.nextDouble() * 0.9;
                float[] c0 = randomColor(rng), c1 = randomColor(rng);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double t = 0.5 + 0.5 * Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) * freq);
                        for (int c = 0; c < 3; c++) p[c][y * w + x] = (float) (c0[c] + (c1[c] - c0[c]) * t);
                    }
                }
            }
            default -> {
                deadLeaves(w, h, rng, p);
                float[] n = fractalNoise(w, h, rng);
                for (int i = 0; i < n.length; i++) for (int c = 0; c < 3; c++) p[c][i] = p[c][i] * 0.7f + n[i] * 0.3f;
            }
        }
        // Sensor-like grain.
        double grain = rng.nextDouble() * 0.04;
        for (int i = 0; i < w * h; i++) {
            double g = (rng.nextDouble() - 0.5) * grain;
            for (int c = 0; c < 3; c++) p[c][i] = (float) Math.max(0, Math.min(1, p[c][i] + g));
        }
        return Pixels.fromPlanes(p, w * h);
    }

    /** Dead-leaves model: random discs and boxes of random colour occluding each other, power-law sizes. */
    private static void deadLeaves(int w, int h, SplittableRandom rng, float[][] p) {
        float[] base = randomColor(rng);
        for (int i = 0; i < w * h; i++) for (int c = 0; c < 3; c++) p[c][i] = base[c];
        int leaves = 20 + rng.nextInt(60);
        for (int l = 0; l < leaves; l++) {
            double rad = Math.max(1.0, w * 0.5 * Math.pow(rng.nextDouble(), 2.2));
            double cx = rng.nextDouble() * w, cy = rng.nextDouble() * h;
            float[] col = randomColor(rng);
            boolean box = rng.nextBoolean();
            double shade = (rng.nextDouble() - 0.5) * 0.4;
            for (int y = Math.max(0, (int) (cy - rad)); y < Math.min(h, (int) (cy + rad) + 1); y++) {
                for (int x = Math.max(0, (int) (cx - rad)); x < Math.min(w, (int) (cx + rad) + 1); x++) {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    if (!box && dx * dx + dy * dy > rad * rad) continue;
                    double s = 1 + shade * (dx + dy) / (2 * rad);
                    for (int c = 0; c < 3; c++) p[c][y * w + x] = (float) Math.max(0, Math.min(1, col[c] * s));
                }
            }
        }
    }

    private static float[] randomColor(SplittableRandom rng) {
        return new float[] {(float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble()};
    }
}

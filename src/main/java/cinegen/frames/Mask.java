package cinegen.frames;

import java.util.Arrays;

/**
 * A single-channel plane of values in [0, 1], row-major. What 1 means is up to the user of the mask
 * (the UI paints 1 = "region to generate or animate"; the engine's conditioning mask uses 1 = "keep").
 */
public final class Mask {
    private final int width;
    private final int height;
    private final float[] values;

    public Mask(int width, int height, float[] values) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (values.length != width * height) {
            throw new IllegalArgumentException("mask has " + values.length + " values, expected " + width * height);
        }
        this.width = width;
        this.height = height;
        this.values = values;
    }

    public static Mask filled(int width, int height, float value) {
        float[] v = new float[width * height];
        Arrays.fill(v, value);
        return new Mask(width, height, v);
    }

    /** Reads a mask from ARGB pixels: luminance times alpha, so white = 1 and black or transparent = 0. */
    public static Mask fromArgb(int width, int height, int[] argb) {
        float[] v = new float[width * height];
        for (int i = 0; i < v.length; i++) {
            int p = argb[i];
            float a = ((p >>> 24) & 0xff) / 255f;
            float r = ((p >> 16) & 0xff), g = ((p >> 8) & 0xff), b = (p & 0xff);
            v[i] = a * (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
        }
        return new Mask(width, height, v);
    }

    public int width() { return width; }
    public int height() { return height; }
    public float get(int x, int y) { return values[y * width + x]; }
    /** The backing values; callers must not modify them unless they own the mask. */
    public float[] values() { return values; }

    public Mask inverted() {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) v[i] = 1f - values[i];
        return new Mask(width, height, v);
    }

    public Mask copy() { return new Mask(width, height, values.clone()); }

    /** Mean value: the covered fraction of the plane. */
    public double coverage() {
        double s = 0;
        for (float f : values) s += f;
        return s / values.length;
    }

    /** Area-averaged resize (box filter over each target cell), the right filter when shrinking a mask. */
    public Mask resizedArea(int newWidth, int newHeight) {
        return new Mask(newWidth, newHeight, Resample.areaResize(values, width, height, newWidth, newHeight));
    }

    public int[] toArgb() {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            int g = Math.round(Math.max(0f, Math.min(1f, values[i])) * 255f);
            out[i] = 0xff000000 | (g << 16) | (g << 8) | g;
        }
        return out;
    }
}

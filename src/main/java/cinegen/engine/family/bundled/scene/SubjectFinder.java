package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.ColourNames;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the objects of a conditioning image (decision 28), so the layout planner can start its discs where the
 * image has them: pixels whose colour the reference (the border ring, or everything outside a painted region) does
 * not show are foreground; its 4-connected parts are candidates; a prompted colour picks the part of that colour.
 * No learned judge: colour histograms and connected components only.
 */
public final class SubjectFinder {
    /** An object found: centre and radius in frame widths (as {@link SceneSpec.Item} measures them), area as a frame share. */
    public record Subject(double x, double y, double radius, double area) {}

    /** 16 levels per channel: wide enough to absorb grain, narrow enough to separate a shape from its background. */
    private static final int BITS = 4, BINS = 1 << BITS;
    /** A colour bin (with its neighbours) holding at least this share of the reference pixels is background. */
    static final double BACKGROUND_SHARE = 0.01;
    /** Parts smaller or larger than this (share of the frame) are noise or background, not an object. */
    static final double MIN_AREA = 0.001, MAX_AREA = 0.4;
    /** Border ring width as a share of the smaller side. */
    static final double RING = 0.03;
    /** A painted region needs this many outside pixels for them to serve as the reference. */
    static final int MIN_REFERENCE = 64;

    private SubjectFinder() {}

    /**
     * Up to {@code count} objects of the image inside {@code area} (null: the whole frame), largest first, the ones
     * of the prompted hues (in order) first.
     */
    public static List<Subject> find(int[] argb, int width, int height, boolean[] area, List<Hue> hues, int count) {
        int n = width * height;
        boolean[] reference = new boolean[n];
        int outside = 0;
        if (area != null) for (int i = 0; i < n; i++) if (!area[i]) { reference[i] = true; outside++; }
        if (outside < MIN_REFERENCE) {
            int ring = Math.max(1, (int) Math.round(RING * Math.min(width, height)));
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (x < ring || y < ring || x >= width - ring || y >= height - ring) reference[y * width + x] = true;
                }
            }
        }
        double[] share = smoothedShares(argb, reference);
        boolean[] foreground = new boolean[n];
        for (int i = 0; i < n; i++) foreground[i] = (area == null || area[i]) && share[bin(argb[i])] < BACKGROUND_SHARE;

        List<Part> parts = new ArrayList<>();
        for (int[] pixels : components(foreground, width, height)) {
            double a = pixels.length / (double) n;
            if (a >= MIN_AREA && a <= MAX_AREA) parts.add(new Part(pixels, width));
        }
        parts.sort((p, q) -> Integer.compare(q.pixels.length, p.pixels.length));

        List<Subject> found = new ArrayList<>();
        List<Part> used = new ArrayList<>();
        for (Hue hue : hues) {
            if (found.size() >= count) break;
            for (Part p : parts) {
                if (!used.contains(p) && p.hue(argb) == hue) {
                    used.add(p);
                    found.add(p.subject(width, n));
                    break;
                }
            }
        }
        for (Part p : parts) {
            if (found.size() >= count) break;
            if (!used.contains(p)) {
                used.add(p);
                found.add(p.subject(width, n));
            }
        }
        return found;
    }

    private static int bin(int argb) {
        int shift = 8 - BITS;
        return ((((argb >> 16) & 255) >> shift) * BINS + (((argb >> 8) & 255) >> shift)) * BINS + ((argb & 255) >> shift);
    }

    /** Per colour bin, the share of reference pixels in it and its 26 neighbours. */
    private static double[] smoothedShares(int[] argb, boolean[] reference) {
        int[] counts = new int[BINS * BINS * BINS];
        int total = 0;
        for (int i = 0; i < argb.length; i++) if (reference[i]) { counts[bin(argb[i])]++; total++; }
        double[] share = new double[counts.length];
        if (total == 0) return share;
        for (int r = 0; r < BINS; r++) {
            for (int g = 0; g < BINS; g++) {
                for (int b = 0; b < BINS; b++) {
                    int sum = 0;
                    for (int dr = Math.max(0, r - 1); dr <= Math.min(BINS - 1, r + 1); dr++) {
                        for (int dg = Math.max(0, g - 1); dg <= Math.min(BINS - 1, g + 1); dg++) {
                            for (int db = Math.max(0, b - 1); db <= Math.min(BINS - 1, b + 1); db++) sum += counts[(dr * BINS + dg) * BINS + db];
                        }
                    }
                    share[(r * BINS + g) * BINS + b] = sum / (double) total;
                }
            }
        }
        return share;
    }

    /** The 4-connected parts of a mask, each as its pixel indices. */
    static List<int[]> components(boolean[] mask, int width, int height) {
        List<int[]> out = new ArrayList<>();
        boolean[] seen = new boolean[mask.length];
        int[] stack = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) continue;
            int top = 0, size = 0;
            int[] pixels = new int[16];
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                if (size == pixels.length) pixels = java.util.Arrays.copyOf(pixels, size * 2);
                pixels[size++] = p;
                int x = p % width, y = p / width;
                if (x > 0) top = push(mask, seen, stack, top, p - 1);
                if (x < width - 1) top = push(mask, seen, stack, top, p + 1);
                if (y > 0) top = push(mask, seen, stack, top, p - width);
                if (y < height - 1) top = push(mask, seen, stack, top, p + width);
            }
            out.add(java.util.Arrays.copyOf(pixels, size));
        }
        return out;
    }

    private static int push(boolean[] mask, boolean[] seen, int[] stack, int top, int p) {
        if (mask[p] && !seen[p]) {
            seen[p] = true;
            stack[top++] = p;
        }
        return top;
    }

    private static final class Part {
        final int[] pixels;
        final double cx, cy;
        final int minX, maxX, minY, maxY;

        Part(int[] pixels, int width) {
            this.pixels = pixels;
            double sx = 0, sy = 0;
            int x0 = Integer.MAX_VALUE, x1 = -1, y0 = Integer.MAX_VALUE, y1 = -1;
            for (int p : pixels) {
                int x = p % width, y = p / width;
                sx += x + 0.5;
                sy += y + 0.5;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
            cx = sx / pixels.length;
            cy = sy / pixels.length;
            minX = x0; maxX = x1; minY = y0; maxY = y1;
        }

        /** The hue word of the part's mean colour (null for greys). */
        Hue hue(int[] argb) {
            double r = 0, g = 0, b = 0;
            for (int p : pixels) {
                r += (argb[p] >> 16) & 255; g += (argb[p] >> 8) & 255; b += argb[p] & 255;
            }
            return ColourNames.name(r / pixels.length, g / pixels.length, b / pixels.length);
        }

        /** Centroid (a regular shape's centre) and half the larger bounding-box side (its radius within ~10%). */
        Subject subject(int width, int n) {
            double radius = Math.max(maxX - minX + 1, maxY - minY + 1) / 2.0;
            return new Subject(cx / width, cy / width, radius / width, pixels.length / (double) n);
        }
    }
}

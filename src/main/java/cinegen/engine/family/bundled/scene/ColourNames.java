package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;

/** Names a colour with the nearest hue word of the scene grammar, in a hue / saturation / value sense. */
public final class ColourNames {
    /** Below this saturation a bright colour is WHITE, a dark one has no name. */
    static final double WHITE_MAX_SATURATION = 0.25;
    static final double WHITE_MIN_VALUE = 0.6;
    /** A chromatic colour needs at least this value to carry a hue. */
    static final double MIN_VALUE = 0.15;

    private ColourNames() {}

    /** Hue angle in degrees [0, 360), saturation and value in [0, 1] of an RGB colour with channels in 0..255. */
    public static double[] hsv(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), d = max - min;
        double h;
        if (d <= 1e-9) h = 0;
        else if (max == r) h = 60 * (((g - b) / d) % 6);
        else if (max == g) h = 60 * ((b - r) / d + 2);
        else h = 60 * ((r - g) / d + 4);
        if (h < 0) h += 360;
        return new double[] {h, max <= 0 ? 0 : d / max, max / 255.0};
    }

    /** The nearest hue word, or null when the colour is a dark or mid grey that no word of the grammar names. */
    public static Hue name(double r, double g, double b) {
        double[] c = hsv(r, g, b);
        if (c[1] < WHITE_MAX_SATURATION) return c[2] >= WHITE_MIN_VALUE ? Hue.WHITE : null;
        if (c[2] < MIN_VALUE) return null;
        Hue best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Hue h : Hue.values()) {
            if (h == Hue.WHITE) continue;
            double d = angle(c[0], hsv(h.r, h.g, h.b)[0]);
            if (d < bestDistance) {
                bestDistance = d;
                best = h;
            }
        }
        return best;
    }

    static double angle(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return d > 180 ? 360 - d : d;
    }
}

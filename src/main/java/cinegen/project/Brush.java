package cinegen.project;

/**
 * A soft round brush.
 *
 * @param size     diameter in mask pixels (> 0)
 * @param hardness 1 = full strength right up to the edge (anti-aliased over one pixel); 0 = falls off smoothly from the
 *                 centre; in between, full strength out to {@code hardness × radius}, then a smooth fall-off
 * @param opacity  how far one stroke moves a pixel towards painted (or erased), in (0, 1]
 * @param eraser   true to remove paint instead of adding it
 */
public record Brush(double size, double hardness, double opacity, boolean eraser) {
    public Brush {
        if (!(size > 0) || Double.isInfinite(size)) throw new IllegalArgumentException("brush size must be positive, got " + size);
        if (!(hardness >= 0 && hardness <= 1)) throw new IllegalArgumentException("brush hardness must be in [0, 1], got " + hardness);
        if (!(opacity > 0 && opacity <= 1)) throw new IllegalArgumentException("brush opacity must be in (0, 1], got " + opacity);
    }

    public static Brush paint(double size, double hardness) { return new Brush(size, hardness, 1, false); }

    public static Brush eraser(double size, double hardness) { return new Brush(size, hardness, 1, true); }

    public double radius() { return size / 2; }

    /** Coverage of a pixel whose centre is {@code d} pixels from the stroke's path, in [0, 1]. */
    public double coverage(double d) {
        double r = radius();
        double inner = r * hardness;
        if (r - inner < 1) {
            // hard edge: anti-alias over one pixel centred on the radius
            return clamp(r + 0.5 - d);
        }
        if (d <= inner) return 1;
        if (d >= r) return 0;
        double t = (r - d) / (r - inner);
        return t * t * (3 - 2 * t);
    }

    /** How far from the path a pixel can be and still be touched. */
    public double reach() {
        return radius() - radius() * hardness < 1 ? radius() + 0.5 : radius();
    }

    private static double clamp(double v) { return v < 0 ? 0 : Math.min(1, v); }
}

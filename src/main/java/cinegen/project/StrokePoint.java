package cinegen.project;

/** A point of a brush stroke in mask pixel coordinates (pixel {@code (i, j)} spans [i, i+1) × [j, j+1)). */
public record StrokePoint(double x, double y) {
    public StrokePoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("stroke point must be finite, got " + x + ", " + y);
    }
}

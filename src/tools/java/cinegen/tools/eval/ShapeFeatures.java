package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape of one binary object mask, read from its contour. Three fills tell the grammar's shapes apart: of the
 * enclosing circle around the centroid (circle about 0.84, square 0.64, triangle and star under 0.55), of the
 * bounding box (the axis-aligned square about 0.95, everything else under 0.8) and of the convex hull (solidity:
 * the star, the only concave shape, about 0.62 sharp and 0.74 blurred; the triangle 0.85). Hull and radius use
 * pixel corners, so they hold at any resolution down to objects a few pixels wide. Thresholds were set on the
 * renderer's scenes, sharp and blurred (see FrameAnalysisTest).
 */
public record ShapeFeatures(double area, double solidity, double circleFill, double boxFill) {
    static final double CIRCLE_MIN_FILL = 0.76;
    static final double SQUARE_MIN_BOX_FILL = 0.8;
    static final double STAR_MAX_SOLIDITY = 0.82;

    public ShapeKind classify() {
        if (circleFill >= CIRCLE_MIN_FILL) return ShapeKind.CIRCLE;
        if (boxFill >= SQUARE_MIN_BOX_FILL) return ShapeKind.SQUARE;
        if (solidity < STAR_MAX_SOLIDITY) return ShapeKind.STAR;
        return ShapeKind.TRIANGLE;
    }

    /** Features of the pixels set in {@code mask} (width {@code w}); null when fewer than 3 pixels are set. */
    public static ShapeFeatures of(boolean[] mask, int w, int h) {
        int n = 0;
        double sx = 0, sy = 0;
        int x0 = w, x1 = -1, y0 = h, y1 = -1;
        // Per row, the leftmost and rightmost set pixel: their outer corners contain every hull vertex.
        int[] left = new int[h], right = new int[h];
        Arrays.fill(left, -1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!mask[y * w + x]) continue;
                n++;
                sx += x + 0.5;
                sy += y + 0.5;
                if (left[y] < 0) left[y] = x;
                right[y] = x;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
        }
        if (n < 3) return null;
        List<double[]> pts = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            if (left[y] < 0) continue;
            pts.add(new double[] {left[y], y});
            pts.add(new double[] {left[y], y + 1});
            pts.add(new double[] {right[y] + 1, y});
            pts.add(new double[] {right[y] + 1, y + 1});
        }
        List<double[]> hull = convexHull(pts);
        double hullArea = polygonArea(hull);
        double cx = sx / n, cy = sy / n, rmax = 0;
        for (double[] p : hull) rmax = Math.max(rmax, Math.hypot(p[0] - cx, p[1] - cy));
        double box = (double) (x1 - x0 + 1) * (y1 - y0 + 1);
        return new ShapeFeatures(n, n / hullArea, n / (Math.PI * rmax * rmax), n / box);
    }

    /** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
    static List<double[]> convexHull(List<double[]> points) {
        List<double[]> p = new ArrayList<>(points);
        p.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int k = 0;
        double[][] hull = new double[2 * p.size()][];
        for (double[] q : p) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], q) <= 0) k--;
            hull[k++] = q;
        }
        for (int i = p.size() - 2, lower = k + 1; i >= 0; i--) {
            double[] q = p.get(i);
            while (k >= lower && cross(hull[k - 2], hull[k - 1], q) <= 0) k--;
            hull[k++] = q;
        }
        return new ArrayList<>(Arrays.asList(hull).subList(0, Math.max(0, k - 1)));
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    static double polygonArea(List<double[]> poly) {
        double s = 0;
        for (int i = 0; i < poly.size(); i++) {
            double[] a = poly.get(i), b = poly.get((i + 1) % poly.size());
            s += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(s) / 2;
    }
}

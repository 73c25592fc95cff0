package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.ColourNames;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a single-object clip of the scene grammar back without any learned judge. The background is estimated
 * twice: as the per-pixel temporal median (finds anything that moves) and as a model of the prompt's background
 * kind (finds objects that stand still): a per-row median colour for the flat, gradient and grass backgrounds,
 * the grey segment between the two check levels for the checkerboard. A pixel far in colour from either is
 * object; the largest connected component, holes filled, is the object of that frame. From it come area,
 * centroid, colour name and shape; from the tracks come motion and temporal consistency. Size-agnostic:
 * positions and areas are in frame widths and frame fractions.
 */
public final class FrameAnalysis {
    /** Colour distance (RGB, 0..255 Euclidean) from the temporal median above which a pixel is object. */
    static final double MEDIAN_DISTANCE = 40;
    /** Smallest object, as a fraction of the frame, still counted as present. */
    static final double MIN_AREA = 0.002;
    /** Motion thresholds, in frame widths over the clip and in ln(area) over the clip. */
    static final double STILL_MAX_TRAVEL = 0.05;
    static final double MIN_GROWTH = 0.5;
    static final double BOUNCE_MIN_RANGE = 0.06;
    static final double BOUNCE_MIN_PATH_RATIO = 1.8;
    /** Largest area variation (std / mean) that still counts as a stable area. */
    static final double STABLE_AREA_CV = 0.2;

    private FrameAnalysis() {}

    /** What one frame shows: whether the object is there, its mask, area (frame fraction), centroid (frame widths). */
    public record FrameReading(boolean present, Mask mask, double area, double cx, double cy, double[] meanRgb,
                               ShapeFeatures shape, boolean touchesBorder) {}

    /** The reading of a whole clip. Hue, shape or motion is null when nothing could be read. */
    public record ClipReading(List<FrameReading> frames, Hue hue, double[] meanRgb, ShapeKind shape, Motion motion,
                              double travelX, double travelY, double growth, double areaVariation, boolean presentInEveryFrame) {
        /** Temporal consistency: present in every frame, and its area stable unless the prompt says it grows or shrinks. */
        public boolean consistentFor(Motion prompted) {
            if (!presentInEveryFrame) return false;
            if (prompted == Motion.GROWING) return growth >= MIN_GROWTH;
            if (prompted == Motion.SHRINKING) return growth <= -MIN_GROWTH;
            return areaVariation <= STABLE_AREA_CV;
        }
    }

    /** How a reading compares with what the prompt asked for. */
    public record Verdict(boolean colourRight, boolean shapeRight, boolean motionRight, boolean consistent) {}

    /** Scores a reading against the prompted colour, shape and motion (a null reading is wrong). */
    public static Verdict verdict(ClipReading r, Hue hue, ShapeKind shape, Motion motion) {
        return new Verdict(r.hue() == hue, r.shape() == shape, r.motion() == motion, r.consistentFor(motion));
    }

    public static ClipReading analyse(FrameSequence clip, Background background) {
        int w = clip.width(), h = clip.height(), n = w * h, t = clip.frameCount();
        if (t == 0) throw new IllegalArgumentException("the clip has no frames");
        float[][][] rgb = new float[t][][];
        for (int f = 0; f < t; f++) rgb[f] = planes(clip.frame(f));
        float[][] median = temporalMedian(rgb, n);
        BackgroundModel model = BackgroundModel.fit(background, rgb, median, w, h);
        // Where the median itself looks like object (a still or slow object covers the pixel in most frames), the
        // median is not background there and only the background model decides.
        boolean[] medianIsBackground = new boolean[n];
        for (int i = 0; i < n; i++) medianIsBackground[i] = model.distance(i, median[0][i], median[1][i], median[2][i]) <= model.threshold() / 2;
        List<FrameReading> frames = new ArrayList<>(t);
        double[] colourSum = new double[3];
        long colourCount = 0;
        int minPixels = Math.max(3, (int) Math.round(MIN_AREA * n));
        for (int f = 0; f < t; f++) {
            boolean[] fg = new boolean[n];
            for (int i = 0; i < n; i++) {
                double r = rgb[f][0][i], g = rgb[f][1][i], b = rgb[f][2][i];
                double dm = dist(r, g, b, median[0][i], median[1][i], median[2][i]);
                fg[i] = (medianIsBackground[i] && dm > MEDIAN_DISTANCE) || model.distance(i, r, g, b) > model.threshold();
            }
            boolean[] found = fillHoles(largestComponent(fg, w, h), w, h);
            int foundCount = count(found);
            if (foundCount < minPixels) {
                frames.add(new FrameReading(false, toMask(found, w, h), foundCount / (double) n, Double.NaN, Double.NaN, null, null, touchesBorder(found, w, h)));
                continue;
            }
            // Colour from the inner pixels: anti-aliased edges mix in the background.
            boolean[] inner = erode(found, w, h);
            boolean[] colourPixels = count(inner) >= 4 ? inner : found;
            double[] mean = new double[3];
            int cc = 0;
            for (int i = 0; i < n; i++) {
                if (!colourPixels[i]) continue;
                for (int c = 0; c < 3; c++) mean[c] += rgb[f][c][i];
                cc++;
            }
            for (int c = 0; c < 3; c++) {
                colourSum[c] += mean[c];
                mean[c] /= cc;
            }
            colourCount += cc;
            boolean[] object = refine(found, mean, rgb[f], median, medianIsBackground, model, w, h);
            if (count(object) < minPixels) object = found;
            int pixels = 0;
            double sx = 0, sy = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (!object[y * w + x]) continue;
                    pixels++;
                    sx += x + 0.5;
                    sy += y + 0.5;
                }
            }
            frames.add(new FrameReading(true, toMask(object, w, h), pixels / (double) n, sx / pixels / w, sy / pixels / w,
                    mean, ShapeFeatures.of(object, w, h), touchesBorder(object, w, h)));
        }
        double[] meanRgb = colourCount == 0 ? null : new double[] {colourSum[0] / colourCount, colourSum[1] / colourCount, colourSum[2] / colourCount};
        Hue hue = meanRgb == null ? null : ColourNames.name(meanRgb[0], meanRgb[1], meanRgb[2]);
        return withMotion(frames, hue, meanRgb, voteShape(frames));
    }

    /**
     * The object's half-coverage contour: each pixel near the detected object is unmixed as background plus a
     * fraction of the object's colour, and kept when that fraction is at least one half. The detection threshold
     * sits low on soft edges (it must catch dark-shaded parts), which rounds corners and fills a star's notches once
     * the edges are blurred; the half-coverage contour does not.
     */
    private static boolean[] refine(boolean[] found, double[] objectRgb, float[][] frame, float[][] median, boolean[] medianIsBackground,
                                    BackgroundModel model, int w, int h) {
        boolean[] near = dilate(dilate(found, w, h), w, h);
        boolean[] keep = new boolean[found.length];
        double[] bg = new double[3];
        for (int i = 0; i < found.length; i++) {
            if (!near[i]) continue;
            double r = frame[0][i], g = frame[1][i], b = frame[2][i];
            if (medianIsBackground[i]) { bg[0] = median[0][i]; bg[1] = median[1][i]; bg[2] = median[2][i]; }
            else model.colour(i, r, g, b, bg);
            double ox = objectRgb[0] - bg[0], oy = objectRgb[1] - bg[1], oz = objectRgb[2] - bg[2];
            double norm = ox * ox + oy * oy + oz * oz;
            if (norm < 1) { keep[i] = found[i]; continue; }
            double alpha = ((r - bg[0]) * ox + (g - bg[1]) * oy + (b - bg[2]) * oz) / norm;
            keep[i] = alpha >= 0.5;
        }
        return fillHoles(largestComponent(keep, w, h), w, h);
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean v : m) if (v) c++;
        return c;
    }

    private static boolean touchesBorder(boolean[] m, int w, int h) {
        for (int x = 0; x < w; x++) if (m[x] || m[(h - 1) * w + x]) return true;
        for (int y = 0; y < h; y++) if (m[y * w] || m[y * w + w - 1]) return true;
        return false;
    }

    private static Mask toMask(boolean[] m, int w, int h) {
        float[] v = new float[m.length];
        for (int i = 0; i < v.length; i++) if (m[i]) v[i] = 1f;
        return new Mask(w, h, v);
    }

    /** Pixels with a set 8-neighbour or set themselves. */
    static boolean[] dilate(boolean[] m, int w, int h) {
        boolean[] out = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean any = false;
                for (int dy = -1; dy <= 1 && !any; dy++) {
                    for (int dx = -1; dx <= 1 && !any; dx++) {
                        int xx = x + dx, yy = y + dy;
                        any = xx >= 0 && yy >= 0 && xx < w && yy < h && m[yy * w + xx];
                    }
                }
                out[y * w + x] = any;
            }
        }
        return out;
    }

    private static ShapeKind voteShape(List<FrameReading> frames) {
        Map<ShapeKind, Integer> clean = new EnumMap<>(ShapeKind.class), all = new EnumMap<>(ShapeKind.class);
        for (FrameReading r : frames) {
            if (!r.present() || r.shape() == null) continue;
            ShapeKind k = r.shape().classify();
            all.merge(k, 1, Integer::sum);
            if (!r.touchesBorder()) clean.merge(k, 1, Integer::sum);
        }
        Map<ShapeKind, Integer> votes = clean.isEmpty() ? all : clean;
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** Motion from the centroid and area tracks of the frames where the object is present. */
    private static ClipReading withMotion(List<FrameReading> frames, Hue hue, double[] meanRgb, ShapeKind shape) {
        List<double[]> track = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            FrameReading r = frames.get(f);
            if (r.present()) track.add(new double[] {f, r.cx(), r.cy(), Math.log(r.area())});
        }
        boolean every = track.size() == frames.size();
        if (track.size() < 2) return new ClipReading(frames, hue, meanRgb, shape, null, 0, 0, 0, 0, every);
        double span = frames.size() - 1;
        double travelX = slope(track, 1) * span, travelY = slope(track, 2) * span, growth = slope(track, 3) * span;
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE, pathY = 0;
        double areaSum = 0, areaSq = 0;
        for (int i = 0; i < track.size(); i++) {
            double[] p = track.get(i);
            minX = Math.min(minX, p[1]); maxX = Math.max(maxX, p[1]);
            minY = Math.min(minY, p[2]); maxY = Math.max(maxY, p[2]);
            if (i > 0) pathY += Math.abs(p[2] - track.get(i - 1)[2]);
            double a = Math.exp(p[3]);
            areaSum += a;
            areaSq += a * a;
        }
        double areaMean = areaSum / track.size();
        double areaCv = Math.sqrt(Math.max(0, areaSq / track.size() - areaMean * areaMean)) / areaMean;
        double rangeX = maxX - minX, rangeY = maxY - minY;
        double netY = Math.abs(track.get(track.size() - 1)[2] - track.get(0)[2]);
        double travel = Math.hypot(travelX, travelY);
        Motion motion;
        if (Math.abs(growth) >= MIN_GROWTH && travel < 3 * STILL_MAX_TRAVEL) {
            motion = growth > 0 ? Motion.GROWING : Motion.SHRINKING;
        } else if (rangeY >= BOUNCE_MIN_RANGE && rangeY >= rangeX && pathY >= BOUNCE_MIN_PATH_RATIO * netY + BOUNCE_MIN_RANGE / 2) {
            motion = Motion.BOUNCING;
        } else if (travel < STILL_MAX_TRAVEL && Math.max(rangeX, rangeY) < 2 * STILL_MAX_TRAVEL) {
            motion = Motion.STILL;
        } else if (Math.abs(travelX) >= Math.abs(travelY)) {
            motion = travelX > 0 ? Motion.RIGHT : Motion.LEFT;
        } else {
            motion = travelY > 0 ? Motion.DOWN : Motion.UP;
        }
        return new ClipReading(frames, hue, meanRgb, shape, motion, travelX, travelY, growth, areaCv, every);
    }

    /** Least-squares slope of column {@code col} against column 0. */
    private static double slope(List<double[]> pts, int col) {
        double mx = 0, my = 0;
        for (double[] p : pts) { mx += p[0]; my += p[col]; }
        mx /= pts.size();
        my /= pts.size();
        double sxy = 0, sxx = 0;
        for (double[] p : pts) {
            sxy += (p[0] - mx) * (p[col] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    static float[][] planes(int[] argb) {
        float[][] p = new float[3][argb.length];
        for (int i = 0; i < argb.length; i++) {
            p[0][i] = (argb[i] >> 16) & 0xff;
            p[1][i] = (argb[i] >> 8) & 0xff;
            p[2][i] = argb[i] & 0xff;
        }
        return p;
    }

    static float[][] temporalMedian(float[][][] rgb, int n) {
        int t = rgb.length;
        float[][] out = new float[3][n];
        float[] v = new float[t];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < t; f++) v[f] = rgb[f][c][i];
                Arrays.sort(v);
                out[c][i] = t % 2 == 1 ? v[t / 2] : (v[t / 2 - 1] + v[t / 2]) / 2;
            }
        }
        return out;
    }

    static double dist(double r, double g, double b, double r2, double g2, double b2) {
        return Math.sqrt((r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2));
    }

    /** The largest 4-connected set of true pixels. */
    static boolean[] largestComponent(boolean[] fg, int w, int h) {
        int n = w * h;
        int[] label = new int[n];
        int[] stack = new int[n];
        int best = 0, bestSize = 0, next = 0;
        for (int s = 0; s < n; s++) {
            if (!fg[s] || label[s] != 0) continue;
            next++;
            int size = 0, top = 0;
            stack[top++] = s;
            label[s] = next;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int x = i % w, y = i / w;
                if (x > 0 && fg[i - 1] && label[i - 1] == 0) { label[i - 1] = next; stack[top++] = i - 1; }
                if (x < w - 1 && fg[i + 1] && label[i + 1] == 0) { label[i + 1] = next; stack[top++] = i + 1; }
                if (y > 0 && fg[i - w] && label[i - w] == 0) { label[i - w] = next; stack[top++] = i - w; }
                if (y < h - 1 && fg[i + w] && label[i + w] == 0) { label[i + w] = next; stack[top++] = i + w; }
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) out[i] = best != 0 && label[i] == best;
        return out;
    }

    /** Sets every false pixel not 4-connected to the frame border through false pixels. */
    static boolean[] fillHoles(boolean[] obj, int w, int h) {
        int n = w * h;
        boolean[] outside = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            int x = i % w, y = i / w;
            if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && !obj[i]) { outside[i] = true; stack[top++] = i; }
        }
        while (top > 0) {
            int i = stack[--top];
            int x = i % w, y = i / w;
            if (x > 0 && !obj[i - 1] && !outside[i - 1]) { outside[i - 1] = true; stack[top++] = i - 1; }
            if (x < w - 1 && !obj[i + 1] && !outside[i + 1]) { outside[i + 1] = true; stack[top++] = i + 1; }
            if (y > 0 && !obj[i - w] && !outside[i - w]) { outside[i - w] = true; stack[top++] = i - w; }
            if (y < h - 1 && !obj[i + w] && !outside[i + w]) { outside[i + w] = true; stack[top++] = i + w; }
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) out[i] = !outside[i];
        return out;
    }

    /** Pixels whose four neighbours are all set. */
    static boolean[] erode(boolean[] m, int w, int h) {
        boolean[] out = new boolean[m.length];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                out[i] = m[i] && m[i - 1] && m[i + 1] && m[i - w] && m[i + w];
            }
        }
        return out;
    }

    /** The expected background colour of the prompt's background kind, fitted to the clip. */
    private interface BackgroundModel {
        double distance(int pixel, double r, double g, double b);

        double threshold();

        /** The expected background colour at {@code pixel}, given the colour seen there, into {@code out}. */
        void colour(int pixel, double r, double g, double b, double[] out);

        static BackgroundModel fit(Background kind, float[][][] rgb, float[][] median, int w, int h) {
            return switch (kind) {
                case CHECKERBOARD -> CheckerModel.fit(median, w * h);
                case GRASS -> RowModel.fit(rgb, w, h, 70);
                default -> RowModel.fit(rgb, w, h, 45);
            };
        }
    }

    /** A colour per row (flat, gradient and grass backgrounds): the per-channel median of that row over all frames. */
    private record RowModel(float[][] rows, int w, double threshold) implements BackgroundModel {
        static RowModel fit(float[][][] rgb, int w, int h, double threshold) {
            float[][] rows = new float[3][h];
            float[] v = new float[w * rgb.length];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    int k = 0;
                    for (float[][] frame : rgb) for (int x = 0; x < w; x++) v[k++] = frame[c][y * w + x];
                    Arrays.sort(v);
                    rows[c][y] = v[v.length / 2];
                }
            }
            return new RowModel(rows, w, threshold);
        }

        @Override
        public void colour(int pixel, double r, double g, double b, double[] out) {
            int y = pixel / w;
            out[0] = rows[0][y]; out[1] = rows[1][y]; out[2] = rows[2][y];
        }

        @Override
        public double distance(int pixel, double r, double g, double b) {
            int y = pixel / w;
            return dist(r, g, b, rows[0][y], rows[1][y], rows[2][y]);
        }
    }

    /** Checkerboard: any grey between the dark and the light check level (blurred edges included). */
    private record CheckerModel(double dark, double light) implements BackgroundModel {
        static CheckerModel fit(float[][] median, int n) {
            float[] grey = new float[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                double r = median[0][i], g = median[1][i], b = median[2][i];
                double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
                if (max - min < 25) grey[k++] = (float) ((r + g + b) / 3);
            }
            if (k < 2) return new CheckerModel(89, 204);
            float[] g = Arrays.copyOf(grey, k);
            Arrays.sort(g);
            return new CheckerModel(g[k / 10], g[k * 9 / 10]);
        }

        @Override
        public double distance(int pixel, double r, double g, double b) {
            double m = (r + g + b) / 3, level = Math.max(dark, Math.min(light, m));
            return dist(r, g, b, level, level, level);
        }

        @Override
        public double threshold() { return 45; }

        @Override
        public void colour(int pixel, double r, double g, double b, double[] out) {
            // The check level nearest to the pixel's brightness: dark checks for dark pixels, light for light ones.
            double m = (r + g + b) / 3, level = m < (dark + light) / 2 ? dark : light;
            out[0] = level; out[1] = level; out[2] = level;
        }
    }
}

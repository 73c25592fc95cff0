package cinegen.media.gif;

import java.util.Arrays;
import java.util.List;

/**
 * An adaptive palette of at most 255 colours for a whole clip: weighted median cut over a 15-bit colour
 * histogram of every frame, polished by a few k-means rounds. Nearest-colour look-ups are cached on an
 * 18-bit grid, so mapping costs little more than a table read.
 */
public final class Palette {
    public static final int MAX_COLORS = 255;
    private static final int KMEANS_ROUNDS = 3;
    /** Histogram samples at most this many pixels; longer clips are sampled on a stride. */
    private static final long MAX_SAMPLES = 4_000_000;

    private final int[] rgb;
    private final short[] cache = new short[1 << 18];

    private Palette(int[] rgb) {
        this.rgb = rgb;
        Arrays.fill(cache, (short) -1);
    }

    /** The palette of the given colours (0xRRGGBB), at most {@link #MAX_COLORS}. */
    public static Palette of(int... colors) {
        if (colors.length == 0 || colors.length > MAX_COLORS) {
            throw new IllegalArgumentException("a palette holds 1 to " + MAX_COLORS + " colours");
        }
        int[] rgb = new int[colors.length];
        for (int i = 0; i < rgb.length; i++) rgb[i] = colors[i] & 0xffffff;
        return new Palette(rgb);
    }

    /** Builds a palette of at most {@code maxColors} (2..255) for all {@code frames} (ARGB, alpha ignored). */
    public static Palette build(List<int[]> frames, int maxColors) {
        if (maxColors < 2 || maxColors > MAX_COLORS) throw new IllegalArgumentException("colours must be 2.." + MAX_COLORS);
        long total = 0;
        for (int[] f : frames) total += f.length;
        int stride = (int) Math.max(1, (total + MAX_SAMPLES - 1) / MAX_SAMPLES);
        long[] count = new long[1 << 15], sr = new long[1 << 15], sg = new long[1 << 15], sb = new long[1 << 15];
        long seen = 0;
        for (int[] f : frames) {
            for (int i = (int) (seen % stride == 0 ? 0 : stride - seen % stride); i < f.length; i += stride) {
                int p = f[i], r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                int bin = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
                count[bin]++;
                sr[bin] += r;
                sg[bin] += g;
                sb[bin] += b;
            }
            seen += f.length;
        }
        int nonEmpty = 0;
        for (long c : count) if (c > 0) nonEmpty++;
        if (nonEmpty == 0) return of(0);
        // bins as weighted points: mean colour and weight
        float[][] point = new float[nonEmpty][3];
        float[] weight = new float[nonEmpty];
        for (int bin = 0, k = 0; bin < count.length; bin++) {
            if (count[bin] == 0) continue;
            point[k][0] = (float) sr[bin] / count[bin];
            point[k][1] = (float) sg[bin] / count[bin];
            point[k][2] = (float) sb[bin] / count[bin];
            weight[k++] = count[bin];
        }
        float[][] centres = medianCut(point, weight, maxColors);
        kMeans(point, weight, centres);
        int[] rgb = new int[centres.length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (clamp8(centres[i][0]) << 16) | (clamp8(centres[i][1]) << 8) | clamp8(centres[i][2]);
        }
        return new Palette(rgb);
    }

    public int size() { return rgb.length; }

    /** Mean distance from each entry to its nearest other entry, in 8-bit levels: the palette's step size. */
    public double meanSpacing() {
        if (rgb.length < 2) return 0;
        double sum = 0;
        for (int i = 0; i < rgb.length; i++) {
            int best = Integer.MAX_VALUE;
            for (int j = 0; j < rgb.length; j++) {
                if (i == j) continue;
                int a = rgb[i], b = rgb[j];
                int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff), dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff), db = (a & 0xff) - (b & 0xff);
                best = Math.min(best, dr * dr + dg * dg + db * db);
            }
            sum += Math.sqrt(best);
        }
        return sum / rgb.length;
    }

    /** Entry {@code i} as 0xRRGGBB. */
    public int color(int i) { return rgb[i]; }

    /** Index of the entry nearest to the colour (components 0..255). */
    public int nearest(int r, int g, int b) {
        int key = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
        short cached = cache[key];
        if (cached >= 0) return cached;
        // search with the centre of the cache cell, so every colour in the cell gets the same answer
        int cr = (r & ~3) + 2, cg = (g & ~3) + 2, cb = (b & ~3) + 2;
        int best = 0, bestD = Integer.MAX_VALUE;
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            int dr = ((c >> 16) & 0xff) - cr, dg = ((c >> 8) & 0xff) - cg, db = (c & 0xff) - cb;
            int d = dr * dr + dg * dg + db * db;
            if (d < bestD) { bestD = d; best = i; }
        }
        cache[key] = (short) best;
        return best;
    }

    private static float[][] medianCut(float[][] point, float[] weight, int maxColors) {
        int n = point.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // boxes are ranges [start, end) of order
        int[] starts = new int[maxColors], ends = new int[maxColors];
        double[] error = new double[maxColors];
        starts[0] = 0;
        ends[0] = n;
        error[0] = sse(order, 0, n, point, weight);
        int boxes = 1;
        while (boxes < maxColors) {
            int pick = -1;
            for (int b = 0; b < boxes; b++) {
                if (ends[b] - starts[b] > 1 && (pick < 0 || error[b] > error[pick])) pick = b;
            }
            if (pick < 0 || error[pick] <= 0) break;
            int s = starts[pick], e = ends[pick];
            int axis = widestAxis(order, s, e, point, weight);
            Arrays.sort(order, s, e, (x, y) -> Float.compare(point[x][axis], point[y][axis]));
            double half = 0, total = 0;
            for (int i = s; i < e; i++) total += weight[order[i]];
            int cut = s + 1;
            for (int i = s; i < e - 1; i++) {
                half += weight[order[i]];
                cut = i + 1;
                if (half >= total / 2) break;
            }
            starts[boxes] = cut;
            ends[boxes] = e;
            ends[pick] = cut;
            error[pick] = sse(order, s, cut, point, weight);
            error[boxes] = sse(order, cut, e, point, weight);
            boxes++;
        }
        float[][] centres = new float[boxes][];
        for (int b = 0; b < boxes; b++) centres[b] = mean(order, starts[b], ends[b], point, weight);
        return centres;
    }

    private static void kMeans(float[][] point, float[] weight, float[][] centres) {
        int k = centres.length;
        for (int round = 0; round < KMEANS_ROUNDS; round++) {
            double[][] sum = new double[k][3];
            double[] w = new double[k];
            for (int i = 0; i < point.length; i++) {
                float[] p = point[i];
                int best = 0;
                float bestD = Float.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    float dr = p[0] - centres[c][0], dg = p[1] - centres[c][1], db = p[2] - centres[c][2];
                    float d = dr * dr + dg * dg + db * db;
                    if (d < bestD) { bestD = d; best = c; }
                }
                sum[best][0] += weight[i] * p[0];
                sum[best][1] += weight[i] * p[1];
                sum[best][2] += weight[i] * p[2];
                w[best] += weight[i];
            }
            for (int c = 0; c < k; c++) {
                if (w[c] == 0) continue; // an empty cell keeps its colour
                for (int j = 0; j < 3; j++) centres[c][j] = (float) (sum[c][j] / w[c]);
            }
        }
    }

    private static double sse(Integer[] order, int s, int e, float[][] point, float[] weight) {
        float[] m = mean(order, s, e, point, weight);
        double err = 0;
        for (int i = s; i < e; i++) {
            float[] p = point[order[i]];
            double dr = p[0] - m[0], dg = p[1] - m[1], db = p[2] - m[2];
            err += weight[order[i]] * (dr * dr + dg * dg + db * db);
        }
        return err;
    }

    private static float[] mean(Integer[] order, int s, int e, float[][] point, float[] weight) {
        double r = 0, g = 0, b = 0, w = 0;
        for (int i = s; i < e; i++) {
            float[] p = point[order[i]];
            float wt = weight[order[i]];
            r += wt * p[0];
            g += wt * p[1];
            b += wt * p[2];
            w += wt;
        }
        return new float[] {(float) (r / w), (float) (g / w), (float) (b / w)};
    }

    private static int widestAxis(Integer[] order, int s, int e, float[][] point, float[] weight) {
        float[] m = mean(order, s, e, point, weight);
        double[] var = new double[3];
        for (int i = s; i < e; i++) {
            float[] p = point[order[i]];
            for (int j = 0; j < 3; j++) var[j] += weight[order[i]] * (p[j] - m[j]) * (p[j] - m[j]);
        }
        return var[0] >= var[1] && var[0] >= var[2] ? 0 : (var[1] >= var[2] ? 1 : 2);
    }

    private static int clamp8(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(255, i);
    }
}

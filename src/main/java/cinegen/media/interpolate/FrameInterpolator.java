package cinegen.media.interpolate;

import cinegen.frames.FrameSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Flow-based temporal upsampling, as in VideoGen's temporal super-resolution but in pixel space. Optical flow
 * is estimated both ways between neighbouring frames; each neighbour's pixels are splatted forward along their
 * flow to the in-between moment, weighted by time and by forward-backward consistency (a pixel whose motion
 * the reverse flow does not undo is being covered, so it gives way). Holes the splats leave are filled by
 * backward warping with Super SloMo's in-between flows, blended by the same kind of consistency. Objects
 * travel to the in-between position instead of fading across it.
 */
public final class FrameInterpolator {
    /** Width of the consistency weight, in pixels of disagreement. */
    private static final float CONSISTENCY_SIGMA = 1.0f;
    private static final float MIN_WEIGHT = 1e-3f;
    /** Weight of the backward-warped estimate against the splats; it only shows where the splats leave holes. */
    private static final float HOLE_WEIGHT = 0.05f;

    private final OpticalFlow flow;

    public FrameInterpolator() {
        this(new OpticalFlow());
    }

    public FrameInterpolator(OpticalFlow flow) {
        this.flow = flow;
    }

    /**
     * The sequence with {@code factor - 1} new frames between every pair: {@code (n - 1) * factor + 1} frames
     * at {@code factor} times the frame rate, so the motion keeps its speed.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true between pairs
     */
    public FrameSequence interpolate(FrameSequence clip, int factor, BooleanSupplier cancelled) {
        checkFactor(factor);
        if (factor == 1 || clip.frameCount() < 2) return clip.withFps(clip.fps() * factor);
        List<int[]> out = new ArrayList<>((clip.frameCount() - 1) * factor + 1);
        for (int i = 0; i + 1 < clip.frameCount(); i++) {
            if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("interpolation cancelled");
            out.add(clip.frame(i));
            out.addAll(inBetween(clip.frame(i), clip.frame(i + 1), clip.width(), clip.height(), factor));
        }
        out.add(clip.frame(clip.frameCount() - 1));
        return new FrameSequence(clip.width(), clip.height(), clip.fps() * factor, out);
    }

    /** The {@code factor - 1} frames between {@code a} and {@code b}, at times 1/factor, 2/factor, ... */
    public List<int[]> inBetween(int[] a, int[] b, int width, int height, int factor) {
        checkFactor(factor);
        List<int[]> frames = new ArrayList<>(factor - 1);
        if (factor == 1) return frames;
        float[] la = Planes.blur3(Planes.luma(a), width, height), lb = Planes.blur3(Planes.luma(b), width, height);
        FlowField f01 = flow.estimateLuma(la, lb, width, height);
        FlowField f10 = flow.estimateLuma(lb, la, width, height);
        float[][] ca = channels(a), cb = channels(b);
        for (int k = 1; k < factor; k++) {
            frames.add(at(ca, cb, f01, f10, width, height, (float) k / factor));
        }
        return frames;
    }

    /** One frame at time {@code t} in (0, 1) between {@code a} (t = 0) and {@code b} (t = 1). */
    public int[] between(int[] a, int[] b, int width, int height, double t) {
        float[] la = Planes.blur3(Planes.luma(a), width, height), lb = Planes.blur3(Planes.luma(b), width, height);
        FlowField f01 = flow.estimateLuma(la, lb, width, height);
        FlowField f10 = flow.estimateLuma(lb, la, width, height);
        return at(channels(a), channels(b), f01, f10, width, height, (float) t);
    }

    /** Plain cross-fade, the flow-free baseline: {@code (1 - t) a + t b}. */
    public static int[] crossFade(int[] a, int[] b, double t) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            int p = a[i], q = b[i];
            int alpha = (int) Math.round((1 - t) * (p >>> 24) + t * (q >>> 24));
            int r = (int) Math.round((1 - t) * ((p >> 16) & 0xff) + t * ((q >> 16) & 0xff));
            int g = (int) Math.round((1 - t) * ((p >> 8) & 0xff) + t * ((q >> 8) & 0xff));
            int bl = (int) Math.round((1 - t) * (p & 0xff) + t * (q & 0xff));
            out[i] = (alpha << 24) | (r << 16) | (g << 8) | bl;
        }
        return out;
    }

    private static int[] at(float[][] ca, float[][] cb, FlowField f01, FlowField f10, int w, int h, float t) {
        int n = w * h;
        float[][] acc = new float[4][n];
        float[] weight = new float[n];
        // forward splatting: every pixel of each neighbour travels along its flow to where it is at time t
        splat(ca, f01, f10, w, h, t, 1 - t, acc, weight);
        splat(cb, f10, f01, w, h, 1 - t, t, acc, weight);
        int[] backward = backwardBlend(ca, cb, f01, f10, w, h, t);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            // where splats leave a hole (or barely reach), the backward-warped blend fills in
            float wb = HOLE_WEIGHT, norm = 1f / (weight[i] + wb);
            int bp = backward[i], px = 0;
            for (int c = 0; c < 4; c++) {
                float fallback = (bp >>> (c == 0 ? 24 : 8 * (3 - c))) & 0xff;
                int q = Math.round((acc[c][i] + wb * fallback) * norm);
                px |= (q < 0 ? 0 : (q > 255 ? 255 : q)) << (c == 0 ? 24 : 8 * (3 - c));
            }
            out[i] = px;
        }
        return out;
    }

    /**
     * Splats {@code colors} forward by {@code time} times their flow, bilinearly, weighted by {@code timeWeight}
     * and by the forward-backward consistency of each pixel: a pixel whose motion the reverse flow does not
     * undo is being covered, so it gives way to the pixels that stay visible.
     */
    private static void splat(float[][] colors, FlowField forward, FlowField backward, int w, int h, float time,
                              float timeWeight, float[][] acc, float[] weight) {
        float[] u = forward.u(), v = forward.v(), ub = backward.u(), vb = backward.v();
        float inv2s2 = 1f / (2 * CONSISTENCY_SIGMA * CONSISTENCY_SIGMA);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float ex = x + u[i], ey = y + v[i];
                float cx = u[i] + Planes.sample(ub, w, h, ex, ey), cy = v[i] + Planes.sample(vb, w, h, ex, ey);
                float visible = (float) Math.exp(-(cx * cx + cy * cy) * inv2s2) + MIN_WEIGHT;
                float wt = timeWeight * visible;
                float tx = x + time * u[i], ty = y + time * v[i];
                int x0 = (int) Math.floor(tx), y0 = (int) Math.floor(ty);
                float ax = tx - x0, ay = ty - y0;
                for (int k = 0; k < 4; k++) {
                    int px = x0 + (k & 1), py = y0 + (k >> 1);
                    if (px < 0 || px >= w || py < 0 || py >= h) continue;
                    float bw = ((k & 1) == 1 ? ax : 1 - ax) * ((k >> 1) == 1 ? ay : 1 - ay) * wt;
                    if (bw <= 0) continue;
                    int j = py * w + px;
                    weight[j] += bw;
                    for (int c = 0; c < 4; c++) acc[c][j] += bw * colors[c][i];
                }
            }
        }
    }

    /** Backward warping of both neighbours with the in-between flows of Super SloMo, blended by time and consistency. */
    private static int[] backwardBlend(float[][] ca, float[][] cb, FlowField f01, FlowField f10, int w, int h, float t) {
        float[] u01 = f01.u(), v01 = f01.v(), u10 = f10.u(), v10 = f10.v();
        float s = 1 - t;
        float inv2s2 = 1f / (2 * CONSISTENCY_SIGMA * CONSISTENCY_SIGMA);
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                // flows from the in-between frame to each neighbour (Super SloMo, eq. 4)
                float ut0 = -s * t * u01[i] + t * t * u10[i], vt0 = -s * t * v01[i] + t * t * v10[i];
                float ut1 = s * s * u01[i] - s * t * u10[i], vt1 = s * s * v01[i] - s * t * v10[i];
                float x0 = x + ut0, y0 = y + vt0, x1 = x + ut1, y1 = y + vt1;
                // consistency: does each sample's own motion carry it onto the other sample?
                float e0x = x0 + Planes.sample(u01, w, h, x0, y0) - x1, e0y = y0 + Planes.sample(v01, w, h, x0, y0) - y1;
                float e1x = x1 + Planes.sample(u10, w, h, x1, y1) - x0, e1y = y1 + Planes.sample(v10, w, h, x1, y1) - y0;
                float w0 = s * ((float) Math.exp(-(e0x * e0x + e0y * e0y) * inv2s2) + MIN_WEIGHT);
                float w1 = t * ((float) Math.exp(-(e1x * e1x + e1y * e1y) * inv2s2) + MIN_WEIGHT);
                float norm = 1f / (w0 + w1);
                int px = 0;
                for (int c = 0; c < 4; c++) {
                    float value = (w0 * Planes.sample(ca[c], w, h, x0, y0) + w1 * Planes.sample(cb[c], w, h, x1, y1)) * norm;
                    int q = Math.round(value);
                    px |= (q < 0 ? 0 : (q > 255 ? 255 : q)) << (c == 0 ? 24 : 8 * (3 - c));
                }
                out[i] = px;
            }
        }
        return out;
    }

    /** A, R, G, B planes with values 0..255. */
    private static float[][] channels(int[] argb) {
        float[][] c = new float[4][argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            c[0][i] = p >>> 24;
            c[1][i] = (p >> 16) & 0xff;
            c[2][i] = (p >> 8) & 0xff;
            c[3][i] = p & 0xff;
        }
        return c;
    }

    private static void checkFactor(int factor) {
        if (factor != 1 && factor != 2 && factor != 4) {
            throw new IllegalArgumentException("Frame interpolation supports 2x and 4x (got " + factor + "x).");
        }
    }
}

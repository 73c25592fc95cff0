package cinegen.media.interpolate;

/**
 * Dense optical flow by coarse-to-fine iterative Lucas–Kanade, run twice and fused. On every pyramid level the
 * second image is warped by the current flow and a regularised 2x2 least-squares system over a tent window
 * gives the correction at every pixel; a 3x3 median after each level removes outliers. One run starts at rest
 * on the deepest level (precise for small motions); the other starts on a level about {@code coarsestSize}
 * pixels across from an exhaustive block-matching search of {@code searchRadius} pixels (it finds motions of
 * a sixth of the frame or so, even of a small object against its background). Each pixel keeps the estimate
 * whose warp matches better (decided at half size), and the fused flow is refined down to full size. Works on
 * luma; the regularisation keeps the coarser estimate where there is no texture to measure.
 */
public final class OpticalFlow {
    /** Settings; {@link #DEFAULT} suits frames of 64 to 512 pixels with motions up to about a tenth of the width. */
    public record Params(int iterations, int windowRadius, float regularization, int coarsestSize, int searchRadius) {
        public static final Params DEFAULT = new Params(4, 2, 1e-3f, 24, 5);
    }

    /** Squared error charged for a sample off the image: a poor but not impossible match. */
    private static final float OFF_IMAGE_COST = 0.05f;

    private final Params params;

    public OpticalFlow() {
        this(Params.DEFAULT);
    }

    public OpticalFlow(Params params) {
        this.params = params;
    }

    /** Flow from {@code from} to {@code to} (ARGB images of the same size). */
    public FlowField estimate(int[] from, int[] to, int width, int height) {
        return estimateLuma(Planes.blur3(Planes.luma(from), width, height), Planes.blur3(Planes.luma(to), width, height),
                width, height);
    }

    /** Flow between two pre-blurred luma planes. */
    FlowField estimateLuma(float[] from, float[] to, int width, int height) {
        // pyramid: level 0 is full size; the deepest level is about half the search level
        int levels = 1;
        int minSize = Math.max(4, params.coarsestSize() / 2);
        for (int w = width, h = height; Math.min(w, h) / 2 >= minSize && levels < 10; w = (w + 1) / 2, h = (h + 1) / 2) {
            levels++;
        }
        float[][] pa = new float[levels][], pb = new float[levels][];
        int[] ws = new int[levels], hs = new int[levels];
        pa[0] = from; pb[0] = to; ws[0] = width; hs[0] = height;
        int searchLevel = 0;
        for (int l = 1; l < levels; l++) {
            ws[l] = (ws[l - 1] + 1) / 2;
            hs[l] = (hs[l - 1] + 1) / 2;
            pa[l] = Planes.half(pa[l - 1], ws[l - 1], hs[l - 1], ws[l], hs[l]);
            pb[l] = Planes.half(pb[l - 1], ws[l - 1], hs[l - 1], ws[l], hs[l]);
            if (Math.min(ws[l], hs[l]) >= params.coarsestSize()) searchLevel = l;
        }
        int top = levels - 1;
        // two estimates: plain coarse-to-fine from rest (precise for small motions), and coarse-to-fine from
        // a block-matching search (finds large ones); each pixel keeps the one that matches better
        // a half-size level is precise enough to choose between them; only the fused flow goes on to full size
        int fuseLevel = Math.min(1, searchLevel);
        FlowField fromRest = coarseToFine(pa, pb, ws, hs, top, fuseLevel, FlowField.zero(ws[top], hs[top]));
        FlowField fromSearch = coarseToFine(pa, pb, ws, hs, searchLevel, fuseLevel,
                search(pa[searchLevel], pb[searchLevel], ws[searchLevel], hs[searchLevel]));
        FlowField flow = refine(pa[fuseLevel], pb[fuseLevel], ws[fuseLevel], hs[fuseLevel],
                fuse(pa[fuseLevel], pb[fuseLevel], ws[fuseLevel], hs[fuseLevel], fromRest, fromSearch));
        for (int l = fuseLevel - 1; l >= 0; l--) {
            flow = refine(pa[l], pb[l], ws[l], hs[l], upsample(flow, ws[l], hs[l]));
        }
        return flow;
    }

    /** Refines {@code initial} from level {@code start} down to level {@code stop}. */
    private FlowField coarseToFine(float[][] pa, float[][] pb, int[] ws, int[] hs, int start, int stop, FlowField initial) {
        FlowField flow = refine(pa[start], pb[start], ws[start], hs[start], initial);
        for (int l = start - 1; l >= stop; l--) {
            flow = refine(pa[l], pb[l], ws[l], hs[l], upsample(flow, ws[l], hs[l]));
        }
        return flow;
    }

    /** Per pixel, the candidate whose warp matches {@code a} better over the window. */
    private FlowField fuse(float[] a, float[] b, int w, int h, FlowField first, FlowField second) {
        float[] c1 = matchCost(a, b, w, h, first), c2 = matchCost(a, b, w, h, second);
        int n = w * h;
        float[] u = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            boolean pickSecond = c2[i] < c1[i];
            u[i] = pickSecond ? second.u()[i] : first.u()[i];
            v[i] = pickSecond ? second.v()[i] : first.v()[i];
        }
        return new FlowField(w, h, Planes.median3(u, w, h), Planes.median3(v, w, h));
    }

    private float[] matchCost(float[] a, float[] b, int w, int h, FlowField flow) {
        int n = w * h;
        float[] cost = new float[n], summed = new float[n], tmp = new float[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float sx = x + flow.u()[i], sy = y + flow.v()[i];
                if (sx < 0 || sx > w - 1 || sy < 0 || sy > h - 1) {
                    cost[i] = OFF_IMAGE_COST;
                } else {
                    float d = Planes.sample(b, w, h, sx, sy) - a[i];
                    cost[i] = d * d;
                }
            }
        }
        Planes.tentSum(cost, w, h, params.windowRadius(), tmp, summed);
        return summed;
    }

    private FlowField refine(float[] a, float[] b, int w, int h, FlowField flow) {
        int n = w * h;
        float[] u = flow.u(), v = flow.v();
        float[] ax = new float[n], ay = new float[n];
        gradients(a, w, h, ax, ay);
        float[] warped = new float[n], bx = new float[n], by = new float[n];
        boolean[] inside = new boolean[n];
        float[] xx = new float[n], xy = new float[n], yy = new float[n], xt = new float[n], yt = new float[n];
        float[] sxx = new float[n], sxy = new float[n], syy = new float[n], sxt = new float[n], syt = new float[n];
        float[] tmp = new float[n];
        int r = params.windowRadius();
        float lambda = params.regularization() * (2 * r + 1) * (2 * r + 1) * (2 * r + 1) * (2 * r + 1);
        for (int it = 0; it < params.iterations(); it++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float sx = x + u[i], sy = y + v[i];
                    inside[i] = sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1;
                    warped[i] = Planes.sample(b, w, h, sx, sy);
                }
            }
            gradients(warped, w, h, bx, by);
            for (int i = 0; i < n; i++) {
                if (!inside[i]) { // a sample off the image says nothing about the motion
                    xx[i] = xy[i] = yy[i] = xt[i] = yt[i] = 0;
                    continue;
                }
                float gx = 0.5f * (ax[i] + bx[i]), gy = 0.5f * (ay[i] + by[i]), gt = warped[i] - a[i];
                xx[i] = gx * gx; xy[i] = gx * gy; yy[i] = gy * gy; xt[i] = gx * gt; yt[i] = gy * gt;
            }
            // a box filter applied twice: a tent window, whose spectrum is never negative, so the
            // per-pixel updates cannot amplify any spatial frequency of the error
            Planes.tentSum(xx, w, h, r, tmp, sxx);
            Planes.tentSum(xy, w, h, r, tmp, sxy);
            Planes.tentSum(yy, w, h, r, tmp, syy);
            Planes.tentSum(xt, w, h, r, tmp, sxt);
            Planes.tentSum(yt, w, h, r, tmp, syt);
            for (int i = 0; i < n; i++) {
                float a11 = sxx[i] + lambda, a22 = syy[i] + lambda, a12 = sxy[i];
                float det = a11 * a22 - a12 * a12;
                float du = -(a22 * sxt[i] - a12 * syt[i]) / det;
                float dv = -(a11 * syt[i] - a12 * sxt[i]) / det;
                // the linearisation only holds for small steps
                u[i] += Math.max(-1.5f, Math.min(1.5f, du));
                v[i] += Math.max(-1.5f, Math.min(1.5f, dv));
            }
        }
        return new FlowField(w, h, Planes.median3(u, w, h), Planes.median3(v, w, h));
    }

    /** Whole-pixel block matching: for every pixel the shift within the search radius whose window matches best. */
    private FlowField search(float[] a, float[] b, int w, int h) {
        int n = w * h, radius = params.searchRadius(), r = params.windowRadius();
        float[] best = new float[n], u = new float[n], v = new float[n];
        java.util.Arrays.fill(best, Float.MAX_VALUE);
        float[] cost = new float[n], summed = new float[n], tmp = new float[n];
        // a slight preference for small motions settles flat, ambiguous areas
        float smallMotion = 1e-4f * (2 * r + 1) * (2 * r + 1) * (2 * r + 1) * (2 * r + 1);
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = x + dx, i = y * w + x;
                        if (sx < 0 || sx >= w || sy < 0 || sy >= h) {
                            cost[i] = OFF_IMAGE_COST;
                        } else {
                            float d = b[sy * w + sx] - a[i];
                            cost[i] = d * d;
                        }
                    }
                }
                Planes.tentSum(cost, w, h, r, tmp, summed);
                float penalty = smallMotion * (dx * dx + dy * dy);
                for (int i = 0; i < n; i++) {
                    float c = summed[i] + penalty;
                    if (c < best[i]) { best[i] = c; u[i] = dx; v[i] = dy; }
                }
            }
        }
        return new FlowField(w, h, Planes.median3(u, w, h), Planes.median3(v, w, h));
    }

    private static void gradients(float[] p, int w, int h, float[] gx, float[] gy) {
        for (int y = 0; y < h; y++) {
            int row = y * w, up = Math.max(0, y - 1) * w, dn = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                int l = Math.max(0, x - 1), rr = Math.min(w - 1, x + 1);
                gx[row + x] = (p[row + rr] - p[row + l]) * (rr - l == 2 ? 0.5f : 1f);
                gy[row + x] = (p[dn + x] - p[up + x]) * (dn - up == 2 * w ? 0.5f : 1f);
            }
        }
    }

    private static FlowField upsample(FlowField coarse, int w, int h) {
        float[] u = new float[w * h], v = new float[w * h];
        int cw = coarse.width(), ch = coarse.height();
        float sx = (float) cw / w, sy = (float) ch / h;
        for (int y = 0; y < h; y++) {
            float cy = (y + 0.5f) * sy - 0.5f;
            for (int x = 0; x < w; x++) {
                float cx = (x + 0.5f) * sx - 0.5f;
                u[y * w + x] = Planes.sample(coarse.u(), cw, ch, cx, cy) / sx;
                v[y * w + x] = Planes.sample(coarse.v(), cw, ch, cx, cy) / sy;
            }
        }
        return new FlowField(w, h, u, v);
    }
}

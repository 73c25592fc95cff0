package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Self-attention over every position of a video (B, C, T, H, W) at once: each token sees all frames at all
 * places, with fixed sinusoidal positions for frame, row and column in separate channel groups.
 *
 * <p>The factorized layers (per-frame spatial attention and convolution, per-pixel temporal attention and
 * convolution) cannot move content diagonally in space-time in one step: to draw frame k's object where frame 0's
 * was, shifted along the prompted motion, they must chain several layers. This one can attend from (k, y, x) to
 * (0, y, x - k·v) directly (decision 21). Quadratic in T·H·W, so the U-Net uses it at its two coarsest levels only.
 * The attention and feed-forward outputs start at zero, so a network grown with it computes what it did before.
 *
 * <p>With a motion bias (decision 23), the clip's embedding (step, frame rate, pooled caption) sets, per head, the
 * coefficients of a quadratic form in the offset between query and key, added to the attention logits:
 * -k·(dx - u·df)² - k'·(dy - u'·df)² expands into the five features dx², dy², dx·df, dy·df, df². So the caption can
 * make a head look, from frame k, at where the object was in frame j, displaced along the prompted motion, without
 * having to learn that geometry from the positions. The coefficients start at zero: no bias until trained.
 */
public final class SpaceTimeAttention extends TokenAttention {
    /** Offset features of the motion bias: dx², dy², dx·df, dy·df, df². */
    static final int MOTION_FEATURES = 5;
    /** Offsets are in units of a quarter of the grid (so a feature is at most 16 whatever the level's size). */
    private static final float OFFSET_SCALE = 4f;
    private final int channels, heads;
    private final Dense motionBias; // null without

    public SpaceTimeAttention(int channels, int heads) { this(channels, heads, 0); }

    /** @param embDim width of the clip embedding that steers the motion bias; 0 for none */
    public SpaceTimeAttention(int channels, int heads, int embDim) {
        super(channels, heads, "attn");
        this.channels = channels;
        this.heads = heads;
        motionBias = embDim > 0 ? child("motion_bias", new Dense(embDim, heads * MOTION_FEATURES, true)) : null;
    }

    public NDArray apply(NDArray x) { return apply(x, null); }

    /** @param embedding the clip embedding (B, E) that steers the motion bias; ignored (may be null) without one */
    public NDArray apply(NDArray x, NDArray embedding) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        NDArray tok = x.transpose(0, 2, 3, 4, 1).reshape(b, t * h * w, c);
        NDArray pos = x.getManager().create(positions(channels, (int) t, (int) h, (int) w), new Shape(1, t * h * w, c));
        NDArray bias = null;
        if (motionBias != null) {
            long n = t * h * w;
            NDArray features = x.getManager().create(motionFeatures((int) t, (int) h, (int) w), new Shape(MOTION_FEATURES, n * n));
            NDArray coefficients = motionBias.apply(silu(embedding)).reshape(b * heads, MOTION_FEATURES);
            bias = coefficients.matMul(features).reshape(b * heads, n, n);
        }
        tok = attend(tok, pos, bias);
        return tok.reshape(b, t, h, w, c).transpose(0, 4, 1, 2, 3);
    }

    /**
     * The offset features (MOTION_FEATURES, L·L) for every (query, key) pair of the frame-major grid, with
     * dx = x_query - x_key (and so on) scaled to {@link #OFFSET_SCALE} over the grid: dx², dy², dx·df, dy·df, df².
     */
    static float[] motionFeatures(int t, int h, int w) {
        return MOTION_FEATURE_CACHE.computeIfAbsent(t + "x" + h + "x" + w, key -> computeMotionFeatures(t, h, w));
    }

    private static final java.util.Map<String, float[]> MOTION_FEATURE_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static float[] computeMotionFeatures(int t, int h, int w) {
        int n = t * h * w;
        float[] out = new float[MOTION_FEATURES * n * n];
        for (int q = 0; q < n; q++) {
            int qf = q / (h * w), qy = q / w % h, qx = q % w;
            for (int k = 0; k < n; k++) {
                int kf = k / (h * w), ky = k / w % h, kx = k % w;
                float df = OFFSET_SCALE * (qf - kf) / t, dy = OFFSET_SCALE * (qy - ky) / h, dx = OFFSET_SCALE * (qx - kx) / w;
                int at = q * n + k;
                out[at] = dx * dx;
                out[n * n + at] = dy * dy;
                out[2 * n * n + at] = dx * df;
                out[3 * n * n + at] = dy * df;
                out[4 * n * n + at] = df * df;
            }
        }
        return out;
    }

    /**
     * Positions (T·H·W, channels), frame-major: three groups of 2·⌊channels/6⌋ channels hold the sinusoidal
     * embeddings of the frame, the row and the column; any remaining channels are zero.
     */
    static float[] positions(int channels, int t, int h, int w) {
        int g = 2 * (channels / 6);
        float[] pt = Embeddings.sinusoidal(Embeddings.indices(t), g), py = Embeddings.sinusoidal(Embeddings.indices(h), g),
                px = Embeddings.sinusoidal(Embeddings.indices(w), g);
        float[] out = new float[t * h * w * channels];
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = ((f * h + y) * w + x) * channels;
                    System.arraycopy(pt, f * g, out, at, g);
                    System.arraycopy(py, y * g, out, at + g, g);
                    System.arraycopy(px, x * g, out, at + 2 * g, g);
                }
            }
        }
        return out;
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

package cinegen.engine.net;

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
 */
public final class SpaceTimeAttention extends TokenAttention {
    private final int channels;

    public SpaceTimeAttention(int channels, int heads) {
        super(channels, heads, "attn");
        this.channels = channels;
    }

    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        NDArray tok = x.transpose(0, 2, 3, 4, 1).reshape(b, t * h * w, c);
        NDArray pos = x.getManager().create(positions(channels, (int) t, (int) h, (int) w), new Shape(1, t * h * w, c));
        tok = attend(tok, pos);
        return tok.reshape(b, t, h, w, c).transpose(0, 4, 1, 2, 3);
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

package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Self-attention along time at every pixel of a video (B, C, T, H, W), with sinusoidal frame positions.
 * Quadratic in frames, so the STUNet uses it only at its coarsest level.
 */
public final class TemporalAttention extends TokenAttention {
    private final int channels;

    public TemporalAttention(int channels, int heads) {
        super(channels, heads, "tattn");
        this.channels = channels;
    }

    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        NDArray tok = x.transpose(0, 3, 4, 2, 1).reshape(b * h * w, t, c);
        tok = attend(tok, positions(x.getManager(), (int) t));
        return tok.reshape(b, h, w, t, c).transpose(0, 4, 3, 1, 2);
    }

    private NDArray positions(NDManager m, int t) {
        float[] p = Embeddings.sinusoidal(Embeddings.indices(t), channels);
        return m.create(p, new Shape(1, t, channels));
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

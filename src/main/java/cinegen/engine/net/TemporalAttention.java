package cinegen.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Self-attention along time at every pixel of a video (B, C, T, H, W), with sinusoidal frame positions.
 * Quadratic in frames, so the STUNet uses it only at its coarsest level.
 */
public final class TemporalAttention extends Module {
    private final int channels;
    private final LayerNormBlock n1, n2;
    private final Attention tattn;
    private final FeedForward ff;

    public TemporalAttention(int channels, int heads) {
        this.channels = channels;
        n1 = child("n1", new LayerNormBlock(channels));
        tattn = child("tattn", new Attention(channels, channels, heads));
        n2 = child("n2", new LayerNormBlock(channels));
        ff = child("ff", new FeedForward(channels, channels * 2));
    }

    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        NDArray tok = x.transpose(0, 3, 4, 2, 1).reshape(b * h * w, t, c);
        NDArray n = n1.apply(tok).add(positions(x.getManager(), (int) t));
        tok = tok.add(tattn.apply(n, n));
        tok = tok.add(ff.apply(n2.apply(tok)));
        return tok.reshape(b, h, w, t, c).transpose(0, 4, 3, 1, 2);
    }

    private NDArray positions(NDManager m, int t) {
        float[] p = Embeddings.sinusoidal(seq(t), channels);
        return m.create(p, new Shape(1, t, channels));
    }

    private static double[] seq(int t) {
        double[] d = new double[t];
        for (int i = 0; i < t; i++) d[i] = i;
        return d;
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

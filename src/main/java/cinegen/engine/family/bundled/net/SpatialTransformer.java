package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Per-frame transformer on video features: self-attention among the pixels of a frame, cross-attention to the
 * text tokens (how the prompt enters, as in VideoCrafter's spatial transformers), and a feed-forward layer.
 */
public final class SpatialTransformer extends Module {
    private final LayerNormBlock n1, n2, n3;
    private final Attention self, cross;
    private final FeedForward ff;

    public SpatialTransformer(int channels, int textDim, int heads) {
        n1 = child("n1", new LayerNormBlock(channels));
        self = child("self", new Attention(channels, channels, heads));
        n2 = child("n2", new LayerNormBlock(channels));
        cross = child("cross", new Attention(channels, textDim, heads));
        n3 = child("n3", new LayerNormBlock(channels));
        ff = child("ff", new FeedForward(channels, channels * 2));
    }

    /** @param x video (B, C, T, H, W); text tokens (B, L, D) */
    public NDArray apply(NDArray x, NDArray text) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        NDArray tok = x.transpose(0, 2, 3, 4, 1).reshape(b * t, h * w, c);
        NDArray ctx = text.expandDims(1).repeat(1, t).reshape(b * t, text.getShape().get(1), text.getShape().get(2));
        NDArray n = n1.apply(tok);
        tok = tok.add(self.apply(n, n));
        tok = tok.add(cross.apply(n2.apply(tok), ctx));
        tok = tok.add(ff.apply(n3.apply(tok)));
        return tok.reshape(b, t, h, w, c).transpose(0, 4, 1, 2, 3);
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.get(0), inputs.get(1))); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

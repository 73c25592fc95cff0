package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' BasicTransformerBlock with layer norms: self-attention (attn1), cross-attention over the text (attn2,
 * when present) and the feed-forward, each pre-normed and added back. With {@code onlyCrossAttention} attn1 also
 * attends to the context.
 */
public final class BasicTransformerBlock {
    private final Params p;
    private final Attention attn1, attn2;
    private final FeedForward ff;
    private final float eps;
    private final boolean onlyCross;

    public BasicTransformerBlock(Params p, int heads, float eps, boolean onlyCrossAttention) {
        this.p = p;
        this.eps = eps;
        this.onlyCross = onlyCrossAttention;
        attn1 = new Attention(p.at("attn1"), heads);
        attn2 = p.hasChild("attn2") ? new Attention(p.at("attn2"), heads) : null;
        ff = new FeedForward(p.at("ff"));
    }

    /** @param x (B, N, C); context (B, M, D) or null */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray n1 = Ops.layerNorm(p, "norm1", x, eps);
        x = attn1.forward(n1, onlyCross ? context : null).add(x);
        if (attn2 != null) x = attn2.forward(Ops.layerNorm(p, "norm2", x, eps), context).add(x);
        return ff.forward(Ops.layerNorm(p, "norm3", x, eps)).add(x);
    }
}

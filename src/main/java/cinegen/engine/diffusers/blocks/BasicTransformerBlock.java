package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

import java.util.function.UnaryOperator;

/**
 * diffusers' BasicTransformerBlock with layer norms: self-attention (attn1), cross-attention over the text (attn2,
 * when present) and the feed-forward, each pre-normed and added back. With {@code onlyCrossAttention} attn1 also
 * attends to the context. With sinusoidal positional embeddings ({@code pos_embed.pe}, AnimateDiff's motion modules)
 * the table's first N rows are added to the normed input of attn1 and of attn2.
 */
public final class BasicTransformerBlock {
    private final Params p;
    private final Attention attn1, attn2;
    private final FeedForward ff;
    private final float eps;
    private final boolean onlyCross;
    private final boolean positions;

    public BasicTransformerBlock(Params p, int heads, float eps, boolean onlyCrossAttention) {
        this.p = p;
        this.eps = eps;
        this.onlyCross = onlyCrossAttention;
        attn1 = new Attention(p.at("attn1"), heads);
        attn2 = p.hasChild("attn2") ? new Attention(p.at("attn2"), heads) : null;
        ff = new FeedForward(p.at("ff"));
        positions = p.has("pos_embed.pe");
    }

    /**
     * @param x (B, N, C); context (B, M, D) or null
     * @return in x's manager; each of the three residual steps frees its intermediates before the next one starts
     */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray a = step(x, context, x, in -> attn1.forward(withPositions(Ops.layerNorm(p, "norm1", in, eps)), onlyCross ? context : null).add(in));
        NDArray b = attn2 == null ? a : step(a, context, x, in -> attn2.forward(withPositions(Ops.layerNorm(p, "norm2", in, eps)), context).add(in));
        return step(b, context, x, in -> ff.forward(Ops.layerNorm(p, "norm3", in, eps)).add(in));
    }

    /**
     * {@code f(h)} computed in a sub-manager of h's (with the context attached to it meanwhile), so only the result
     * stays; h is closed afterwards unless it is the block's own input.
     */
    private static NDArray step(NDArray h, NDArray context, NDArray input, UnaryOperator<NDArray> f) {
        NDArray out;
        try (NDManager scope = h.getManager().newSubManager()) {
            scope.tempAttachAll(h);
            if (context != null && context != h) scope.tempAttachAll(context);
            out = scope.ret(f.apply(h));
        }
        if (h != input) h.close();
        return out;
    }

    private NDArray withPositions(NDArray normed) {
        if (!positions) return normed;
        NDArray table = p.get("pos_embed.pe");
        long n = normed.getShape().get(1), max = table.getShape().get(1);
        if (n > max) {
            throw new IllegalArgumentException("sequence of " + n + " is longer than the " + max
                    + " positions of '" + p.key("pos_embed.pe") + "' (the motion module's max sequence length)");
        }
        return normed.add(Ops.local(table.get(":, :{}", n), normed));
    }
}

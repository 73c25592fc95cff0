package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' Attention with its default processor: to_q over the input, to_k and to_v over the context (the input
 * itself for self-attention), multi-head scaled dot-product attention, to_out.0. Optional for the autoencoder's
 * attention: a group norm first, image input (N, C, H, W) taken as a sequence of pixels, the input added back and
 * the result divided by a rescale factor.
 */
public final class Attention {
    private final Params p;
    private final int heads;
    private final int groups;
    private final float groupEps;
    private final boolean residual;
    private final float rescale;

    /** Plain attention as inside transformer blocks (no norm, no residual). */
    public Attention(Params p, int heads) { this(p, heads, 0, 0f, false, 1f); }

    /**
     * @param groups group-norm groups ({@code group_norm.weight}), 0 for none
     * @param residual whether the input is added to the output
     */
    public Attention(Params p, int heads, int groups, float groupEps, boolean residual, float rescale) {
        this.p = p;
        this.heads = heads;
        this.groups = groups;
        this.groupEps = groupEps;
        this.residual = residual;
        this.rescale = rescale;
    }

    /** @param context (B, M, D) or null for self-attention; x is (B, N, C) or an image (B, C, H, W) */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray input = x;
        Shape image = x.getShape().dimension() == 4 ? x.getShape() : null;
        if (image != null) x = x.reshape(image.get(0), image.get(1), -1).transpose(0, 2, 1);
        if (groups > 0) x = Ops.groupNorm(p, "group_norm", x.transpose(0, 2, 1), groups, groupEps).transpose(0, 2, 1);
        NDArray ctx = context == null ? x : context;
        NDArray q = Ops.linear(p, "to_q", x);
        NDArray k = Ops.linear(p, "to_k", ctx);
        NDArray v = Ops.linear(p, "to_v", ctx);
        NDArray out = Ops.linear(p, "to_out.0", Ops.attention(q, k, v, heads, null));
        if (image != null) out = out.transpose(0, 2, 1).reshape(image);
        if (residual) out = out.add(input);
        return rescale == 1f ? out : out.div(rescale);
    }
}

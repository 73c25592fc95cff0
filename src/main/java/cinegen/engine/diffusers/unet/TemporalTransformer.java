package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.blocks.BasicTransformerBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' TransformerTemporalModel and AnimateDiffTransformer3D (the same computation): a group norm (eps 1e-6)
 * over each whole video, proj_in, transformer blocks whose sequence is the frames at one pixel (self-attention in
 * attn1 and attn2; AnimateDiff's blocks add sinusoidal positions {@code pos_embed.pe}), proj_out, the input added back.
 */
final class TemporalTransformer implements FrameLayer {
    private static final float NORM_EPS = 1e-6f;
    private final Params p;
    private final int groups;
    private final List<BasicTransformerBlock> blocks = new ArrayList<>();

    /**
     * @param layers transformer blocks the config promises (checked against the weights)
     * @param positions whether each block must have its sinusoidal position table (AnimateDiff's motion modules)
     */
    TemporalTransformer(Params p, int heads, int groups, int layers, boolean positions) {
        this.p = p;
        this.groups = groups;
        UNetCore.requireChildren(p, "transformer_blocks", layers);
        for (int i = 0; i < layers; i++) {
            Params block = p.at("transformer_blocks", i);
            if (positions) block.get("pos_embed.pe");
            blocks.add(new BasicTransformerBlock(block, heads, 1e-5f, false));
        }
        long inner = p.get("proj_in.weight").getShape().get(0);
        if (heads <= 0 || inner % heads != 0) {
            throw new IllegalArgumentException("'" + p.key("proj_in.weight") + "' projects to " + inner + " channels, not a multiple of " + heads + " heads");
        }
        p.get("proj_out.weight");
        p.get("norm.weight");
    }

    @Override
    public NDArray forward(NDArray x, int frames) {
        Shape s = x.getShape();
        long b = FrameLayer.videos(x, frames, name()), c = s.get(1), h = s.get(2), w = s.get(3), hw = h * w;
        NDArray normed = videoGroupNorm(x.reshape(b, frames, c, hw));
        NDArray seq = Ops.linear(p, "proj_in", normed.transpose(0, 3, 1, 2).reshape(b * hw, frames, c));
        for (BasicTransformerBlock block : blocks) seq = block.forward(seq, null);
        seq = Ops.linear(p, "proj_out", seq);
        return seq.reshape(b, hw, frames, c).transpose(0, 2, 3, 1).reshape(s).add(x);
    }

    /** GroupNorm over (B, C, F, H, W) computed on the (B, F, C, H·W) layout: statistics per video and channel group. */
    private NDArray videoGroupNorm(NDArray video) {
        Shape s = video.getShape();
        long c = s.get(2);
        if (c % groups != 0) throw new IllegalArgumentException(name() + ": " + c + " channels do not split into " + groups + " groups");
        NDArray g = video.reshape(s.get(0), s.get(1), groups, c / groups, s.get(3));
        NDArray centered = g.sub(meanOverFramesAndGroup(g));
        NDArray var = meanOverFramesAndGroup(centered.square());
        NDArray normed = centered.div(var.add(NORM_EPS).sqrt()).reshape(s);
        return normed.mul(Ops.local(p.get("norm.weight").reshape(1, 1, c, 1), video))
                .add(Ops.local(p.get("norm.bias").reshape(1, 1, c, 1), video));
    }

    /** Mean over axes 4, 3 and 1 of (B, F, G, C/G, H·W), one axis at a time (the engine reduces one axis per call). */
    private static NDArray meanOverFramesAndGroup(NDArray g) {
        return g.mean(new int[] {4}, true).mean(new int[] {3}, true).mean(new int[] {1}, true);
    }

    @Override
    public String name() { return FrameLayer.nameOf(p); }
}

package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' ResnetBlock2D (time-scale-shift "default"): norm1, SiLU, conv1, plus the projected time embedding,
 * norm2, SiLU, conv2, and the (1x1-convolved when channels change) input added back, divided by the output scale.
 */
public final class ResnetBlock2D {
    private final Params p;
    private final int groups;
    private final float eps, outputScale;

    public ResnetBlock2D(Params p, int groups, float eps, float outputScale) {
        this.p = p;
        this.groups = groups;
        this.eps = eps;
        this.outputScale = outputScale;
    }

    /** @param temb the time embedding (N, D) for each image of x, or null (the autoencoder's blocks) */
    public NDArray forward(NDArray x, NDArray temb) {
        NDArray h = Ops.conv2d(p, "conv1", Ops.silu(Ops.groupNorm(p, "norm1", x, groups, eps)), 1, 1);
        if (temb != null && p.has("time_emb_proj.weight")) {
            NDArray t = Ops.linear(p, "time_emb_proj", Ops.silu(temb));
            h = h.add(t.expandDims(2).expandDims(3));
        }
        h = Ops.conv2d(p, "conv2", Ops.silu(Ops.groupNorm(p, "norm2", h, groups, eps)), 1, 1);
        NDArray shortcut = p.has("conv_shortcut.weight") ? Ops.conv2d(p, "conv_shortcut", x, 1, 0) : x;
        NDArray out = shortcut.add(h);
        return outputScale == 1f ? out : out.div(outputScale);
    }
}

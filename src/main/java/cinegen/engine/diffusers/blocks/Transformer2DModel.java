package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' Transformer2DModel for continuous input: group norm (eps 1e-6), proj_in (a 1x1 convolution, or a
 * linear layer when the model uses linear projections: read from the weight's rank), the transformer blocks over the
 * pixels as a sequence, proj_out, and the input added back.
 */
public final class Transformer2DModel {
    private final Params p;
    private final int groups;
    private final List<BasicTransformerBlock> blocks = new ArrayList<>();

    public Transformer2DModel(Params p, int heads, int groups, float blockEps, boolean onlyCrossAttention) {
        this.p = p;
        this.groups = groups;
        for (int i = 0; p.hasChild("transformer_blocks." + i); i++) {
            blocks.add(new BasicTransformerBlock(p.at("transformer_blocks", i), heads, blockEps, onlyCrossAttention));
        }
    }

    public NDArray forward(NDArray x, NDArray context) {
        Shape s = x.getShape();
        long b = s.get(0), h = s.get(2), w = s.get(3);
        boolean linear = p.get("proj_in.weight").getShape().dimension() == 2;
        NDArray y = Ops.groupNorm(p, "norm", x, groups, 1e-6f);
        if (!linear) y = Ops.conv2d(p, "proj_in", y, 1, 0);
        long inner = y.getShape().get(1);
        y = y.transpose(0, 2, 3, 1).reshape(b, h * w, linear ? s.get(1) : inner);
        if (linear) {
            y = Ops.linear(p, "proj_in", y);
            inner = y.getShape().get(2);
        }
        for (BasicTransformerBlock block : blocks) y = block.forward(y, context);
        if (linear) y = Ops.linear(p, "proj_out", y);
        y = y.reshape(b, h, w, -1).transpose(0, 3, 1, 2);
        if (!linear) y = Ops.conv2d(p, "proj_out", y, 1, 0);
        return y.add(x);
    }
}

package cinegen.engine.diffusers.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import cinegen.engine.diffusers.Ops;
import cinegen.engine.diffusers.Params;

/**
 * diffusers' sinusoidal timestep projection (get_timestep_embedding) and TimestepEmbedding (linear_1, SiLU,
 * linear_2). The sinusoid is computed in float32 tensors, as torch does, so large timesteps round alike.
 */
public final class TimestepEmbedding {
    private TimestepEmbedding() {}

    /**
     * @param timesteps (N) float32
     * @return (N, dim): [sin, cos] of t times exp(-ln(10000) i / (dim/2 - shift)), swapped to [cos, sin] when flipped
     */
    public static NDArray sinusoid(NDArray timesteps, int dim, boolean flipSinToCos, float shift) {
        NDManager m = timesteps.getManager();
        int half = dim / 2;
        NDArray exponent = m.arange(0, half, 1, DataType.FLOAT32).mul((float) -Math.log(10000)).div(half - shift);
        NDArray args = timesteps.toType(DataType.FLOAT32, false).expandDims(1).mul(exponent.exp().expandDims(0));
        NDArray sin = args.sin(), cos = args.cos();
        NDArray emb = flipSinToCos ? cos.concat(sin, 1) : sin.concat(cos, 1);
        if (dim % 2 == 1) emb = emb.concat(m.zeros(new ai.djl.ndarray.types.Shape(emb.getShape().get(0), 1)), 1);
        return emb;
    }

    /** linear_1, SiLU, linear_2 of the weights under {@code p}. */
    public static NDArray mlp(Params p, NDArray projected) {
        return Ops.linear(p, "linear_2", Ops.silu(Ops.linear(p, "linear_1", projected)));
    }
}

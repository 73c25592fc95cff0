package cinegen.engine.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensor operations of the diffusers blocks, as plain functions of activations and weights. Every result lands
 * in the activation's manager (never the weights'), so a step's sub-manager frees it.
 */
public final class Ops {
    /** Input channels of a convolution are padded with zeros to a multiple of this (decision 27). */
    static final int CHANNEL_ALIGNMENT = 16;
    /** Attention score matrices above this many floats are computed in slices of heads. */
    static final long ATTENTION_SLICE_FLOATS = 64L << 20;

    private Ops() {}

    /** x (..., in) times weight (out, in)^T plus bias (may be null). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(asWeight(x, weight), weight, bias).singletonOrThrow();
    }

    /**
     * {@code x} in the weight's number type: weights kept in half precision (fp16, bf16) compute in it, whatever type
     * the activation arrives in (the latents and text states are float32).
     */
    public static NDArray asWeight(NDArray x, NDArray weight) {
        return x.getDataType() == weight.getDataType() ? x : x.toType(weight.getDataType(), false);
    }

    /** {@link #linear} with the weights {@code name.weight} and, when present, {@code name.bias}. */
    public static NDArray linear(Params p, String name, NDArray x) {
        return linear(x, p.get(name + ".weight"), p.getOrNull(name + ".bias"));
    }

    /** 2D convolution (N, C, H, W) with square stride and padding. */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding));
    }

    /** 2D convolution (N, C, H, W) with per-axis stride and padding (e.g. a (3, 1) kernel over frames). */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding) {
        x = asWeight(x, weight);
        long in = weight.getShape().get(1);
        int missing = (int) ((CHANNEL_ALIGNMENT - in % CHANNEL_ALIGNMENT) % CHANNEL_ALIGNMENT);
        if (missing > 0 && weight.getShape().get(2) > 1) {
            // oneDNN on the CPU pads unaligned input channels in its blocked layout and was seen to read that padding
            // uninitialised (NaN now and then, decision 27): explicit zero channels give the same sum without it.
            x = x.concat(x.getManager().zeros(withDim(x.getShape(), 1, missing), x.getDataType()), 1);
            weight = local(weight.concat(x.getManager().zeros(withDim(weight.getShape(), 1, missing), weight.getDataType()), 1), x);
        }
        return Conv2d.conv2d(x, weight, bias, stride, padding, new Shape(1, 1), 1).singletonOrThrow();
    }

    /** {@link #conv2d} with the weights {@code name.weight} and {@code name.bias}. */
    public static NDArray conv2d(Params p, String name, NDArray x, int stride, int padding) {
        return conv2d(x, p.get(name + ".weight"), p.getOrNull(name + ".bias"), stride, padding);
    }

    /** Group normalisation over (N, C, ...) as torch.nn.GroupNorm, with its affine weights {@code name.weight/bias}. */
    public static NDArray groupNorm(Params p, String name, NDArray x, int groups, float eps) {
        if (x.getDataType() != DataType.FLOAT32) {
            // half-precision activations: the statistics in float32 (as torch's fused GroupNorm accumulates), so the
            // squares cannot overflow fp16; the result back in the activation's type
            DataType type = x.getDataType();
            return groupNorm(p, name, x.toType(DataType.FLOAT32, false), groups, eps).toType(type, false);
        }
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1);
        NDArray g = x.reshape(n, groups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centered = g.sub(mean);
        NDArray var = centered.square().mean(new int[] {2}, true);
        NDArray normed = centered.div(var.add(eps).sqrt()).reshape(s);
        long[] b = new long[s.dimension()];
        java.util.Arrays.fill(b, 1);
        b[1] = c;
        Shape bs = new Shape(b);
        return normed.mul(local(p.get(name + ".weight").reshape(bs), x)).add(local(p.get(name + ".bias").reshape(bs), x));
    }

    /** Layer normalisation over the last dimension, with {@code name.weight/bias}. */
    public static NDArray layerNorm(Params p, String name, NDArray x, float eps) {
        NDArray w = p.get(name + ".weight");
        return LayerNorm.layerNorm(asWeight(x, w), new Shape(w.getShape().get(0)), w, p.get(name + ".bias"), eps).singletonOrThrow();
    }

    public static NDArray silu(NDArray x) { return x.mul(Activation.sigmoid(x)); }

    /** GELU with the exact erf form (torch's default). */
    public static NDArray gelu(NDArray x) { return Activation.gelu(x); }

    /** CLIP's quick GELU: x * sigmoid(1.702 x). */
    public static NDArray quickGelu(NDArray x) { return x.mul(Activation.sigmoid(x.mul(1.702f))); }

    /**
     * Multi-head scaled dot-product attention: q (B, N, H·d), k and v (B, M, H·d) to (B, N, H·d). {@code bias}
     * (broadcastable to (B, H, N, M), e.g. a causal or padding mask of large negatives) is added to the scores.
     * Computed a slice of heads (and of batch rows) at a time when the score matrix would be large.
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, int heads, NDArray bias) {
        return attention(q, k, v, heads, bias, ATTENTION_SLICE_FLOATS);
    }

    /**
     * {@link #attention} with at most about {@code maxScoreFloats} scores at a time: heads are sliced first, then batch
     * rows (a video UNet's batch is every frame); each slice's scores are freed before the next slice is computed.
     */
    static NDArray attention(NDArray q, NDArray k, NDArray v, int heads, NDArray bias, long maxScoreFloats) {
        long b = q.getShape().get(0), n = q.getShape().get(1), m = k.getShape().get(1), dim = q.getShape().get(2);
        long d = dim / heads;
        float scale = (float) (1.0 / Math.sqrt(d));
        NDArray qh = q.reshape(b, n, heads, d).transpose(0, 2, 1, 3);
        NDArray kh = k.reshape(b, m, heads, d).transpose(0, 2, 3, 1);
        NDArray vh = v.reshape(b, m, heads, d).transpose(0, 2, 1, 3);
        long perHead = Math.max(1, n * m);
        int headSlice = (int) Math.max(1, Math.min(heads, maxScoreFloats / perHead));
        long rowSlice = headSlice < heads ? 1 : Math.max(1, Math.min(b, maxScoreFloats / (perHead * heads)));
        NDArray out;
        if (headSlice >= heads && rowSlice >= b) {
            out = scores(qh, kh, scale, bias).matMul(vh);
        } else {
            List<NDArray> rows = new ArrayList<>();
            for (long r = 0; r < b; r += rowSlice) {
                long r1 = Math.min(b, r + rowSlice);
                List<NDArray> parts = new ArrayList<>();
                for (int h = 0; h < heads; h += headSlice) {
                    int h1 = Math.min(heads, h + headSlice);
                    try (NDManager scope = q.getManager().newSubManager()) {
                        NDIndex ix = new NDIndex("{}:{}, {}:{}", r, r1, h, h1);
                        NDArray bh = null;
                        if (bias != null) {
                            Shape bs = bias.getShape();
                            bh = scoped(bias.get(new NDIndex("{}:{}, {}:{}", bs.get(0) == 1 ? 0 : r, bs.get(0) == 1 ? 1 : r1,
                                    bs.get(1) == 1 ? 0 : h, bs.get(1) == 1 ? 1 : h1)), scope);
                        }
                        NDArray part = scores(scoped(qh.get(ix), scope), scoped(kh.get(ix), scope), scale, bh)
                                .matMul(scoped(vh.get(ix), scope));
                        parts.add(scope.ret(part));
                    }
                }
                rows.add(parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1));
            }
            out = rows.size() == 1 ? rows.get(0) : NDArrays.concat(new NDList(rows), 0);
        }
        return out.transpose(0, 2, 1, 3).reshape(b, n, dim);
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    private static NDArray scores(NDArray qh, NDArray kh, float scale, NDArray bias) {
        NDArray s = qh.matMul(kh).mul(scale);
        return (bias == null ? s : s.add(bias)).softmax(-1);
    }

    /** Moves an array derived from a weight into the manager of the activation {@code like}. */
    public static NDArray local(NDArray derived, NDArray like) {
        derived.attach(like.getManager());
        return derived;
    }

    private static Shape withDim(Shape shape, int axis, long value) {
        long[] dims = shape.getShape().clone();
        dims[axis] = value;
        return new Shape(dims);
    }
}

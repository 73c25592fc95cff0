package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Multi-head scaled dot-product attention of queries (B, N, dim) over a context (B, M, contextDim). */
public final class Attention extends Module {
    private final int dim, heads;
    private final Dense q, k, v, out;

    public Attention(int dim, int contextDim, int heads) {
        if (dim % heads != 0) throw new IllegalArgumentException(dim + " does not split into " + heads + " heads");
        this.dim = dim;
        this.heads = heads;
        q = child("q", new Dense(dim, dim));
        k = child("k", new Dense(contextDim, dim));
        v = child("v", new Dense(contextDim, dim));
        // Zero-initialised output: a new attention layer starts as identity inside its residual.
        out = child("out", new Dense(dim, dim, true));
    }

    public NDArray apply(NDArray x, NDArray context) { return apply(x, context, null); }

    /** @param bias added to the attention logits before the softmax: (B·heads, N, M), or null */
    public NDArray apply(NDArray x, NDArray context, NDArray bias) {
        long b = x.getShape().get(0), n = x.getShape().get(1), m = context.getShape().get(1);
        int d = dim / heads;
        NDArray qh = split(q.apply(x), b, n, d);
        NDArray kh = split(k.apply(context), b, m, d);
        NDArray vh = split(v.apply(context), b, m, d);
        NDArray logits = qh.matMul(kh.transpose(0, 2, 1)).mul(1.0f / (float) Math.sqrt(d));
        NDArray att = (bias == null ? logits : logits.add(bias)).softmax(-1);
        NDArray o = att.matMul(vh).reshape(b, heads, n, d).transpose(0, 2, 1, 3).reshape(b, n, dim);
        return out.apply(o);
    }

    private NDArray split(NDArray t, long b, long n, int d) {
        return t.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d);
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.get(0), inputs.get(1))); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

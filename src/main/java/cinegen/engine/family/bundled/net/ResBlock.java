package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Residual block on video (B, C, T, H, W) with factorized space-time convolution: two spatial (1x3x3)
 * convolutions with the step embedding added in between, then a temporal (3x1x1) convolution on its own
 * residual path, zero-initialised (Lumiere's "factorized space-time convolutions after each spatial block").
 */
public final class ResBlock extends Module {
    private final int out;
    private final GroupNorm norm1, norm2, normT;
    private final Conv conv1, conv2, temporal, skip;
    private final Dense emb;

    public ResBlock(int in, int out, int embDim) {
        this.out = out;
        norm1 = child("norm1", new GroupNorm(in, groups(in)));
        conv1 = child("conv1", Conv.spatial(in, out, 3, 1));
        emb = child("emb", new Dense(embDim, out));
        norm2 = child("norm2", new GroupNorm(out, groups(out)));
        conv2 = child("conv2", Conv.spatialZero(out, out, 3));
        skip = in == out ? null : child("skip", Conv.pointwise3d(in, out, false));
        normT = child("normT", new GroupNorm(out, groups(out)));
        temporal = child("temporal", Conv.temporal(out, out, 3));
    }

    static int groups(int c) { return c % 16 == 0 ? 16 : c % 8 == 0 ? 8 : 1; }

    /** @param embedding (B, E) for the whole clip, or (B, T, E) with one row per frame of {@code x} */
    public NDArray apply(NDArray x, NDArray embedding) {
        NDArray h = conv1.apply(silu(norm1.apply(x)));
        long b = x.getShape().get(0);
        NDArray e = emb.apply(silu(embedding));
        // (B, E) is one embedding for the whole clip; (B, T, E) gives every frame its own (frame conditioning).
        h = h.add(embedding.getShape().dimension() == 3 ? e.transpose(0, 2, 1).reshape(b, out, -1, 1, 1) : e.reshape(b, out, 1, 1, 1));
        h = conv2.apply(silu(norm2.apply(h)));
        h = (skip == null ? x : skip.apply(x)).add(h);
        return h.add(temporal.apply(silu(normT.apply(h))));
    }

    /** True for the parameters of the temporal path, which style fine-tuning leaves untouched. */
    public static boolean isTemporalParameter(String path) {
        return path.contains("temporal") || path.contains("normT") || path.contains("tattn");
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.get(0), inputs.get(1))); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] d = inputShapes[0].getShape().clone();
        d[1] = out;
        return new Shape[] {new Shape(d)};
    }
}

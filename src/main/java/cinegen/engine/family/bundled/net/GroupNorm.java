package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Group normalisation over (N, C, ...) with a learned per-channel scale and shift. */
public final class GroupNorm extends Module {
    private final int channels, groups;
    private final Parameter gamma, beta;

    public GroupNorm(int channels, int groups) {
        if (channels % groups != 0) throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        this.channels = channels;
        this.groups = groups;
        gamma = param("gamma", new Shape(channels), Init.ONE);
        beta = param("beta", new Shape(channels), Init.ZERO);
    }

    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        NDArray g = x.reshape(n, groups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centered = g.sub(mean);
        NDArray var = centered.square().mean(new int[] {2}, true);
        NDArray normed = centered.div(var.add(1e-5f).sqrt()).reshape(s);
        long[] bshape = new long[s.dimension()];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = channels;
        Shape b = new Shape(bshape);
        return normed.mul(local(v(gamma).reshape(b), x)).add(local(v(beta).reshape(b), x));
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

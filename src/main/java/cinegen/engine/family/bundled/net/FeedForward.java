package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** Position-wise feed-forward: Dense, GELU, Dense (zero-initialised output). */
public final class FeedForward extends Module {
    private final Dense in, out;

    public FeedForward(int dim, int hidden) {
        in = child("in", new Dense(dim, hidden));
        out = child("out", new Dense(hidden, dim, true));
    }

    public NDArray apply(NDArray x) { return out.apply(Activation.gelu(in.apply(x))); }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;

/** Layer normalisation over the last axis. */
public final class LayerNormBlock extends Module {
    private final int dim;
    private final Parameter gamma, beta;

    public LayerNormBlock(int dim) {
        this.dim = dim;
        gamma = param("gamma", new Shape(dim), Init.ONE);
        beta = param("beta", new Shape(dim), Init.ZERO);
    }

    public NDArray apply(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(dim), v(gamma), v(beta), 1e-5f).singletonOrThrow();
    }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }
}

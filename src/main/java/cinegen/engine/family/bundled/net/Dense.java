package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A fully connected layer over the last axis. */
public final class Dense extends Module {
    private final int out;
    private final Parameter weight, bias;

    public Dense(int in, int out) { this(in, out, false); }

    public Dense(int in, int out, boolean zeroInit) {
        this.out = out;
        weight = param("weight", new Shape(out, in), zeroInit ? Init.ZERO : Init.FAN_IN);
        bias = param("bias", new Shape(out), Init.ZERO);
    }

    public NDArray apply(NDArray x) { return Linear.linear(x, v(weight), v(bias)).singletonOrThrow(); }

    @Override
    public NDList forward(NDList inputs, boolean training) { return new NDList(apply(inputs.singletonOrThrow())); }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] d = inputShapes[0].getShape().clone();
        d[d.length - 1] = out;
        return new Shape[] {new Shape(d)};
    }
}

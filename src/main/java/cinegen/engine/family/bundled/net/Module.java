package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of every network block in the engine: a DJL {@link AbstractBlock} whose parameters have their shapes
 * fixed at construction and an initialisation rule of their own, so a network can be built, initialised from a
 * seed ({@link Weights#initialize}) or loaded from a weight file without running a shape-inference pass.
 * Parameter values are read straight from the {@link Parameter}; the model lives on one device.
 */
public abstract class Module extends AbstractBlock {
    /** How a parameter starts before training. */
    public enum Init { FAN_IN, ZERO, ONE, NORMAL_002 }

    private final Map<Parameter, Init> inits = new HashMap<>();
    private final Map<Parameter, Shape> shapes = new HashMap<>();

    protected Parameter param(String name, Shape shape, Init init) {
        Parameter p = addParameter(Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .build());
        inits.put(p, init);
        shapes.put(p, shape);
        return p;
    }

    Init initOf(Parameter p) { return inits.getOrDefault(p, Init.FAN_IN); }

    /** The declared shape of one of this module's own parameters. */
    Shape shapeOf(Parameter p) { return shapes.get(p); }

    protected <B extends Block> B child(String name, B block) { return addChildBlock(name, block); }

    /** Forward on plain arrays: the way the engine calls its blocks. */
    public abstract NDList forward(NDList inputs, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return forward(inputs, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : getChildren().values()) b.initialize(manager, dataType, inputShapes);
    }

    protected static NDArray v(Parameter p) { return p.getArray(); }

    /**
     * Moves an array derived from a parameter (a reshape or view) into the manager of {@code like}, so that it is
     * freed with the step's arrays instead of piling up in the model's manager.
     */
    protected static NDArray local(NDArray derived, NDArray like) {
        derived.attach(like.getManager());
        return derived;
    }

    protected static NDArray silu(NDArray x) { return x.mul(ai.djl.nn.Activation.sigmoid(x)); }
}

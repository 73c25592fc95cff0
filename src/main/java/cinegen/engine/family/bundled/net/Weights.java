package cinegen.engine.family.bundled.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Named access to a network's parameters, and their seeded initialisation. */
public final class Weights {
    private Weights() {}

    /**
     * Every parameter of {@code block} under a stable dotted path ("res0.conv1.weight"), in construction order.
     * DJL prefixes child names with their index ("01res0"); the prefix is dropped.
     */
    public static Map<String, Parameter> named(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) out.put(prefix + p.getValue().getName(), p.getValue());
        for (Pair<String, Block> c : block.getChildren()) collect(c.getValue(), prefix + strip(c.getKey()) + ".", out);
    }

    private static String strip(String childName) {
        int i = 0;
        while (i < childName.length() && Character.isDigit(childName.charAt(i))) i++;
        return childName.substring(i);
    }

    /** Total number of scalars in the block's parameters. */
    public static long count(Block block) {
        long n = 0;
        for (Shape s : shapes(block).values()) n += s.size();
        return n;
    }

    /** The declared shape of every parameter, by path (valid before initialisation too). */
    public static Map<String, Shape> shapes(Block block) {
        Map<Parameter, Shape> declared = new java.util.IdentityHashMap<>();
        collectShapes(block, declared);
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : named(block).entrySet()) out.put(e.getKey(), declared.get(e.getValue()));
        return out;
    }

    private static void collectShapes(Block block, Map<Parameter, Shape> out) {
        if (block instanceof Module m) {
            for (Parameter p : m.getDirectParameters().values()) out.put(p, m.shapeOf(p));
        }
        for (Block c : block.getChildren().values()) collectShapes(c, out);
    }

    /**
     * Initialises every parameter deterministically from {@code seed}: fan-in scaled uniform for weights (as
     * PyTorch's default), zeros for biases and zero-initialised outputs, ones for norm scales.
     */
    public static void initialize(Block block, NDManager manager, long seed) {
        Map<Parameter, Module.Init> inits = new java.util.IdentityHashMap<>();
        collectInits(block, inits);
        Map<String, Shape> shapes = shapes(block);
        for (Map.Entry<String, Parameter> e : named(block).entrySet()) {
            Parameter p = e.getValue();
            Shape shape = shapes.get(e.getKey());
            float[] values = new float[Math.toIntExact(shape.size())];
            SplittableRandom rng = new SplittableRandom(seed ^ (e.getKey().hashCode() * 0x9E3779B97F4A7C15L));
            switch (inits.getOrDefault(p, Module.Init.FAN_IN)) {
                case ZERO -> { }
                case ONE -> java.util.Arrays.fill(values, 1f);
                case NORMAL_002 -> { for (int i = 0; i < values.length; i++) values[i] = (float) (cinegen.engine.schedule.NoiseSource.gaussian(rng) * 0.02); }
                case FAN_IN -> {
                    long fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : shape.get(0);
                    double bound = Math.sqrt(3.0 / Math.max(1, fanIn));
                    for (int i = 0; i < values.length; i++) values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            set(p, manager.create(values, shape));
        }
    }

    private static void collectInits(Block block, Map<Parameter, Module.Init> out) {
        if (block instanceof Module m) {
            for (Parameter p : m.getDirectParameters().values()) out.put(p, m.initOf(p));
        }
        for (Block c : block.getChildren().values()) collectInits(c, out);
    }

    /**
     * Gives a parameter its value. The first time the array becomes the parameter's own; later the values are
     * copied into the existing array in place (DJL fixes a parameter's array once set) and {@code value} closed.
     */
    public static void set(Parameter p, NDArray value) {
        if (!p.isInitialized()) {
            p.setArray(value);
            return;
        }
        NDArray target = p.getArray();
        if (!target.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException(p.getName() + ": shape " + value.getShape() + " does not fit " + target.getShape());
        }
        target.set(value.toFloatArray());
        value.close();
    }

}

package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import cinegen.engine.family.bundled.net.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves a network's parameters to a safetensors file and loads them back, checking every name and shape. */
public final class BlockWeights {
    private BlockWeights() {}

    public static Map<String, SafeTensors.Tensor> snapshot(Block block) {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : Weights.named(block).entrySet()) {
            Parameter p = e.getValue();
            out.put(e.getKey(), new SafeTensors.Tensor(p.getArray().getShape().getShape(), p.getArray().toFloatArray()));
        }
        return out;
    }

    public static void save(Block block, Path file, SafeTensors.DType dtype) throws IOException {
        SafeTensors.write(file, snapshot(block), dtype);
    }

    /** Loads weights into {@code block} (initialised or not). Fails naming the file and the offending tensor. */
    public static void load(Block block, Path file, NDManager manager) throws ModelPackException {
        try (var tf = cinegen.engine.diffusers.io.TensorFile.open(file)) {
            load(block, tf, "", manager);
        }
    }

    /**
     * Loads the tensors under {@code prefix} of an open weight file into {@code block}. Every name and shape is
     * checked against the architecture from the file's header alone, before any data is read, and then the tensors
     * are read one at a time: a damaged or hostile file costs no memory before it is refused (issue 32).
     */
    public static void load(Block block, cinegen.engine.diffusers.io.TensorFile file, String prefix, NDManager manager) throws ModelPackException {
        String source = file.path().getFileName().toString();
        Map<String, Shape> expected = Weights.shapes(block);
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            if (!file.has(prefix + e.getKey())) throw new ModelPackException(source + ": tensor '" + prefix + e.getKey() + "' is missing");
            Shape got = new Shape(file.info(prefix + e.getKey()).shape());
            if (!got.equals(e.getValue())) {
                throw new ModelPackException(source + ": tensor '" + prefix + e.getKey() + "' has shape " + got
                        + ", the architecture in the manifest needs " + e.getValue());
            }
        }
        for (String name : file.names()) {
            if (name.startsWith(prefix) && !expected.containsKey(name.substring(prefix.length()))) {
                throw new ModelPackException(source + ": unexpected tensor '" + name + "' (architecture mismatch)");
            }
        }
        for (Map.Entry<String, Parameter> e : Weights.named(block).entrySet()) {
            ai.djl.ndarray.NDArray a = file.load(prefix + e.getKey(), manager);
            if (!allFinite(a)) throw new ModelPackException(source + ": tensor '" + prefix + e.getKey() + "' contains NaN or infinite values (corrupt weights)");
            Weights.set(e.getValue(), a);
        }
    }

    private static boolean allFinite(ai.djl.ndarray.NDArray a) {
        try (ai.djl.ndarray.NDArray bad = a.isNaN().logicalOr(a.isInfinite()); ai.djl.ndarray.NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    public static void assign(Block block, Map<String, SafeTensors.Tensor> tensors, String source, NDManager manager)
            throws ModelPackException {
        Map<String, Shape> expected = Weights.shapes(block);
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            SafeTensors.Tensor t = tensors.get(e.getKey());
            if (t == null) throw new ModelPackException(source + ": tensor '" + e.getKey() + "' is missing");
            Shape got = new Shape(t.shape());
            if (!got.equals(e.getValue())) {
                throw new ModelPackException(source + ": tensor '" + e.getKey() + "' has shape " + got
                        + ", the architecture in the manifest needs " + e.getValue());
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) throw new ModelPackException(source + ": unexpected tensor '" + name + "' (architecture mismatch)");
        }
        Map<String, Parameter> params = Weights.named(block);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            SafeTensors.Tensor t = tensors.get(e.getKey());
            Weights.set(e.getValue(), manager.create(t.data(), new Shape(t.shape())));
        }
    }
}

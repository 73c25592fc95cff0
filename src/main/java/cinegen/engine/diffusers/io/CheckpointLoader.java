package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Params;

import java.util.Arrays;

/**
 * Loads a model component into {@link Params} by diffusers name, tensor by tensor from a {@link TensorSource}:
 * either a file already in diffusers' layout, or one component of an original single-file checkpoint renamed
 * through its {@link KeyMap}. Only the component's tensors are read.
 */
public final class CheckpointLoader {
    private CheckpointLoader() {}

    /** Every tensor of a diffusers-layout file, under its own name. */
    public static Params loadDiffusers(TensorSource src, NDManager manager) throws ModelFileException {
        Params p = Params.on(manager);
        for (String k : src.names()) p.put(k, src.load(k, manager));
        return p;
    }

    /**
     * The tensors of {@code map}'s component in an original-layout file, renamed and reshaped to diffusers'.
     * Throws, naming the file and key, when a tensor under the component's prefix has no place in the layout
     * (the file does not match the config) or when the file has none of the component's weights.
     */
    public static Params loadOriginal(TensorSource src, KeyMap map, NDManager manager) throws ModelFileException {
        Params p = Params.on(manager);
        String prefix = map.originalPrefix();
        for (String k : src.names()) {
            if (!k.startsWith(prefix) || map.isIgnored(k)) continue;
            String d = map.toDiffusers(k);
            if (d == null) {
                throw new ModelFileException(src.path(), "its " + map.component() + " has a weight '" + k
                        + "' that the expected layout does not have, so the file does not match its config");
            }
            if (p.has(d)) throw new ModelFileException(src.path(), "two " + map.component() + " weights both map to '" + d + "'");
            NDArray a = src.load(k, manager);
            long[] shape = a.getShape().getShape(), want = map.toDiffusersShape(d, shape);
            if (!Arrays.equals(shape, want)) {
                // A copy, not a view: the loaded array's memory is a Java buffer that is freed with it, so a reshaped
                // view of a closed array would read freed memory (seen as now-and-then wrong VAE attention weights).
                NDArray r = a.reshape(new Shape(want)).duplicate();
                a.close();
                a = r;
            }
            p.put(d, a);
        }
        if (p.keys().isEmpty()) {
            throw new ModelFileException(src.path(), "has no " + map.component() + " weights"
                    + (prefix.isEmpty() ? "" : " (no keys start with '" + prefix + "')"));
        }
        return p;
    }
}

package cinegen.engine.diffusers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's weights by their diffusers name ("down_blocks.0.resnets.0.conv1.weight"), as arrays on the model's
 * manager. A block holds a scoped view ({@link #at}) and looks its weights up when it runs, so replacing an entry
 * ({@link #put}, used by styles and LoRAs) changes the next forward pass and nothing has to be rebuilt.
 */
public final class Params {
    private final Map<String, NDArray> all;
    private final String prefix;
    private final NDManager manager;

    private Params(Map<String, NDArray> all, String prefix, NDManager manager) {
        this.all = all;
        this.prefix = prefix;
        this.manager = manager;
    }

    /** An empty store whose arrays live on {@code manager}. */
    public static Params on(NDManager manager) { return new Params(new LinkedHashMap<>(), "", manager); }

    /**
     * Every tensor of a weight file (safetensors in F32, F16 or BF16, or a PyTorch checkpoint read without running
     * code), as float32 arrays on {@code manager}: one tensor at a time from a mapped file, so loading never holds
     * more than the weights plus one tensor.
     */
    public static Params load(Path file, NDManager manager) throws ModelPackException {
        try (cinegen.engine.diffusers.io.TensorSource src = cinegen.engine.diffusers.io.TensorSources.open(file)) {
            return cinegen.engine.diffusers.io.CheckpointLoader.loadDiffusers(src, manager);
        }
    }

    /** The view of the weights under {@code name + "."}. */
    public Params at(String name) { return new Params(all, prefix + name + ".", manager); }

    /** {@link #at} for a numbered child: {@code at("resnets", 0)} is "resnets.0". */
    public Params at(String name, int index) { return at(name + "." + index); }

    public NDManager manager() { return manager; }

    /** The full name of {@code name} in this view. */
    public String key(String name) { return prefix + name; }

    public boolean has(String name) { return all.containsKey(prefix + name); }

    /** Whether any weight lives under {@code name + "."} in this view. */
    public boolean hasChild(String name) {
        String p = prefix + name + ".";
        for (String k : all.keySet()) if (k.startsWith(p)) return true;
        return false;
    }

    public NDArray get(String name) {
        NDArray a = all.get(prefix + name);
        if (a == null) throw new MissingWeightException(prefix + name);
        return a;
    }

    /** The weight, or null when the model has none of that name (optional biases). */
    public NDArray getOrNull(String name) { return all.get(prefix + name); }

    /** Sets (or replaces) a weight; the old array is not closed (a style may still hold it). */
    public void put(String name, NDArray value) { all.put(prefix + name, value); }

    /** Every full name in the store (not only this view's). */
    public Set<String> keys() { return Collections.unmodifiableSet(all.keySet()); }

    /** A weight the architecture needs and the file does not have. */
    public static final class MissingWeightException extends RuntimeException {
        public MissingWeightException(String key) { super("weight '" + key + "' is missing"); }
    }
}

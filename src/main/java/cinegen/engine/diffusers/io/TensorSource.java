package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A weights file whose header has been read and whose tensors are loaded one at a time on request, so a model is
 * never held twice in memory. Implemented by {@link TensorFile} (safetensors).
 */
public interface TensorSource extends AutoCloseable {
    /** The file read. */
    Path path();

    /** The file's size in bytes. */
    long fileSize();

    /** Every tensor name, in the file's order. */
    Set<String> names();

    boolean has(String name);

    /** The header's description of a tensor; throws naming the file when there is no such tensor. */
    TensorInfo info(String name) throws ModelFileException;

    /** Free-form string metadata ({@code __metadata__} of a safetensors file; empty when there is none). */
    Map<String, String> metadata();

    /**
     * One tensor as a float32 array on {@code manager}, read straight from the file (in half precision when the
     * manager stores its weights so, see {@link WeightStorage}).
     */
    NDArray load(String name, NDManager manager) throws ModelFileException;

    /** A small tensor's values on the heap (LoRA alphas, scalars); refuses tensors above {@link #MAX_HEAP_FLOATS}. */
    float[] loadFloats(String name) throws ModelFileException;

    /** The most elements {@link #loadFloats} reads onto the heap. */
    int MAX_HEAP_FLOATS = 1 << 20;

    @Override
    void close();
}

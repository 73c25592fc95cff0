package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The number type weights are kept in, per manager: a model's denoiser may live on a sub-manager made by
 * {@link #storing} (fp16 or bf16); every tensor a {@link TensorSource} loads onto it (or onto a manager under it) is
 * cast as it arrives, one tensor at a time, so the float32 copy of the whole model never exists. Elsewhere weights
 * stay float32.
 */
public final class WeightStorage {
    private static final Map<NDManager, DataType> TYPES = Collections.synchronizedMap(new WeakHashMap<>());

    private WeightStorage() {}

    /** A sub-manager of {@code parent} whose loaded weights are kept as {@code type} (float32: just a sub-manager). */
    public static NDManager storing(NDManager parent, DataType type) {
        NDManager m = parent.newSubManager();
        if (type != DataType.FLOAT32) TYPES.put(m, type);
        return m;
    }

    /** The type weights loaded onto {@code m} are kept in: the nearest registered manager's, float32 by default. */
    public static DataType typeOf(NDManager m) {
        for (NDManager x = m; x != null; x = x.getParentManager()) {
            DataType t = TYPES.get(x);
            if (t != null) return t;
            if (x.getParentManager() == x) break;
        }
        return DataType.FLOAT32;
    }

    /** A freshly loaded float32 tensor in its manager's storage type (the float32 one is closed when it is cast). */
    static NDArray stored(NDArray loaded) {
        DataType t = typeOf(loaded.getManager());
        if (t == loaded.getDataType()) return loaded;
        NDArray cast = loaded.toType(t, false);
        loaded.close();
        return cast;
    }
}

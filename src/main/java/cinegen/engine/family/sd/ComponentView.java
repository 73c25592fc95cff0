package cinegen.engine.family.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.io.ModelFileException;
import cinegen.engine.diffusers.io.TensorInfo;
import cinegen.engine.diffusers.io.TensorSource;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One component's tensors of a file, seen without the file's prefix: the names under {@code prefix} whose rest
 * starts with one of {@code roots}, with the prefix removed. Lets a VAE file that also carries training leftovers
 * ({@code model_ema.*}, {@code loss.*}) or a full checkpoint given as {@code --vae} be read as a bare VAE. Does not
 * own the source.
 */
final class ComponentView implements TensorSource {
    private final TensorSource src;
    private final Map<String, String> names = new LinkedHashMap<>(); // view name -> file name

    ComponentView(TensorSource src, String prefix, List<String> roots) {
        this.src = src;
        for (String k : src.names()) {
            if (!k.startsWith(prefix)) continue;
            String rest = k.substring(prefix.length());
            for (String r : roots) {
                if (rest.startsWith(r)) {
                    names.put(rest, k);
                    break;
                }
            }
        }
    }

    private String fileName(String name) throws ModelFileException {
        String k = names.get(name);
        if (k == null) throw new ModelFileException(src.path(), "has no tensor '" + name + "'");
        return k;
    }

    @Override public Path path() { return src.path(); }

    @Override public long fileSize() { return src.fileSize(); }

    @Override public Set<String> names() { return Collections.unmodifiableSet(names.keySet()); }

    @Override public boolean has(String name) { return names.containsKey(name); }

    @Override public TensorInfo info(String name) throws ModelFileException { return src.info(fileName(name)); }

    @Override public Map<String, String> metadata() { return src.metadata(); }

    @Override public NDArray load(String name, NDManager manager) throws ModelFileException { return src.load(fileName(name), manager); }

    @Override public float[] loadFloats(String name) throws ModelFileException { return src.loadFloats(fileName(name)); }

    /** The underlying source stays open: its owner closes it. */
    @Override public void close() {}
}

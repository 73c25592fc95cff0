package cinegen.engine.family;

import java.nio.file.Path;

/**
 * What a user points the engine at: a base model (a folder or a single file) and, for families that take them, a
 * motion module and a separate autoencoder (null when not given).
 */
public record ModelSource(Path base, Path motion, Path vae) {
    public ModelSource {
        if (base == null) throw new IllegalArgumentException("a model path is needed");
    }

    public static ModelSource of(Path base) { return new ModelSource(base, null, null); }
}

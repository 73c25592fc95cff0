package cinegen.engine.family;

import java.nio.file.Path;

/**
 * What a user points the engine at: a base model (a folder or a single file) and, for families that take them, a
 * motion module and a separate autoencoder (null when not given); and the precision its denoiser is loaded in
 * (families that run float32 only refuse half precision).
 */
public record ModelSource(Path base, Path motion, Path vae, Precision precision) {
    public ModelSource {
        if (base == null) throw new IllegalArgumentException("a model path is needed");
        if (precision == null) precision = Precision.FP32;
    }

    /** In float32. */
    public ModelSource(Path base, Path motion, Path vae) { this(base, motion, vae, Precision.FP32); }

    public static ModelSource of(Path base) { return new ModelSource(base, null, null); }

    public ModelSource withPrecision(Precision p) { return new ModelSource(base, motion, vae, p); }
}

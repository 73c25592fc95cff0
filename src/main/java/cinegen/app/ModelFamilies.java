package cinegen.app;

import ai.djl.Device;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.Precision;
import cinegen.engine.family.bundled.BundledFamily;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The model families this build runs, and the one way to load a model from a path the user gives. */
public final class ModelFamilies {
    private static final List<ModelFamily> ALL = List.of(new BundledFamily(), new cinegen.engine.family.sd.SdFamily(),
            new cinegen.engine.family.modelscope.ModelScopeFamily());

    private ModelFamilies() {}

    public static List<ModelFamily> all() { return ALL; }

    /** The family that recognises {@code path}, if any. */
    public static Optional<ModelFamily> recognise(Path path) {
        for (ModelFamily f : ALL) if (f.recognises(path)) return Optional.of(f);
        return Optional.empty();
    }

    /**
     * Loads a model with the family that recognises its base path; a path no family runs is refused with a sentence.
     * Half precision is used on a GPU only: on the CPU the model loads in fp32 ({@link Precision#on}; callers say so
     * with {@link Precision#fallbackNote}). The bundled model runs in fp32 only.
     */
    public static LoadedModel load(ModelSource source, Device device) throws ModelPackException {
        Path base = source.base();
        if (!Files.exists(base)) throw new ModelPackException(base + " does not exist");
        ModelFamily family = recognise(base).orElseThrow(() -> new ModelPackException(whyNot(base)));
        Precision precision = source.precision().on(device);
        if (precision.half() && family instanceof BundledFamily) {
            throw new ModelPackException("the bundled model runs in fp32 only; " + precision.id() + " is for Stable Diffusion and ModelScope models");
        }
        return family.load(source.withPrecision(precision), device);
    }

    /** One sentence saying why no family runs {@code path}: what the file is (from its header) and what runs. */
    public static String whyNot(Path path) {
        var scanned = cinegen.engine.diffusers.io.ModelScanner.scan(path);
        String runs = " (this version runs: " + String.join(", ", ALL.stream().map(ModelFamily::displayName).toList()) + ")";
        if (scanned.unusableReason() != null) return scanned.unusableReason() + runs;
        return path.getFileName() + " is " + scanned.description() + ", not a model this version runs" + runs;
    }
}

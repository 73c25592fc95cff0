package cinegen.engine.family;

import ai.djl.Device;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/** One kind of model the engine can run (the bundled STUNet packs, Stable Diffusion 1.5 + AnimateDiff, ...). */
public interface ModelFamily {
    /** Short stable id, used in recipes and on the command line ("bundled", "sd15"). */
    String id();

    /** What a person calls this family. */
    String displayName();

    /** Whether this family loads what is at {@code path}; reads only manifests and headers, never weights. */
    boolean recognises(Path path);

    /** Loads the model on {@code device}; errors name the file and say what to do. */
    LoadedModel load(ModelSource source, Device device) throws ModelPackException;
}

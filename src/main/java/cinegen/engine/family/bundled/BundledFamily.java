package cinegen.engine.family.bundled;

import ai.djl.Device;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cinegen's own model packs: a folder with a {@code manifest.json} and safetensors weights of the space-time U-Net,
 * video autoencoder and small text encoder (see docs/model-card.md). The bundled model is one of these.
 */
public final class BundledFamily implements ModelFamily {
    public static final String ID = "bundled";
    public static final String NAME = "Cinegen model pack";

    @Override public String id() { return ID; }
    @Override public String displayName() { return NAME; }

    @Override
    public boolean recognises(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve("manifest.json"));
    }

    @Override
    public LoadedModel load(ModelSource source, Device device) throws ModelPackException {
        if (source.motion() != null || source.vae() != null) {
            throw new ModelPackException(source.base().getFileName() + " is a Cinegen model pack: it takes no separate motion module or autoencoder");
        }
        return VideoModel.load(ModelPack.open(source.base()), device);
    }
}

package cinegen.engine.family.sd;

import ai.djl.Device;
import cinegen.engine.diffusers.pipeline.DiffusersFolder;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stable Diffusion 1.5 bases (and their fine-tunes, and SD inpainting bases with 9 input channels) animated by an
 * AnimateDiff motion module: a diffusers AnimateDiff folder, or a Stable Diffusion folder plus {@code --motion}.
 */
public final class SdFamily implements ModelFamily {
    public static final String ID = "sd15";
    public static final String NAME = "Stable Diffusion 1.5 + AnimateDiff";
    /** AnimateDiff's motion modules were trained on 16-frame clips. */
    static final int WINDOW = 16;

    @Override public String id() { return ID; }
    @Override public String displayName() { return NAME; }

    @Override
    public boolean recognises(Path path) {
        if (!Files.isDirectory(path)) return false;
        String cls = DiffusersFolder.pipelineClassOf(path);
        return cls != null && (DiffusersFolder.ANIMATEDIFF.contains(cls) || DiffusersFolder.STABLE_DIFFUSION.contains(cls));
    }

    @Override
    public LoadedModel load(ModelSource source, Device device) throws ModelPackException {
        DiffusersFolder folder = DiffusersFolder.open(source.base());
        return folder.load(ID, NAME, (f, m) -> f.motionUnet(source.motion(), m), source.motion(), source.vae(), device, WINDOW);
    }
}

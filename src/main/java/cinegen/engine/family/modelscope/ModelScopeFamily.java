package cinegen.engine.family.modelscope;

import ai.djl.Device;
import cinegen.engine.diffusers.pipeline.DiffusersFolder;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;

/** ModelScope / Zeroscope text-to-video (diffusers' TextToVideoSDPipeline with a UNet3DConditionModel). */
public final class ModelScopeFamily implements ModelFamily {
    public static final String ID = "modelscope";
    public static final String NAME = "ModelScope / Zeroscope text-to-video";
    static final int WINDOW = 16;

    @Override public String id() { return ID; }
    @Override public String displayName() { return NAME; }

    @Override
    public boolean recognises(Path path) {
        String cls = Files.isDirectory(path) ? DiffusersFolder.pipelineClassOf(path) : null;
        return cls != null && DiffusersFolder.TEXT_TO_VIDEO.contains(cls);
    }

    @Override
    public LoadedModel load(ModelSource source, Device device) throws ModelPackException {
        if (source.motion() != null) throw new ModelPackException(source.base().getFileName() + " is a ModelScope model: it takes no motion module");
        DiffusersFolder folder = DiffusersFolder.open(source.base());
        var cond = DiffusersFolder.config(folder.component("unet")).path("time_cond_proj_dim");
        if (!cond.isMissingNode() && !cond.isNull()) {
            // diffusers' text-to-video pipeline passes no guidance embedding, and the distilled ModelScope UNets that
            // take one (T2V-Turbo) embed the scale their own way (w, not w - 1): nothing here to be faithful to.
            throw new ModelPackException(source.base().getFileName() + ": its UNet takes a guidance embedding (time_cond_proj_dim "
                    + cond.asText() + "); guidance-distilled ModelScope models are not supported, use a ModelScope or Zeroscope model");
        }
        return folder.load(ID, NAME, (f, m) -> f.unet3d(m), null, source.vae(), device, WINDOW, source.precision());
    }
}

package cinegen.engine.pipeline;

import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.SafeTensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Latents in a safetensors file as diffusers keeps them: one tensor named {@code latents}, (1, C, frames, h, w),
 * float32. Lets a run start from, or be compared with, another implementation's latents.
 */
public final class LatentFiles {
    public static final String TENSOR = "latents";

    private LatentFiles() {}

    public static Latents read(Path file) throws ModelPackException {
        Map<String, SafeTensors.Tensor> all = SafeTensors.read(file);
        SafeTensors.Tensor t = all.get(TENSOR);
        if (t == null) throw new ModelPackException(file.getFileName() + " has no tensor named '" + TENSOR + "' (it has: " + String.join(", ", all.keySet()) + ")");
        if (t.shape().length != 5) throw new ModelPackException(file.getFileName() + ": '" + TENSOR + "' must have 5 dimensions [1, C, frames, h, w], it has " + t.shape().length);
        return new Latents(t.shape(), t.data());
    }

    /** Writes atomically. */
    public static void write(Path file, Latents latents) throws IOException {
        SafeTensors.write(file, Map.of(TENSOR, new SafeTensors.Tensor(latents.shape(), latents.values())), SafeTensors.DType.F32);
    }
}

package cinegen.engine.diffusers.unet;

import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** A diffusers model folder as save_pretrained writes it: config.json and the weights' safetensors file. */
final class ModelFolder {
    static final String[] WEIGHT_FILES = {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"};

    private ModelFolder() {}

    static Path config(Path folder) { return folder.resolve("config.json"); }

    /** The folder's weights on {@code manager}. */
    static Params weights(Path folder, NDManager manager) throws ModelPackException {
        for (String name : WEIGHT_FILES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) return Params.load(file, manager);
        }
        throw new ModelPackException(folder.getFileName() + ": no " + String.join(" or ", WEIGHT_FILES));
    }

    /** Reads a model's config.json. */
    interface ConfigReader<C> {
        C read(Path configJson) throws ModelPackException;
    }

    /** A model of the folder's config and weights (on {@code manager}); a mismatch is an error naming the folder. */
    static <C, M> M load(Path folder, NDManager manager, ConfigReader<C> readConfig, BiFunction<C, Params, M> model)
            throws ModelPackException {
        C config = readConfig.read(config(folder));
        Params params = weights(folder, manager);
        return build(folder, () -> model.apply(config, params));
    }

    /** Builds a model, turning a config/weights mismatch found while building into an error naming the folder. */
    static <T> T build(Path folder, Supplier<T> builder) throws ModelPackException {
        try {
            return builder.get();
        } catch (IllegalArgumentException | Params.MissingWeightException e) {
            throw new ModelPackException(folder.getFileName() + ": " + e.getMessage());
        }
    }
}

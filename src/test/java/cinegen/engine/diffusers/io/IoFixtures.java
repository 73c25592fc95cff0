package cinegen.engine.diffusers.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The diffusers fixtures of src/test/resources/diffusers, as this package's tests read them. */
final class IoFixtures {
    static final Path ROOT = Path.of("src/test/resources/diffusers");

    private IoFixtures() {}

    /** The weights file of a fixture model folder ("unet_motion/unet", "text_encoder"...). */
    static Path weights(String model) {
        Path d = ROOT.resolve(model);
        Path f = d.resolve("diffusion_pytorch_model.safetensors");
        return Files.exists(f) ? f : d.resolve("model.safetensors");
    }

    static Path config(String model) { return ROOT.resolve(model).resolve("config.json"); }

    /** Every tensor's shape, in file order. */
    static Map<String, long[]> shapes(String model) throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (TensorFile tf = TensorFile.open(weights(model))) {
            for (TensorInfo t : tf.tensors().values()) out.put(t.name(), t.shape());
        }
        return out;
    }

    /** Every tensor's values (float32), in file order. */
    static Map<String, float[]> values(String model) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (TensorFile tf = TensorFile.open(weights(model)); NDManager m = NDManager.newBaseManager()) {
            for (String k : tf.names()) {
                try (NDArray a = tf.load(k, m)) {
                    out.put(k, a.toFloatArray());
                }
            }
        }
        return out;
    }
}

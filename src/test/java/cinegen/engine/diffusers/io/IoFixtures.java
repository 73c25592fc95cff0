package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.Fixtures;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The diffusers fixtures of src/test/resources/diffusers, as this package's tests read them. */
final class IoFixtures {
    static final Path ROOT = Fixtures.ROOT;

    private IoFixtures() {}

    /** The weights file of a fixture model folder ("unet_motion/unet", "text_encoder"...). */
    static Path weights(String model) { return Fixtures.weights(ROOT.resolve(model)); }

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
        Fixtures.readFloats(weights(model)).forEach((k, t) -> out.put(k, t.data()));
        return out;
    }
}

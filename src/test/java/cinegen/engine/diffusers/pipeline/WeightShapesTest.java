package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNet3DConditionConfig;
import cinegen.engine.diffusers.vae.AutoencoderKLConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weight enumerations are exactly what diffusers and transformers saved for the fixtures' configs: the same
 * names, no more and no fewer, with the same shapes (read from the files' headers).
 */
class WeightShapesTest {
    private static final Path ROOT = Path.of("src/test/resources/diffusers");

    @Test
    void unet2dMatchesDiffusers() throws Exception {
        for (String dir : new String[] {"unet_motion/unet", "unet_motion_inpaint/unet"}) {
            Path d = ROOT.resolve(dir);
            assertSame(d.resolve("diffusion_pytorch_model.safetensors"),
                    WeightShapes.unet2d(UNet2DConditionConfig.load(d.resolve("config.json"))), "");
        }
    }

    @Test
    void motionAdapterMatchesDiffusers() throws Exception {
        for (String dir : new String[] {"unet_motion/motion_adapter", "unet_motion_inpaint/motion_adapter", "pipeline_animatediff/motion_adapter"}) {
            Path d = ROOT.resolve(dir);
            assertSame(d.resolve("diffusion_pytorch_model.safetensors"),
                    WeightShapes.motionAdapter(MotionAdapterConfig.load(d.resolve("config.json"))), "");
        }
    }

    @Test
    void motionUnetIsTheUnetPlusTheAdapter() throws Exception {
        for (String dir : new String[] {"unet_motion", "unet_motion_inpaint"}) {
            Path d = ROOT.resolve(dir);
            Map<String, Shape> w = WeightShapes.unetMotion(UNet2DConditionConfig.load(d.resolve("unet/config.json")),
                    MotionAdapterConfig.load(d.resolve("motion_adapter/config.json")));
            assertSame(d.resolve("unet_motion/diffusion_pytorch_model.safetensors"), w, "");
        }
    }

    @Test
    void unet3dMatchesDiffusers() throws Exception {
        for (String dir : new String[] {"unet_3d", "pipeline_text_to_video/unet"}) {
            Path d = ROOT.resolve(dir);
            assertSame(d.resolve("diffusion_pytorch_model.safetensors"),
                    WeightShapes.unet3d(UNet3DConditionConfig.load(d.resolve("config.json"))), "");
        }
    }

    @Test
    void clipTextMatchesTransformers() throws Exception {
        for (String dir : new String[] {"text_encoder", "text_encoder/gelu", "pipeline_animatediff/text_encoder", "pipeline_text_to_video/text_encoder"}) {
            Path d = ROOT.resolve(dir);
            assertSame(d.resolve("model.safetensors"), WeightShapes.clipText(ClipTextConfig.load(d.resolve("config.json"))), "");
        }
    }

    @Test
    void autoencoderMatchesDiffusers() throws Exception {
        for (String dir : new String[] {"vae", "pipeline_animatediff/vae", "pipeline_text_to_video/vae"}) {
            Path d = ROOT.resolve(dir);
            assertSame(d.resolve("diffusion_pytorch_model.safetensors"),
                    WeightShapes.autoencoder(AutoencoderKLConfig.read(d.resolve("config.json"))), "");
        }
    }

    /** The enumeration equals the file's header: names and shapes. */
    static void assertSame(Path file, Map<String, Shape> expected, String prefix) throws Exception {
        Map<String, Shape> actual = new TreeMap<>();
        try (TensorSource src = TensorSources.open(file)) {
            for (String name : src.names()) actual.put(name, new Shape(src.info(name).shape()));
        }
        TreeSet<String> missing = new TreeSet<>(actual.keySet());
        missing.removeAll(expected.keySet());
        TreeSet<String> extra = new TreeSet<>(expected.keySet());
        extra.removeAll(actual.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), file + ": not enumerated " + missing + "; enumerated but absent " + extra);
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            assertEquals(actual.get(e.getKey()), e.getValue(), file + ": " + e.getKey());
        }
        assertEquals(actual.size(), expected.size());
    }
}

package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNet3DConditionConfig;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.modelscope.ModelScopeFamily;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random-weight folders written from the fixtures' (tiny) configs load through their families with every weight the
 * loaders need, and generate; the published full-size configs parse and enumerate to the published parameter counts.
 */
class RandomModelsTest {
    private static final Path ROOT = Path.of("src/test/resources/diffusers");

    @Test
    void animateDiffFolderLoadsThroughItsFamilyAndGenerates(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ad");
        RandomModels.writeAnimateDiff(dir, 1, new RandomModels.AnimateDiffConfigs(read("unet_motion/unet/config.json"),
                read("unet_motion/motion_adapter/config.json"), read("pipeline_animatediff/vae/config.json"),
                read("pipeline_animatediff/text_encoder/config.json"), RandomModels.ANIMATEDIFF_DDIM), m -> {});
        WeightShapesTest.assertSame(dir.resolve("unet/diffusion_pytorch_model.safetensors"),
                WeightShapes.unet2d(UNet2DConditionConfig.load(dir.resolve("unet/config.json"))), "");
        WeightShapesTest.assertSame(dir.resolve("motion_adapter/diffusion_pytorch_model.safetensors"),
                WeightShapes.motionAdapter(MotionAdapterConfig.load(dir.resolve("motion_adapter/config.json"))), "");
        try (LoadedModel model = new SdFamily().load(ModelSource.of(dir), Device.cpu())) {
            checkGenerates(model);
        }
    }

    @Test
    void textToVideoFolderLoadsThroughItsFamilyAndGenerates(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("t2v");
        RandomModels.writeTextToVideo(dir, 2, new RandomModels.TextToVideoConfigs(read("unet_3d/config.json"),
                read("pipeline_text_to_video/vae/config.json"), read("pipeline_text_to_video/text_encoder/config.json"),
                RandomModels.MODELSCOPE_DDIM), m -> {});
        WeightShapesTest.assertSame(dir.resolve("unet/diffusion_pytorch_model.safetensors"),
                WeightShapes.unet3d(UNet3DConditionConfig.load(dir.resolve("unet/config.json"))), "");
        try (LoadedModel model = new ModelScopeFamily().load(ModelSource.of(dir), Device.cpu())) {
            checkGenerates(model);
        }
    }

    private static void checkGenerates(LoadedModel model) throws Exception {
        GeneratedVideo v = new VideoPipeline(model).generate(GenerationRequest.builder().prompt("a red fox in the snow")
                .frames(8).size(32, 32).steps(2).guidance(5).seed(3).build(), StepListener.NONE, CancelToken.none());
        assertEquals(8, v.frames().frameCount());
        for (float x : v.latents().values()) assertTrue(Float.isFinite(x), "non-finite latent");
        int[] first = v.frames().frame(0);
        assertTrue(java.util.Arrays.stream(first).distinct().count() > 1, "the frame is not one flat colour");
    }

    @Test
    void weightsAreSeededPerTensorAndInitialisedByKind(@TempDir Path tmp) throws Exception {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("a.weight", new Shape(64, 16, 3, 3));
        shapes.put("a.bias", new Shape(64));
        shapes.put("norm.weight", new Shape(64));
        shapes.put("m.transformer_blocks.0.pos_embed.pe", new Shape(1, 32, 8));
        Path f = tmp.resolve("w.safetensors");
        RandomModels.writeWeights(f, shapes, 9);
        try (TensorSource src = TensorSources.open(f)) {
            float[] w = src.loadFloats("a.weight");
            double sum = 0, sq = 0;
            for (float x : w) { sum += x; sq += x * x; }
            double std = Math.sqrt(sq / w.length - Math.pow(sum / w.length, 2));
            assertEquals(1 / Math.sqrt(16 * 9), std, 0.1 / Math.sqrt(16 * 9), "std 1/sqrt(fan_in)");
            for (float x : src.loadFloats("a.bias")) assertEquals(0f, x);
            for (float x : src.loadFloats("norm.weight")) assertEquals(1f, x);
            float[] pe = src.loadFloats("m.transformer_blocks.0.pos_embed.pe");
            // position 3, channels 2 and 3: sin and cos of 3 * 10000^(-2/8)
            double rate = Math.pow(10000, -2.0 / 8);
            assertEquals(Math.sin(3 * rate), pe[3 * 8 + 2], 1e-3);
            assertEquals(Math.cos(3 * rate), pe[3 * 8 + 3], 1e-3);
        }
    }

    @Test
    void syntheticTokenizerHasClipsSpecialIds(@TempDir Path tmp) throws Exception {
        RandomModels.writeTokenizer(tmp, 49408, 77, "<|endoftext|>");
        ClipTokenizer tok = ClipTokenizer.load(tmp);
        assertEquals(49406, tok.bosId());
        assertEquals(49407, tok.eosId());
        int[] ids = tok.encode("the quick brown fox").ids();
        assertEquals(77, ids.length);
        assertEquals(49406, ids[0]);
        for (int id : ids) assertTrue(id >= 0 && id < 49408);
        assertEquals(49152 - 256 - 2 + 1, Files.readAllLines(tmp.resolve("merges.txt")).size(), "CLIP's merge count plus the version line");
    }

    @Test
    void publishedConfigsEnumerateToThePublishedSizes() throws Exception {
        long unet = RandomModels.parameters(WeightShapes.unet2d(UNet2DConditionConfig.parse("sd15", RandomModels.SD15_UNET)));
        long motion = RandomModels.parameters(WeightShapes.motionAdapter(MotionAdapterConfig.parse("v3", RandomModels.ANIMATEDIFF_V3)));
        // Stable Diffusion 1.5's UNet has 859,520,964 parameters
        assertEquals(859_520_964L, unet);
        assertTrue(motion > 400_000_000L && motion < 430_000_000L, "AnimateDiff v3 motion modules: " + motion);
    }

    private static String read(String path) throws Exception { return Files.readString(ROOT.resolve(path)); }
}

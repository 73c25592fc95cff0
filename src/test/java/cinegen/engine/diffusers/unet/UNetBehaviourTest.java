package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.blocks.Upsample2D;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the parity cases do not show directly: the temporal layers matter, odd sizes, memory, wiring of options. */
class UNetBehaviourTest {
    private static final Fixtures MOTION = Fixtures.of("unet_motion");
    private static final Fixtures THREE_D = Fixtures.of("unet_3d");

    /** A copy of a store (same arrays) with the arrays whose name matches set to zeros on {@code m}. */
    private static Params zeroed(Params source, Predicate<String> which, NDManager m) {
        Params copy = Params.on(source.manager());
        for (String key : source.keys()) {
            NDArray a = source.get(key);
            copy.put(key, which.test(key) ? m.zeros(a.getShape()) : a);
        }
        return copy;
    }

    private static Params without(Params source, String missing) {
        Params copy = Params.on(source.manager());
        for (String key : source.keys()) if (!key.equals(missing)) copy.put(key, source.get(key));
        return copy;
    }

    /** cases.json: with every motion module's proj_out zeroed the model is the 2D UNet frame by frame; intact it is not. */
    @Test
    void motionModulesZeroedGiveThe2dUNetPerFrame() throws Exception {
        Path dir = MOTION.folder.resolve("unet_motion");
        try (NDManager m = NDManager.newBaseManager()) {
            UNetMotionModel full = UNetMotionModel.load(dir, m);
            Params params = zeroed(full.params(), k -> k.contains(".motion_modules.") && k.contains(".proj_out."), m);
            UNetMotionModel still = new UNetMotionModel(full.unetConfig(), full.motionConfig(), params);
            String name = "f8_t999";
            NDArray sample = MOTION.input(m, name, "sample"), t = MOTION.input(m, name, "timestep");
            NDArray text = UNetMotionModelTest.perFrameText(MOTION, m, name);
            NDArray perFrame = still.forward(sample, t, text).transpose(0, 2, 1, 3, 4).reshape(8, 4, 16, 16);
            double err = Fixtures.maxAbsDiff(perFrame, MOTION.output(m, "unet2d_f8_t999", "sample"));
            assertTrue(err <= MOTION.atol("unet2d_f8_t999", "sample"), "zeroed motion vs 2D per frame: " + err);
            double moved = Fixtures.maxAbsDiff(full.forward(sample, t, text), still.forward(sample, t, text));
            assertTrue(moved > 0.1, "the motion modules change the output by only " + moved);
        }
    }

    /** With every temporal layer's last projection zeroed a ModelScope UNet treats frames independently; intact it does not. */
    @Test
    void temporalLayersZeroedMakeFramesIndependent() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet3DConditionModel full = UNet3DConditionModel.load(THREE_D.folder, m);
            Params params = zeroed(full.params(), k -> k.contains(".conv4.3.") || k.startsWith("transformer_in.proj_out.")
                    || k.contains(".temp_attentions.") && k.contains(".proj_out."), m);
            UNet3DConditionModel still = new UNet3DConditionModel(full.config(), params);
            String name = "f8_t999";
            NDArray sample = THREE_D.input(m, name, "sample"), t = THREE_D.input(m, name, "timestep");
            NDArray text = THREE_D.input(m, name, "encoder_hidden_states");
            NDArray firstFrame = sample.get(new NDIndex(":, :, 0:1"));
            double err = Fixtures.maxAbsDiff(still.forward(firstFrame, t, text),
                    still.forward(sample, t, text).get(new NDIndex(":, :, 0:1")));
            assertTrue(err <= 1e-5, "zeroed temporal layers: frame 0 alone differs by " + err);
            double moved = Fixtures.maxAbsDiff(full.forward(sample, t, text), still.forward(sample, t, text));
            assertTrue(moved > 0.1, "the temporal layers change the output by only " + moved);
        }
    }

    /** Sizes that do not halve evenly: each up-sampler goes to its skip's size, as diffusers' upsample_size. */
    @Test
    void oddSizesComeBackAtTheirSize() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet2DConditionModel unet = UNet2DConditionModel.load(MOTION.folder.resolve("unet"), m);
            NDArray sample = MOTION.input(m, "unet2d_f8_t999", "sample2d").get(new NDIndex("0:2, :, 0:15, 0:13"));
            NDArray text = MOTION.input(m, "f8_t999", "encoder_hidden_states").repeat(0, 2);
            NDArray out = unet.forward(sample, m.create(500f), text);
            assertEquals(new Shape(2, 4, 15, 13), out.getShape());
            assertTrue(Float.isFinite(out.abs().max().getFloat()));

            NDArray ramp = m.arange(12f).reshape(1, 1, 3, 4);
            assertEquals(ramp.toFloatArray().length, Upsample2D.nearest(ramp, 3, 4).toFloatArray().length);
            assertTrue(Upsample2D.nearest(ramp, 3, 4).contentEquals(ramp));
            NDArray grown = Upsample2D.nearest(ramp, 5, 7);
            assertEquals(new Shape(1, 1, 5, 7), grown.getShape());
            // nearest never invents values and keeps the corners
            assertEquals(0f, grown.getFloat(0, 0, 0, 0));
            assertEquals(11f, grown.getFloat(0, 0, 4, 6));
        }
    }

    /** A denoiser call leaves nothing in the weights' manager nor in the caller's text-states manager. */
    @Test
    void intermediatesStayInTheSamplesManager() throws Exception {
        try (NDManager weights = NDManager.newBaseManager(); NDManager prompts = NDManager.newBaseManager()) {
            UNetMotionModel unet = UNetMotionModel.load(MOTION.folder.resolve("unet_motion"), weights);
            NDArray text = MOTION.input(prompts, "f8_t999", "encoder_hidden_states");
            int weightArrays = weights.getManagedArrays().size(), promptArrays = prompts.getManagedArrays().size();
            try (NDManager step = NDManager.newBaseManager()) {
                NDArray sample = MOTION.input(step, "f8_t999", "sample");
                Set<String> before = new HashSet<>();
                for (NDArray a : step.getManagedArrays()) before.add(a.getUid());
                NDArray out = unet.predict(sample, step.create(999f), text, null);
                assertSame(step, out.getManager());
                List<NDArray> kept = new ArrayList<>();
                for (NDArray a : step.getManagedArrays()) if (!before.contains(a.getUid())) kept.add(a);
                // each block's intermediates are freed as it returns: what stays is the folded input, the time
                // embedding, the repeated text states and the result, never an activation of the walk (16+ channels)
                long largestInput = Math.max(sample.size(), 8 * text.size());
                for (NDArray a : kept) {
                    assertTrue(a.size() <= largestInput, "an array of shape " + a.getShape() + " stayed in the step's manager");
                }
                assertTrue(kept.size() <= 40, kept.size() + " arrays stayed in the step's manager");
            }
            assertEquals(weightArrays, weights.getManagedArrays().size(), "arrays left in the weights' manager");
            assertEquals(promptArrays, prompts.getManagedArrays().size(), "arrays left in the prompts' manager");
        }
    }

    /** LCM-distilled UNets: the guidance embedding goes through time_embedding.cond_proj onto the timestep projection. */
    @Test
    void timestepConditionIsProjectedOntoTheTimeEmbedding() throws Exception {
        Path dir = MOTION.folder.resolve("unet");
        try (NDManager m = NDManager.newBaseManager()) {
            String json = Files.readString(dir.resolve("config.json")).replace("\"time_cond_proj_dim\": null", "\"time_cond_proj_dim\": 8");
            UNet2DConditionConfig config = UNet2DConditionConfig.parse("unet/config.json", json);
            assertEquals(8, config.timeCondProjDim());
            UNet2DConditionModel plain = UNet2DConditionModel.load(dir, m);
            Params params = zeroed(plain.params(), k -> false, m);
            params.put("time_embedding.cond_proj.weight", m.zeros(new Shape(16, 8)));
            UNet2DConditionModel lcm = new UNet2DConditionModel(config, params);
            String name = "unet2d_f8_t999";
            NDArray sample = MOTION.input(m, name, "sample2d"), t = MOTION.input(m, name, "timestep");
            NDArray text = Frames.repeatPerFrame(MOTION.input(m, name, "encoder_hidden_states"), 8);
            NDArray cond = m.randomNormal(new Shape(8, 8));
            assertTrue(Fixtures.maxAbsDiff(lcm.forward(sample, t, text, cond), plain.forward(sample, t, text)) <= 1e-6);
            params.put("time_embedding.cond_proj.weight", m.randomNormal(new Shape(16, 8)));
            assertTrue(Fixtures.maxAbsDiff(lcm.forward(sample, t, text, cond), plain.forward(sample, t, text)) > 1e-3);
            assertThrows(IllegalArgumentException.class, () -> plain.forward(sample, t, text, cond));
        }
    }

    /** Weights that do not fit the config are refused when the model is built, naming the weight. */
    @Test
    void missingOrExtraWeightsAreNamed() throws Exception {
        Path dir = MOTION.folder.resolve("unet");
        try (NDManager m = NDManager.newBaseManager()) {
            UNet2DConditionModel unet = UNet2DConditionModel.load(dir, m);
            String key = "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k.weight";
            Params.MissingWeightException missing = assertThrows(Params.MissingWeightException.class,
                    () -> new UNet2DConditionModel(unet.config(), without(unet.params(), key)).forward(
                            m.zeros(new Shape(1, 4, 8, 8)), m.create(1f), m.zeros(new Shape(1, 77, 32))));
            assertTrue(missing.getMessage().contains(key), missing.getMessage());

            String json = Files.readString(dir.resolve("config.json")).replace("\"layers_per_block\": 1", "\"layers_per_block\": 2");
            RuntimeException shape = assertThrows(Params.MissingWeightException.class, () -> new UNet2DConditionModel(
                    UNet2DConditionConfig.parse("unet/config.json", json), unet.params()));
            assertTrue(shape.getMessage().contains("down_blocks.0.resnets.1") || shape.getMessage().contains("up_blocks.0.resnets.2"),
                    shape.getMessage());
            String nine = Files.readString(dir.resolve("config.json")).replace("\"in_channels\": 4", "\"in_channels\": 9");
            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> new UNet2DConditionModel(
                    UNet2DConditionConfig.parse("unet/config.json", nine), unet.params()));
            assertTrue(channels.getMessage().contains("conv_in.weight"), channels.getMessage());
        }
    }
}

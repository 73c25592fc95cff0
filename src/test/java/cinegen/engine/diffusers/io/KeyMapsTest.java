package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.SafetensorsBuilder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class KeyMapsTest {
    @TempDir Path dir;

    /** Every key maps to a distinct original key and back to itself; shapes survive the round trip. */
    private static Map<String, String> roundTrip(String model, KeyMap map) throws Exception {
        Map<String, long[]> shapes = IoFixtures.shapes(model);
        Map<String, String> original = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String k = e.getKey();
            String o = map.toOriginal(k);
            assertTrue(seen.add(o), model + ": two keys map to " + o);
            assertTrue(o.startsWith(map.originalPrefix()), o);
            assertFalse(map.isIgnored(o), o);
            assertEquals(k, map.toDiffusers(o), model + ": " + k + " -> " + o + " does not come back");
            long[] os = map.toOriginalShape(k, e.getValue());
            assertArrayEquals(e.getValue(), map.toDiffusersShape(k, os), k);
            original.put(k, o);
        }
        assertEquals(shapes.size(), original.size());
        return original;
    }

    @Test
    void unetKeysRoundTripThroughTheOriginalLayout() throws Exception {
        for (String model : List.of("unet_motion/unet", "unet_motion_inpaint/unet")) {
            UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config(model));
            Map<String, String> o = roundTrip(model, KeyMaps.unet(layout));
            // the fixed points of the LDM layout, whatever the widths (levels = 2, one resnet per level here)
            assertEquals("model.diffusion_model.input_blocks.0.0.weight", o.get("conv_in.weight"));
            assertEquals("model.diffusion_model.time_embed.0.weight", o.get("time_embedding.linear_1.weight"));
            assertEquals("model.diffusion_model.time_embed.2.bias", o.get("time_embedding.linear_2.bias"));
            assertEquals("model.diffusion_model.out.0.weight", o.get("conv_norm_out.weight"));
            assertEquals("model.diffusion_model.out.2.weight", o.get("conv_out.weight"));
            assertEquals("model.diffusion_model.input_blocks.1.0.in_layers.0.weight", o.get("down_blocks.0.resnets.0.norm1.weight"));
            assertEquals("model.diffusion_model.input_blocks.1.0.in_layers.2.weight", o.get("down_blocks.0.resnets.0.conv1.weight"));
            assertEquals("model.diffusion_model.input_blocks.1.0.emb_layers.1.weight", o.get("down_blocks.0.resnets.0.time_emb_proj.weight"));
            assertEquals("model.diffusion_model.input_blocks.1.0.out_layers.0.bias", o.get("down_blocks.0.resnets.0.norm2.bias"));
            assertEquals("model.diffusion_model.input_blocks.1.0.out_layers.3.weight", o.get("down_blocks.0.resnets.0.conv2.weight"));
            assertEquals("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight",
                    o.get("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight"));
            assertEquals("model.diffusion_model.input_blocks.2.0.op.weight", o.get("down_blocks.0.downsamplers.0.conv.weight"));
            assertEquals("model.diffusion_model.input_blocks.3.0.skip_connection.weight", o.get("down_blocks.1.resnets.0.conv_shortcut.weight"));
            assertEquals("model.diffusion_model.middle_block.1.proj_in.weight", o.get("mid_block.attentions.0.proj_in.weight"));
            assertEquals("model.diffusion_model.middle_block.2.in_layers.2.bias", o.get("mid_block.resnets.1.conv1.bias"));
            // up block 0 has no attention: its upsampler is the block's second module; up block 1 has attention
            assertEquals("model.diffusion_model.output_blocks.1.1.conv.weight", o.get("up_blocks.0.upsamplers.0.conv.weight"));
            assertEquals("model.diffusion_model.output_blocks.3.0.skip_connection.weight", o.get("up_blocks.1.resnets.1.conv_shortcut.weight"));
            assertEquals("model.diffusion_model.output_blocks.3.1.norm.weight", o.get("up_blocks.1.attentions.1.norm.weight"));
        }
    }

    @Test
    void inferredLayoutOfTheRenamedFileIsTheConfigsOne() throws Exception {
        for (String model : List.of("unet_motion/unet", "unet_motion_inpaint/unet")) {
            UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config(model));
            Path file = writeOriginal(model, KeyMaps.unet(layout), dir.resolve(model.replace('/', '_') + ".safetensors"), Map.of());
            try (TensorFile tf = TensorFile.open(file)) {
                assertEquals(layout, UnetLayout.inferFromOriginal(tf, KeyMaps.UNET_PREFIX));
            }
        }
        assertEquals(9, UnetLayout.fromConfigFile(IoFixtures.config("unet_motion_inpaint/unet")).inChannels());
    }

    @Test
    void vaeKeysRoundTripWithAttentionAsOneByOneConvolutions() throws Exception {
        VaeLayout layout = VaeLayout.fromConfigFile(IoFixtures.config("vae"));
        KeyMap map = KeyMaps.vae(layout);
        Map<String, String> o = roundTrip("vae", map);
        assertEquals("first_stage_model.encoder.down.0.block.0.conv1.weight", o.get("encoder.down_blocks.0.resnets.0.conv1.weight"));
        assertEquals("first_stage_model.encoder.down.1.block.0.nin_shortcut.weight", o.get("encoder.down_blocks.1.resnets.0.conv_shortcut.weight"));
        assertEquals("first_stage_model.encoder.down.0.downsample.conv.weight", o.get("encoder.down_blocks.0.downsamplers.0.conv.weight"));
        assertEquals("first_stage_model.encoder.mid.block_1.norm2.bias", o.get("encoder.mid_block.resnets.0.norm2.bias"));
        assertEquals("first_stage_model.encoder.mid.attn_1.norm.weight", o.get("encoder.mid_block.attentions.0.group_norm.weight"));
        assertEquals("first_stage_model.decoder.mid.attn_1.proj_out.weight", o.get("decoder.mid_block.attentions.0.to_out.0.weight"));
        assertEquals("first_stage_model.encoder.norm_out.weight", o.get("encoder.conv_norm_out.weight"));
        assertEquals("first_stage_model.quant_conv.weight", o.get("quant_conv.weight"));
        // the decoder's levels are numbered from the other end in the original layout
        assertEquals("first_stage_model.decoder.up.1.block.1.conv2.weight", o.get("decoder.up_blocks.0.resnets.1.conv2.weight"));
        assertEquals("first_stage_model.decoder.up.1.upsample.conv.weight", o.get("decoder.up_blocks.0.upsamplers.0.conv.weight"));
        assertEquals("first_stage_model.decoder.up.0.block.0.nin_shortcut.weight", o.get("decoder.up_blocks.1.resnets.0.conv_shortcut.weight"));

        String q = "encoder.mid_block.attentions.0.to_q.weight";
        assertArrayEquals(new long[]{64, 64, 1, 1}, map.toOriginalShape(q, new long[]{64, 64}));
        assertArrayEquals(new long[]{64, 64}, map.toDiffusersShape(q, new long[]{64, 64, 1, 1}));
        assertArrayEquals(new long[]{64}, map.toOriginalShape("encoder.mid_block.attentions.0.to_q.bias", new long[]{64}));
        assertArrayEquals(new long[]{64}, map.toOriginalShape("encoder.mid_block.attentions.0.group_norm.weight", new long[]{64}));
        assertArrayEquals(new long[]{32, 32, 3, 3}, map.toOriginalShape("encoder.down_blocks.0.resnets.0.conv1.weight", new long[]{32, 32, 3, 3}));
    }

    @Test
    void textEncoderKeysRoundTripAndTheShortLayoutIsRead() throws Exception {
        KeyMap map = KeyMaps.textEncoder();
        Map<String, String> o = roundTrip("text_encoder", map);
        assertEquals("cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.q_proj.weight",
                o.get("text_model.encoder.layers.0.self_attn.q_proj.weight"));
        assertEquals("text_model.embeddings.token_embedding.weight", map.toDiffusers("cond_stage_model.transformer.embeddings.token_embedding.weight"));
        assertEquals("text_model.final_layer_norm.bias", map.toDiffusers("cond_stage_model.transformer.final_layer_norm.bias"));
        assertTrue(map.isIgnored("cond_stage_model.transformer.text_model.embeddings.position_ids"));
        assertNull(map.toDiffusers("cond_stage_model.transformer.text_model.embeddings.position_ids"));
        assertNull(map.toDiffusers("model.diffusion_model.out.0.weight"));
    }

    @Test
    void motionModuleKeysRoundTripThroughAnimateDiffNames() throws Exception {
        KeyMap map = KeyMaps.motionModule();
        for (String model : List.of("unet_motion/motion_adapter", "unet_motion_inpaint/motion_adapter")) {
            Map<String, String> o = roundTrip(model, map);
            if (model.startsWith("unet_motion/")) {
                assertEquals("mid_block.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.1.to_out.0.bias",
                        o.get("mid_block.motion_modules.0.transformer_blocks.0.attn2.to_out.0.bias"));
            }
            assertEquals("down_blocks.0.motion_modules.0.temporal_transformer.norm.weight", o.get("down_blocks.0.motion_modules.0.norm.weight"));
            assertEquals("down_blocks.0.motion_modules.0.temporal_transformer.proj_in.weight", o.get("down_blocks.0.motion_modules.0.proj_in.weight"));
            assertEquals("up_blocks.1.motion_modules.1.temporal_transformer.transformer_blocks.0.attention_blocks.0.to_q.weight",
                    o.get("up_blocks.1.motion_modules.1.transformer_blocks.0.attn1.to_q.weight"));
            assertEquals("down_blocks.1.motion_modules.0.temporal_transformer.transformer_blocks.0.norms.1.weight",
                    o.get("down_blocks.1.motion_modules.0.transformer_blocks.0.norm2.weight"));
            assertEquals("down_blocks.1.motion_modules.0.temporal_transformer.transformer_blocks.0.ff_norm.bias",
                    o.get("down_blocks.1.motion_modules.0.transformer_blocks.0.norm3.bias"));
            assertEquals("down_blocks.1.motion_modules.0.temporal_transformer.transformer_blocks.0.ff.net.0.proj.weight",
                    o.get("down_blocks.1.motion_modules.0.transformer_blocks.0.ff.net.0.proj.weight"));
            assertEquals("down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.0.pos_encoder.pe",
                    o.get("down_blocks.0.motion_modules.0.transformer_blocks.0.pos_embed.pe"));
        }
        String dup = "down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.1.pos_encoder.pe";
        assertTrue(map.isIgnored(dup));
        assertNull(map.toDiffusers(dup));
        assertNull(map.toDiffusers("down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.2.to_q.weight"));
    }

    @Test
    void motionUnetKeysRoundTrip() throws Exception {
        UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet_motion"));
        Map<String, String> o = roundTrip("unet_motion/unet_motion", KeyMaps.unetMotion(layout));
        assertEquals("model.diffusion_model.input_blocks.0.0.bias", o.get("conv_in.bias"));
        assertEquals("down_blocks.0.motion_modules.0.temporal_transformer.proj_out.bias", o.get("down_blocks.0.motion_modules.0.proj_out.bias"));
        assertEquals(layout, UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet")));
    }

    /** Writes the fixture's weights under their original names and shapes, plus {@code extra} raw tensors. */
    static Path writeOriginal(String model, KeyMap map, Path file, Map<String, float[]> extraF32) throws Exception {
        SafetensorsBuilder b = new SafetensorsBuilder();
        Map<String, long[]> shapes = IoFixtures.shapes(model);
        for (Map.Entry<String, float[]> e : IoFixtures.values(model).entrySet()) {
            String k = e.getKey();
            b.floats(map.toOriginal(k), "F32", map.toOriginalShape(k, shapes.get(k)), e.getValue());
        }
        extraF32.forEach((k, v) -> b.floats(k, "F32", new long[]{v.length}, v));
        return b.write(file);
    }

    private static void assertSameWeights(String model, Params p) throws Exception {
        Map<String, float[]> expected = IoFixtures.values(model);
        Map<String, long[]> shapes = IoFixtures.shapes(model);
        assertEquals(expected.keySet(), p.keys(), model);
        for (String k : expected.keySet()) {
            NDArray a = p.get(k);
            assertArrayEquals(shapes.get(k), a.getShape().getShape(), k);
            assertArrayEquals(expected.get(k), a.toFloatArray(), k);
        }
    }

    @Test
    void anOriginalSingleFileLoadsAsExactlyTheDiffusersWeights() throws Exception {
        // One file holding UNet, VAE and text encoder in the original layout, like an SD 1.x checkpoint.
        UnetLayout unetLayout = UnetLayout.fromConfigFile(IoFixtures.config("unet_motion_inpaint/unet"));
        VaeLayout vaeLayout = VaeLayout.fromConfigFile(IoFixtures.config("vae"));
        SafetensorsBuilder b = new SafetensorsBuilder();
        Map<String, KeyMap> parts = Map.of("unet_motion_inpaint/unet", KeyMaps.unet(unetLayout), "vae", KeyMaps.vae(vaeLayout),
                "text_encoder", KeyMaps.textEncoder());
        for (Map.Entry<String, KeyMap> part : parts.entrySet()) {
            Map<String, long[]> shapes = IoFixtures.shapes(part.getKey());
            for (Map.Entry<String, float[]> e : IoFixtures.values(part.getKey()).entrySet()) {
                String k = e.getKey();
                b.floats(part.getValue().toOriginal(k), "F32", part.getValue().toOriginalShape(k, shapes.get(k)), e.getValue());
            }
        }
        b.zeros("cond_stage_model.transformer.text_model.embeddings.position_ids", "I64", 1, 77);
        b.floats("alphas_cumprod", "F32", new long[]{3}, new float[]{0.9f, 0.8f, 0.7f});
        Path file = b.write(dir.resolve("sd15-inpainting.safetensors"));

        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            UnetLayout inferred = UnetLayout.inferFromOriginal(tf, KeyMaps.UNET_PREFIX);
            assertEquals(unetLayout, inferred);
            assertEquals(vaeLayout, VaeLayout.inferFromOriginal(tf, KeyMaps.VAE_PREFIX));
            assertSameWeights("unet_motion_inpaint/unet", CheckpointLoader.loadOriginal(tf, KeyMaps.unet(inferred), m));
            assertSameWeights("vae", CheckpointLoader.loadOriginal(tf, KeyMaps.vae(vaeLayout), m));
            assertSameWeights("text_encoder", CheckpointLoader.loadOriginal(tf, KeyMaps.textEncoder(), m));
        }
    }

    @Test
    void anOriginalMotionModuleLoadsAsTheMotionAdapter() throws Exception {
        String model = "unet_motion/motion_adapter";
        KeyMap map = KeyMaps.motionModule();
        SafetensorsBuilder b = new SafetensorsBuilder();
        Map<String, long[]> shapes = IoFixtures.shapes(model);
        for (Map.Entry<String, float[]> e : IoFixtures.values(model).entrySet()) {
            String o = map.toOriginal(e.getKey());
            b.floats(o, "F32", shapes.get(e.getKey()), e.getValue());
            if (o.endsWith("attention_blocks.0.pos_encoder.pe")) {
                // the second attention block's copy of the table, which diffusers does not keep
                b.floats(o.replace("attention_blocks.0", "attention_blocks.1"), "F32", shapes.get(e.getKey()), e.getValue());
            }
        }
        Path file = b.write(dir.resolve("mm_sd_v15_v2.safetensors"));
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            assertSameWeights(model, CheckpointLoader.loadOriginal(tf, map, m));
        }
    }

    @Test
    void aKeyTheLayoutDoesNotHaveIsAnError() throws Exception {
        UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet"));
        Path file = writeOriginal("unet_motion/unet", KeyMaps.unet(layout), dir.resolve("odd.safetensors"),
                Map.of("model.diffusion_model.input_blocks.9.0.in_layers.0.weight", new float[]{1f}));
        try (TensorFile tf = TensorFile.open(file); NDManager m = NDManager.newBaseManager()) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> CheckpointLoader.loadOriginal(tf, KeyMaps.unet(layout), m));
            assertEquals("odd.safetensors: its UNet has a weight 'model.diffusion_model.input_blocks.9.0.in_layers.0.weight' that the "
                    + "expected layout does not have, so the file does not match its config", e.getMessage());
            e = assertThrows(ModelFileException.class, () -> CheckpointLoader.loadOriginal(tf, KeyMaps.textEncoder(), m));
            assertEquals("odd.safetensors: has no text encoder weights (no keys start with 'cond_stage_model.transformer.')", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> KeyMaps.unet(layout).toOriginal("down_blocks.7.resnets.0.conv1.weight"));
        assertThrows(IllegalArgumentException.class, () -> KeyMaps.unet(layout).toOriginal("down_blocks.0.resnets.0.nonsense.weight"));
    }

    @Test
    void layoutErrorsNameTheConfig() throws Exception {
        Path cfg = java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"block_out_channels\": [4, 8], \"layers_per_block\": 1}");
        ModelFileException e = assertThrows(ModelFileException.class, () -> UnetLayout.fromConfigFile(cfg));
        assertEquals("config.json: down_block_types is missing from the UNet config", e.getMessage());
        assertTrue(Arrays.asList(1, 2).contains(UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet")).levels()));
    }
}

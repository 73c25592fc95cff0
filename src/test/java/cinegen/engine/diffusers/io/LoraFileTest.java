package cinegen.engine.diffusers.io;

import cinegen.engine.diffusers.SafetensorsBuilder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

class LoraFileTest {
    @TempDir Path dir;

    @Test
    void kohyaNamesComeBackAsDottedModulePaths() throws Exception {
        int checked = 0;
        for (String model : List.of("unet_motion/unet", "unet_motion/unet_motion", "unet_motion/motion_adapter", "text_encoder")) {
            for (String k : IoFixtures.shapes(model).keySet()) {
                if (!k.endsWith(".weight")) continue;
                String module = k.substring(0, k.length() - ".weight".length());
                assertEquals(module, KohyaNames.toDotted(KohyaNames.toUnderscored(module)), model);
                checked++;
            }
        }
        UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet"));
        KeyMap map = KeyMaps.unet(layout);
        for (String k : IoFixtures.shapes("unet_motion/unet").keySet()) {
            if (!k.endsWith(".weight")) continue;
            String o = map.toOriginal(k);
            String module = o.substring(KeyMaps.UNET_PREFIX.length(), o.length() - ".weight".length());
            assertEquals(module, KohyaNames.toDotted(KohyaNames.toUnderscored(module)));
        }
        for (String k : IoFixtures.shapes("unet_motion/motion_adapter").keySet()) {
            if (!k.endsWith(".weight")) continue;
            String o = KeyMaps.motionModule().toOriginal(k);
            String module = o.substring(0, o.length() - ".weight".length());
            assertEquals(module, KohyaNames.toDotted(KohyaNames.toUnderscored(module)));
        }
        assertTrue(checked > 200, "checked " + checked);
    }

    /** Random factors of one layer; the reference update is computed here, in plain Java. */
    private record Layer(String module, boolean textEncoder, long[] downShape, long[] upShape, float[] down, float[] up, float alpha) {
        float[] expectedDelta() {
            int r = (int) downShape[0], out = (int) upShape[0], in = down.length / r;
            float[] d = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int k = 0; k < r; k++) s += (double) up[o * r + k] * down[k * in + i];
                    d[o * in + i] = (float) (s * alpha / r);
                }
            }
            return d;
        }
    }

    private static Layer layer(Map<String, long[]> shapes, String module, boolean te, int rank, Random rnd) {
        long[] w = shapes.get(module + ".weight");
        assertNotNull(w, module);
        long[] down = w.length == 4 ? new long[]{rank, w[1], w[2], w[3]} : new long[]{rank, w[1]};
        long[] up = w.length == 4 ? new long[]{w[0], rank, 1, 1} : new long[]{w[0], rank};
        float[] d = new float[(int) (down[0] * down[1] * (w.length == 4 ? w[2] * w[3] : 1))], u = new float[(int) (w[0] * rank)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < u.length; i++) u[i] = (float) rnd.nextGaussian();
        return new Layer(module, te, down, up, d, u, 1 + rnd.nextInt(8));
    }

    private List<Layer> layers() throws Exception {
        Map<String, long[]> unet = IoFixtures.shapes("unet_motion/unet"), te = IoFixtures.shapes("text_encoder");
        Random rnd = new Random(7);
        return List.of(
                layer(unet, "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q", false, 4, rnd),
                layer(unet, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k", false, 4, rnd),
                layer(unet, "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0", false, 2, rnd),
                layer(unet, "mid_block.attentions.0.transformer_blocks.0.attn2.to_v", false, 3, rnd),
                layer(unet, "mid_block.attentions.0.proj_in", false, 4, rnd),            // 1x1 convolution
                layer(unet, "down_blocks.1.resnets.0.conv1", false, 4, rnd),             // 3x3 LoCon
                layer(te, "text_model.encoder.layers.1.self_attn.q_proj", true, 4, rnd),
                layer(te, "text_model.encoder.layers.2.mlp.fc1", true, 2, rnd));
    }

    private Path write(String name, List<Layer> layers, Function<Layer, String> base, String downSuffix, String upSuffix,
                       boolean withAlpha, boolean bakeScale) throws Exception {
        SafetensorsBuilder b = new SafetensorsBuilder();
        for (Layer l : layers) {
            float[] up = l.up().clone();
            if (bakeScale) for (int i = 0; i < up.length; i++) up[i] *= l.alpha() / l.downShape()[0];
            b.floats(base.apply(l) + downSuffix, "F32", l.downShape(), l.down());
            b.floats(base.apply(l) + upSuffix, "F32", l.upShape(), up);
            if (withAlpha) b.floats(base.apply(l) + ".alpha", "F16", new long[]{}, new float[]{l.alpha()});
        }
        return b.write(dir.resolve(name));
    }

    private static void assertDeltas(Path file, UnetLayout layout, List<Layer> layers) throws Exception {
        Map<String, long[]> unet = IoFixtures.shapes("unet_motion/unet"), te = IoFixtures.shapes("text_encoder");
        try (LoraFile lora = LoraFile.open(file, layout); NDManager m = NDManager.newBaseManager()) {
            assertEquals(layers.size(), lora.entries().size(), file.toString());
            Map<String, LoraFile.Entry> byTarget = new HashMap<>();
            for (LoraFile.Entry e : lora.entries()) byTarget.put(e.target(), e);
            for (Layer l : layers) {
                LoraFile.Entry e = byTarget.get(l.module() + ".weight");
                assertNotNull(e, file.getFileName() + " lacks " + l.module());
                assertEquals(l.textEncoder() ? LoraFile.Component.TEXT_ENCODER : LoraFile.Component.UNET, e.component());
                long[] target = (l.textEncoder() ? te : unet).get(e.target());
                NDArray d = lora.delta(e, target, m);
                assertArrayEquals(target, d.getShape().getShape());
                float[] expected = l.expectedDelta(), actual = d.toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), e.target() + "[" + i + "]");
                }
            }
            LoraFile.Inspection ins = lora.inspection();
            assertEquals("SD1.x", ins.family());
            assertTrue(ins.touchesUnet() && ins.touchesTextEncoder() && !ins.touchesMotionModules());
            assertNull(ins.unusableReason());
            assertEquals(4, ins.rank());
        }
    }

    @Test
    void kohyaAndPeftNamingsGiveTheSameUpdates() throws Exception {
        List<Layer> layers = layers();
        UnetLayout layout = UnetLayout.fromConfigFile(IoFixtures.config("unet_motion/unet"));
        KeyMap original = KeyMaps.unet(layout);
        Function<Layer, String> kohya = l -> (l.textEncoder() ? "lora_te_" : "lora_unet_") + KohyaNames.toUnderscored(l.module());
        Function<Layer, String> kohyaOriginal = l -> {
            if (l.textEncoder()) return "lora_te_" + KohyaNames.toUnderscored(l.module());
            String o = original.toOriginal(l.module() + ".weight");
            return "lora_unet_" + KohyaNames.toUnderscored(o.substring(KeyMaps.UNET_PREFIX.length(), o.length() - ".weight".length()));
        };
        Function<Layer, String> peft = l -> (l.textEncoder() ? "text_encoder." : "unet.") + l.module();

        Path k1 = write("kohya.safetensors", layers, kohya, ".lora_down.weight", ".lora_up.weight", true, false);
        Path k2 = write("kohya_ldm.safetensors", layers, kohyaOriginal, ".lora_down.weight", ".lora_up.weight", true, false);
        Path p1 = write("peft.safetensors", layers, peft, ".lora_A.weight", ".lora_B.weight", false, true);
        Path p2 = write("peft_alpha.safetensors", layers, peft, ".lora_A.weight", ".lora_B.weight", true, false);
        assertDeltas(k1, layout, layers);
        assertDeltas(k2, layout, layers);
        assertDeltas(p1, layout, layers);
        assertDeltas(p2, layout, layers);
        try (LoraFile a = LoraFile.open(k1, null); LoraFile b = LoraFile.open(p1, null)) {
            assertEquals(LoraFile.Format.KOHYA, a.inspection().format());
            assertEquals(LoraFile.Format.PEFT, b.inspection().format());
            assertEquals(1f, b.entries().get(0).scale());
        }
        // the original-layout names need the model's layout
        ModelFileException e = assertThrows(ModelFileException.class, () -> LoraFile.open(k2, null));
        assertTrue(e.getMessage().startsWith("kohya_ldm.safetensors: the LoRA names UNet layers in the original SD layout ('lora_unet_input_blocks_1_1_"),
                e.getMessage());
    }

    @Test
    void attentionProcessorNamesResolveToTheAttentionWeights() throws Exception {
        List<Layer> layers = layers().stream().filter(l -> l.module().contains(".attn")).toList();
        Function<Layer, String> processor = l -> {
            String m = l.module();
            int at = m.lastIndexOf(".to_");
            String proj = m.substring(at + 1).replace("to_out.0", "to_out");
            return "unet." + m.substring(0, at) + ".processor." + proj + "_lora";
        };
        Path file = write("processor.safetensors", layers, processor, ".down.weight", ".up.weight", false, true);
        try (TensorFile tf = TensorFile.open(file)) {
            assertTrue(tf.has("unet.up_blocks.1.attentions.1.transformer_blocks.0.attn1.processor.to_out_lora.down.weight"));
        }
        Map<String, long[]> unet = IoFixtures.shapes("unet_motion/unet");
        try (LoraFile lora = LoraFile.open(file, null); NDManager m = NDManager.newBaseManager()) {
            assertEquals(LoraFile.Format.DIFFUSERS, lora.inspection().format());
            assertEquals(layers.size(), lora.entries().size());
            for (LoraFile.Entry e : lora.entries()) {
                Layer l = layers.stream().filter(x -> (x.module() + ".weight").equals(e.target())).findFirst().orElseThrow();
                assertArrayEquals(l.expectedDelta(), lora.delta(e, unet.get(e.target()), m).toFloatArray(), 1e-4f);
            }
        }
    }

    @Test
    void motionLorasTargetTheMotionModules() throws Exception {
        Map<String, long[]> mm = IoFixtures.shapes("unet_motion/motion_adapter");
        Random rnd = new Random(3);
        Layer q = layer(mm, "down_blocks.1.motion_modules.0.transformer_blocks.0.attn1.to_q", false, 2, rnd);
        Layer out = layer(mm, "up_blocks.0.motion_modules.1.transformer_blocks.0.attn2.to_out.0", false, 2, rnd);
        // as diffusers saves it (processor names) and as the AnimateDiff repository names it
        Path diff = write("mm_lora.safetensors", List.of(q, out), l -> {
            String m = l.module();
            int at = m.lastIndexOf(".to_");
            return m.substring(0, at) + ".processor." + m.substring(at + 1).replace("to_out.0", "to_out") + "_lora";
        }, ".down.weight", ".up.weight", false, true);
        Path orig = write("v2_lora_ZoomIn.safetensors", List.of(q, out), l -> {
            String o = KeyMaps.motionModule().toOriginal(l.module() + ".weight");
            String m = o.substring(0, o.length() - ".weight".length());
            int at = m.lastIndexOf(".to_");
            return m.substring(0, at) + ".processor." + m.substring(at + 1).replace("to_out.0", "to_out") + "_lora";
        }, ".down.weight", ".up.weight", false, true);
        for (Path file : List.of(diff, orig)) {
            try (LoraFile lora = LoraFile.open(file, null); NDManager m = NDManager.newBaseManager()) {
                LoraFile.Inspection ins = lora.inspection();
                assertTrue(ins.isMotionLora(), file.toString());
                assertTrue(ins.description().startsWith("AnimateDiff motion LoRA (motion modules, 2 layers, rank 2)"), ins.description());
                assertEquals(2, lora.entries().size());
                for (LoraFile.Entry e : lora.entries()) {
                    Layer l = e.target().equals(q.module() + ".weight") ? q : out;
                    assertEquals(l.module() + ".weight", e.target());
                    assertArrayEquals(l.expectedDelta(), lora.delta(e, mm.get(e.target()), m).toFloatArray(), 1e-4f);
                }
            }
        }
    }

    @Test
    void sdxlAndLycorisFilesAreRefusedWithAReason() throws Exception {
        Path xl = new SafetensorsBuilder()
                .zeros("lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight", 4, 768)
                .zeros("lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight", 768, 4)
                .zeros("lora_te1_text_model_encoder_layers_0_self_attn_q_proj.alpha")
                .write(dir.resolve("xl_style.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> LoraFile.open(xl, null));
        assertEquals("xl_style.safetensors: is an SDXL LoRA; only Stable Diffusion 1.x LoRAs can be used (SDXL is not supported yet)", e.getMessage());

        Path byDim = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight", 8, 2048)
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight", 640, 8)
                .write(dir.resolve("xl_unet.safetensors"));
        try (TensorFile tf = TensorFile.open(byDim)) {
            assertEquals("SDXL", LoraFile.inspect(tf).family());
        }
        Path byMeta = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight", 8, 640)
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight", 640, 8)
                .meta("ss_base_model_version", "sdxl_base_v1-0")
                .write(dir.resolve("xl_meta.safetensors"));
        try (TensorFile tf = TensorFile.open(byMeta)) {
            assertEquals("SDXL", LoraFile.inspect(tf).family());
            assertNotNull(LoraFile.inspect(tf).unusableReason());
        }
        Path sd15 = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight", 8, 768)
                .zeros("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight", 640, 8)
                .write(dir.resolve("sd15.safetensors"));
        try (TensorFile tf = TensorFile.open(sd15)) {
            LoraFile.Inspection ins = LoraFile.inspect(tf);
            assertEquals("SD1.x", ins.family());
            assertEquals("SD1.x LoRA (UNet, 1 layer, rank 8)", ins.description());
        }
        Path loha = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.hada_w1_a", 320, 4)
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.hada_w1_b", 4, 320)
                .write(dir.resolve("loha.safetensors"));
        e = assertThrows(ModelFileException.class, () -> LoraFile.open(loha, null));
        assertEquals("loha.safetensors: is a LyCORIS LoHa file, which cannot be applied here; only plain LoRA (and LoCon) files are supported", e.getMessage());
    }

    @Test
    void brokenPairsAreReported() throws Exception {
        Path half = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight", "F32", 4, 16, 1, 1)
                .write(dir.resolve("half.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> LoraFile.open(half, null));
        assertEquals("half.safetensors: the LoRA layer 'lora_unet_down_blocks_0_attentions_0_proj_in' has a down matrix but no up matrix", e.getMessage());
        Path mismatch = new SafetensorsBuilder()
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight", "F32", 4, 16)
                .zeros("lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight", "F32", 16, 8)
                .write(dir.resolve("mismatch.safetensors"));
        e = assertThrows(ModelFileException.class, () -> LoraFile.open(mismatch, null));
        assertTrue(e.getMessage().contains("that do not multiply"), e.getMessage());
    }
}

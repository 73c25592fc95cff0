package cinegen.app;

import cinegen.engine.pack.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models} lists a ComfyUI-style folder: each file's kind and family, or why it cannot be used. */
class ModelsCommandTest {
    @Test
    void listsWhatAComfyUiFolderHolds(@TempDir Path root, @TempDir Path elsewhere) throws Exception {
        Files.createDirectories(root.resolve("checkpoints"));
        Files.createDirectories(root.resolve("animatediff_models"));
        Files.createDirectories(root.resolve("loras"));
        Files.copy(Path.of("src/test/resources/diffusers/unet_motion/motion_adapter/diffusion_pytorch_model.safetensors"),
                root.resolve("animatediff_models/mm_sd_v15.safetensors"));
        Files.write(root.resolve("checkpoints/cut-short.safetensors"), new byte[] {1, 2, 3});
        Map<String, SafeTensors.Tensor> sdxl = new LinkedHashMap<>();
        sdxl.put("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", new SafeTensors.Tensor(new long[] {2, 2}, new float[4]));
        sdxl.put("model.diffusion_model.label_emb.0.0.weight", new SafeTensors.Tensor(new long[] {2, 2}, new float[4]));
        sdxl.put("model.diffusion_model.input_blocks.0.0.weight", new SafeTensors.Tensor(new long[] {2, 4, 1, 1}, new float[8]));
        SafeTensors.write(root.resolve("checkpoints/sdxl-base.safetensors"), sdxl, SafeTensors.DType.F16);

        // ComfyUI's preview decoders: taesd.py's own layout, as ComfyUI's vae_approx/ holds them
        Files.createDirectories(root.resolve("vae_approx"));
        Path taesd = cinegen.engine.diffusers.vae.TaesdFixtures.writeRandom(elsewhere.resolve("taesd"), 1);
        SafeTensors.write(root.resolve("vae_approx/taesd_decoder.safetensors"),
                cinegen.engine.diffusers.vae.TaesdFixtures.rawDecoderLayout(taesd, ""), SafeTensors.DType.F16);

        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(List.of("models", root.toString()), new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        String out = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        assertTrue(out.contains("4 models"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("vae_approx/taesd_decoder.safetensors") && l.contains("TAESD preview decoder")
                && l.contains("SD1.x") && !l.contains("cannot be used")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("mm_sd_v15") && l.contains("motion module") && l.contains("AnimateDiff")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("cut-short") && l.contains("cannot be used")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("sdxl-base") && l.contains("SDXL") && l.contains("cannot be used")), "SDXL named as such: " + out);

        int bad = Main.run(List.of("models", root.resolve("nowhere").toString()), new PrintStream(o), new PrintStream(e));
        assertEquals(2, bad);
    }
}

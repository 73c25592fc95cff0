package cinegen.engine.family.sd;

import ai.djl.Device;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A single-file checkpoint as a style of an SD model, and CLIP skip. */
class CheckpointStyleTest {
    @TempDir Path tmp;

    @Test
    void aSingleFileCheckpointOfTheSameArchitectureIsAStyle() throws Exception {
        // A "fine-tune": the base's UNet with every weight doubled, written as one original-layout file.
        Path unetDir = tmp.resolve("doubled-unet");
        java.nio.file.Files.createDirectories(unetDir);
        Path src = SdFileFixtures.PIPE.resolve("unet");
        java.nio.file.Files.copy(src.resolve("config.json"), unetDir.resolve("config.json"));
        var w = new java.util.LinkedHashMap<>(cinegen.engine.pack.SafeTensors.read(src.resolve("diffusion_pytorch_model.safetensors")));
        w.replaceAll((k, t) -> {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) d[i] *= 2;
            return new cinegen.engine.pack.SafeTensors.Tensor(t.shape(), d);
        });
        cinegen.engine.pack.SafeTensors.write(unetDir.resolve("diffusion_pytorch_model.safetensors"), w, cinegen.engine.pack.SafeTensors.DType.F32);
        Path file = SdFileFixtures.writeBase(tmp, "doubled.safetensors", "F32", unetDir);
        try (LoadedModel model = new SdFamily().load(ModelSource.of(SdFileFixtures.PIPE), Device.cpu())) {
            Params unet = ((UNetMotionModel) ((DiffusersVideoModel) model).parts().denoiser()).params();
            String key = "down_blocks.0.resnets.0.conv1.weight";
            float[] before = unet.get(key).toFloatArray();
            String name = model.addStyle(file);
            assertEquals("doubled", name);
            model.applyStyles(new StyleMix(List.of(new StyleMix.Entry(name, 0.6))));
            float[] after = unet.get(key).toFloatArray();
            // W = 0.6 * 2W + 0.4 * W = 1.6 W
            for (int i = 0; i < before.length; i++) assertEquals(1.6 * before[i], after[i], 1e-5);
            model.applyStyles(StyleMix.NONE);
            assertArrayEquals(before, unet.get(key).toFloatArray());
        }
    }

    @Test
    void clipSkipChangesThePromptStatesAndIsBounded() throws Exception {
        try (LoadedModel model = new SdFamily().load(ModelSource.of(SdFileFixtures.PIPE), Device.cpu());
             ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] plain = model.encodePrompts(m, List.of("a fox")).toFloatArray();
            model.setClipSkip(1);
            float[] skipped = model.encodePrompts(m, List.of("a fox")).toFloatArray();
            org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(plain, skipped));
            model.setClipSkip(0);
            assertArrayEquals(plain, model.encodePrompts(m, List.of("a fox")).toFloatArray());
            assertThrows(ModelPackException.class, () -> model.setClipSkip(99));
        }
    }
}

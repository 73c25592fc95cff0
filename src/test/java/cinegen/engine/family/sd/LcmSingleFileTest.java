package cinegen.engine.family.sd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.diffusers.pipeline.LcmFixtures;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An LCM-distilled UNet in the single-file layout (converted checkpoints keep diffusers' name
 * {@code time_embedding.cond_proj.weight} under {@code model.diffusion_model.}): the scanner says so, the config gets
 * its {@code time_cond_proj_dim} from the weight's shape, and the model denoises exactly as the diffusers folder it was
 * written from.
 */
class LcmSingleFileTest {
    @Test
    void aSingleFileLcmCheckpointRunsWithItsGuidanceEmbedded(@TempDir Path dir) throws Exception {
        Path folder = LcmFixtures.write(dir.resolve("lcm-folder"), 8);
        Path file = SdFileFixtures.writeBase(dir.resolve("single"), "lcm_dreamshaper.safetensors", "F32", folder.resolve("unet"));

        ScannedModel scanned = ModelScanner.scan(file);
        assertEquals(ModelKind.CHECKPOINT, scanned.kind());
        assertTrue(scanned.usable(), scanned.unusableReason());
        assertTrue(scanned.description().contains("LCM guidance embedding"), scanned.description());

        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(file);
        assertEquals(LcmFixtures.COND_DIM, ckpt.unetConfig().timeCondProjDim());

        try (LoadedModel fromFile = new SdFamily().load(new ModelSource(file, folder.resolve("motion_adapter"), null), Device.cpu());
             LoadedModel fromFolder = new SdFamily().load(ModelSource.of(folder), Device.cpu());
             NDManager m = NDManager.newBaseManager()) {
            assertTrue(fromFile.info().guidanceEmbedded());
            assertEquals(LcmFixtures.COND_DIM, ((UNetMotionModel) ((DiffusersVideoModel) fromFile).parts().denoiser()).timeCondProjDim());
            NDArray sample = m.randomNormal(new Shape(1, 4, 4, 8, 8));
            NDArray text = m.randomNormal(new Shape(1, 77, 32));
            float[] a = fromFile.denoise(sample, 500, text, 8, 6.0).toFloatArray();
            float[] b = fromFolder.denoise(sample, 500, text, 8, 6.0).toFloatArray();
            assertArrayEquals(b, a, 1e-6f);
        }
    }

    @Test
    void aSingleFileUNetAndItsMotionModuleLoadInFp16(@TempDir Path dir) throws Exception {
        Path folder = LcmFixtures.write(dir.resolve("lcm-folder"), 9);
        Path file = SdFileFixtures.writeBase(dir.resolve("single"), "lcm_fp16.safetensors", "F16", folder.resolve("unet"));
        Path motion = SdFileFixtures.writeMotion(dir.resolve("single"), "mm.safetensors", "F16", folder.resolve("motion_adapter"));
        try (LoadedModel model = new SdFamily().load(new ModelSource(file, motion, null, cinegen.engine.family.Precision.FP16), Device.cpu())) {
            DiffusersVideoModel d = (DiffusersVideoModel) model;
            cinegen.engine.diffusers.Params unet = ((UNetMotionModel) d.parts().denoiser()).params();
            for (String k : unet.keys()) assertEquals(ai.djl.ndarray.types.DataType.FLOAT16, unet.get(k).getDataType(), k);
            assertTrue(unet.keys().stream().anyMatch(k -> k.contains(".motion_modules.")), "the motion module's weights too");
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, d.parts().vae().params().get("decoder.conv_in.weight").getDataType());
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray out = model.denoise(m.randomNormal(new Shape(1, 4, 4, 8, 8)), 300, m.randomNormal(new Shape(1, 77, 32)), 8, 4.0);
                assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, out.getDataType());
                for (float v : out.toFloatArray()) assertTrue(Float.isFinite(v));
            }
        }
    }
}

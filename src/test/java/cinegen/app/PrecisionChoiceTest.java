package cinegen.app;

import ai.djl.Device;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.Precision;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.testing.TinyPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The precision policy: half precision on a GPU only (float32 on the CPU, with the note the command prints), bf16
 * refused with the reason, and the bundled model in float32 only. No GPU here: the GPU side is checked up to the point
 * where a model would load.
 */
class PrecisionChoiceTest {
    @Test
    void halfPrecisionIsForGpusOnly() {
        assertEquals(Precision.FP32, Precision.FP16.on(Device.cpu()));
        assertEquals(Precision.FP16, Precision.FP16.on(Device.gpu()));
        assertEquals(Precision.FP32, Precision.FP32.on(Device.gpu()));
        assertEquals("fp16 runs on CUDA GPUs only; on the CPU the model runs in fp32", Precision.FP16.fallbackNote(Device.cpu()));
        assertNull(Precision.FP16.fallbackNote(Device.gpu()));
        assertNull(Precision.FP32.fallbackNote(Device.cpu()));
        assertEquals(Precision.FP16, Precision.parse(" FP16 "));
        IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16"));
        assertEquals("precision bf16 is not available: the PyTorch bridge of this build aborts on bfloat16 tensors; use fp16", bf16.getMessage());
        assertEquals("precision must be fp32 or fp16, got 'fp8'", assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8")).getMessage());
    }

    @Test
    void theBundledModelRefusesHalfPrecisionOnAGpu(@TempDir Path dir) throws Exception {
        Path pack = TinyPack.create(dir.resolve("pack"), 1);
        ModelPackException e = assertThrows(ModelPackException.class,
                () -> ModelFamilies.load(ModelSource.of(pack).withPrecision(Precision.FP16), Device.gpu()));
        assertEquals("the bundled model runs in fp32 only; fp16 is for Stable Diffusion and ModelScope models", e.getMessage());
        // on the CPU the same request loads, in float32
        ModelFamilies.load(ModelSource.of(pack).withPrecision(Precision.FP16), Device.cpu()).close();
    }
}

package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.diffusers.unet.UNet3DConditionModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.Precision;
import cinegen.engine.family.modelscope.ModelScopeFamily;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The half-precision loading path, run here on the CPU (the app itself uses it on CUDA GPUs only, where it is not
 * tested): the families load the denoiser's weights as fp16 one tensor at a time, keep the text encoder and
 * autoencoder in float32, compute the denoiser in the weights' type and give the sampler float32. Its output follows
 * the float32 model's within what half precision rounds.
 */
class HalfPrecisionTest {
    private static final Path ANIMATEDIFF = Fixtures.ROOT.resolve("pipeline_animatediff");
    private static final Path TEXT_TO_VIDEO = Fixtures.ROOT.resolve("pipeline_text_to_video");

    @Test
    void anAnimateDiffModelLoadsAndDenoisesInFp16() throws Exception {
        for (Precision p : new Precision[] {Precision.FP16}) {
            try (LoadedModel full = new SdFamily().load(ModelSource.of(ANIMATEDIFF), Device.cpu());
                 LoadedModel half = new SdFamily().load(ModelSource.of(ANIMATEDIFF).withPrecision(p), Device.cpu())) {
                DiffusersVideoModel d = (DiffusersVideoModel) half;
                assertAllOfType(((UNetMotionModel) d.parts().denoiser()).params(), p.dataType(), "denoiser");
                assertAllOfType(d.parts().textEncoder().weights(), DataType.FLOAT32, "text encoder");
                assertAllOfType(d.parts().vae().params(), DataType.FLOAT32, "autoencoder");
                assertAllOfType(((UNetMotionModel) ((DiffusersVideoModel) full).parts().denoiser()).params(), DataType.FLOAT32, "fp32 denoiser");
                compareDenoisers(full, half, p);
                GeneratedVideo v = new VideoPipeline(half).generate(GenerationRequest.builder().prompt("a fox").frames(8).size(32, 32)
                        .steps(2).guidance(3).seed(1).build(), StepListener.NONE, CancelToken.none());
                for (float x : v.latents().values()) assertTrue(Float.isFinite(x), p + ": non-finite latent");
            }
        }
    }

    @Test
    void aModelScopeModelLoadsItsUNetInFp16() throws Exception {
        try (LoadedModel full = new ModelScopeFamily().load(ModelSource.of(TEXT_TO_VIDEO), Device.cpu());
             LoadedModel half = new ModelScopeFamily().load(ModelSource.of(TEXT_TO_VIDEO).withPrecision(Precision.FP16), Device.cpu())) {
            assertAllOfType(((UNet3DConditionModel) ((DiffusersVideoModel) half).parts().denoiser()).params(), DataType.FLOAT16, "UNet3D");
            compareDenoisers(full, half, Precision.FP16);
        }
    }

    /** The same noisy latents and text states through both: float32 out, relative difference of half-precision size. */
    private static void compareDenoisers(LoadedModel full, LoadedModel half, Precision p) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 4, 4, 8, 8));
            NDArray text = full.encodePrompts(m, java.util.List.of("a red fox", ""));
            NDArray a = full.denoise(x, 601, text, 8), b = half.denoise(x, 601, text, 8);
            assertEquals(DataType.FLOAT32, b.getDataType(), "the sampler gets float32");
            assertEquals(a.getShape(), b.getShape());
            double err = a.sub(b).norm().getFloat() / a.norm().getFloat();
            // fp16 keeps 11 bits of mantissa: well under a percent through a tiny random UNet, never 0
            double bound = 0.01;
            assertTrue(err > 0 && err < bound, p + ": relative difference " + err);
        }
    }

    private static void assertAllOfType(Params params, DataType type, String what) {
        int n = 0;
        String prefix = params.key(""); // a view's keys are full names
        for (String k : params.keys()) {
            if (!k.startsWith(prefix)) continue;
            assertEquals(type, params.get(k.substring(prefix.length())).getDataType(), what + " weight " + k);
            n++;
        }
        assertTrue(n > 10, what + " has weights");
    }
}

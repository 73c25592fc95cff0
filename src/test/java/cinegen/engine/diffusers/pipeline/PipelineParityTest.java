package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.modelscope.ModelScopeFamily;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Latents;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole engine on the tiny pipeline folders, against what diffusers' AnimateDiffPipeline and TextToVideoSDPipeline
 * computed from the same initial latents: each folder is recognised and loaded by its family, and {@link VideoPipeline}
 * (the one the studio and the command line use) gives the recorded final latents and frames.
 */
class PipelineParityTest {
    private static final String CAT = "a cat walking on the beach at sunset, high quality";
    private static final String ASTRONAUT = "an astronaut riding a horse, slow motion";

    @Test
    void animateDiffGuidedRunMatchesDiffusers() throws Exception {
        run(new SdFamily(), "pipeline_animatediff", "cfg_7.5", CAT, 7.5, "blurry, low quality, watermark");
    }

    @Test
    void animateDiffUnguidedRunMatchesDiffusers() throws Exception {
        run(new SdFamily(), "pipeline_animatediff", "no_cfg_1.0", CAT, 1.0, "");
    }

    @Test
    void modelScopeGuidedRunMatchesDiffusers() throws Exception {
        run(new ModelScopeFamily(), "pipeline_text_to_video", "cfg_9.0", ASTRONAUT, 9.0, "worst quality, blurry");
    }

    @Test
    void modelScopeUnguidedRunMatchesDiffusers() throws Exception {
        run(new ModelScopeFamily(), "pipeline_text_to_video", "no_cfg_1.0", ASTRONAUT, 1.0, "");
    }

    @Test
    void eachFamilyRecognisesOnlyItsOwnFolders() throws Exception {
        Fixtures ad = new Fixtures("pipeline_animatediff"), ms = new Fixtures("pipeline_text_to_video");
        assertTrue(new SdFamily().recognises(ad.folder));
        assertTrue(!new SdFamily().recognises(ms.folder), "a ModelScope folder is not an SD folder");
        assertTrue(new ModelScopeFamily().recognises(ms.folder));
        assertTrue(!new ModelScopeFamily().recognises(ad.folder));
    }

    private void run(ModelFamily family, String fixture, String caseName, String prompt, double guidance, String negative) throws Exception {
        Fixtures fx = new Fixtures(fixture);
        assertTrue(family.recognises(fx.folder), family.displayName() + " recognises " + fixture);
        SafeTensors.Tensor init = fx.input(caseName, "latents");
        try (LoadedModel model = family.load(ModelSource.of(fx.folder), Device.cpu())) {
            assertEquals(32, model.info().width(), "native size from the UNet's sample_size and the autoencoder's scale");
            GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt(prompt).negativePrompt(negative)
                    .frames(8).size(32, 32).steps(3).guidance(guidance).sampler(SamplerKind.DDIM)
                    .initialNoise(new Latents(init.shape(), init.data())).build();
            int[] steps = {0};
            GeneratedVideo v = new VideoPipeline(model).generate(r, p -> steps[0]++, CancelToken.none());
            assertEquals(3, steps[0], "a preview after every step");
            fx.check(caseName, "latents.3", v.latents().values(), v.latents().shape());
            // Frames: diffusers' float frames in [0, 1] against ours in 8 bits.
            SafeTensors.Tensor frames = fx.output(caseName, "frames"); // [1, F, H, W, 3]
            double worst = 0;
            for (int f = 0; f < 8; f++) {
                int[] px = v.frames().frame(f);
                for (int i = 0; i < 32 * 32; i++) {
                    for (int c = 0; c < 3; c++) {
                        double expected = frames.data()[(f * 32 * 32 + i) * 3 + c] * 255.0;
                        int actual = (px[i] >> (16 - 8 * c)) & 0xff;
                        worst = Math.max(worst, Math.abs(actual - expected));
                    }
                }
            }
            assertTrue(worst <= 1.0, "frames differ from diffusers' by " + worst + " of 255");
        }
    }
}

package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pack.SafeTensors;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.Latents;
import cinegen.engine.pipeline.Mode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.SamplerKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole engine on the tiny AnimateDiff pipeline folder, against what diffusers' AnimateDiffPipeline computed from
 * the same initial latents: the folder is recognised and loaded by the SD family, and {@link VideoPipeline} (the one
 * the studio and the command line use) gives the recorded final latents and frames.
 */
class AnimateDiffPipelineParityTest {
    private static final String PROMPT = "a cat walking on the beach at sunset, high quality";

    @Test
    void guidedRunMatchesDiffusers() throws Exception {
        run("cfg_7.5", 7.5, "blurry, low quality, watermark");
    }

    @Test
    void unguidedRunMatchesDiffusers() throws Exception {
        run("no_cfg_1.0", 1.0, "");
    }

    private void run(String caseName, double guidance, String negative) throws Exception {
        Fixtures fx = new Fixtures("pipeline_animatediff");
        SdFamily family = new SdFamily();
        assertTrue(family.recognises(fx.folder), "the SD family recognises an AnimateDiff pipeline folder");
        SafeTensors.Tensor init = fx.input(caseName, "latents");
        try (LoadedModel model = family.load(ModelSource.of(fx.folder), Device.cpu())) {
            assertEquals(32, model.info().width(), "native size from the UNet's sample_size and the autoencoder's scale");
            GenerationRequest r = GenerationRequest.builder().mode(Mode.T2V).prompt(PROMPT).negativePrompt(negative)
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

package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.diffusers.vae.TaesdFixtures;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepProgress;
import cinegen.engine.pipeline.VideoPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Previews of SD models: the latent grid by the fitted linear map every step, and TAESD's full-size frames when present. */
class SdPreviewTest {
    @Test
    void everyStepHasAPreviewAndTaesdGivesBiggerFrames(@TempDir Path tmp) throws Exception {
        try (LoadedModel model = new SdFamily().load(ModelSource.of(new Fixtures("pipeline_animatediff").folder), Device.cpu())) {
            VideoPipeline p = new VideoPipeline(model);
            GenerationRequest r = GenerationRequest.builder().prompt("a fox").frames(8).size(32, 32).steps(3).guidance(2).build();
            List<StepProgress> linear = new ArrayList<>();
            p.generate(r, linear::add, CancelToken.none());
            assertEquals(3, linear.size());
            for (StepProgress s : linear) {
                assertEquals(16, s.previewWidth(), "the latent grid");
                assertEquals(8, s.previewFrames().size());
                assertEquals(16 * 16, s.previewFrames().get(0).length);
            }

            model.usePreviewDecoder(TaesdFixtures.writeRandom(tmp.resolve("taesd"), 4));
            List<StepProgress> tiny = new ArrayList<>();
            p.generate(r, tiny::add, CancelToken.none());
            assertEquals(3, tiny.size());
            assertEquals(64, tiny.get(0).previewWidth(), "the first preview goes through TAESD (4x the latent grid)");
            for (StepProgress s : tiny) {
                assertEquals(s.previewWidth() * s.previewHeight(), s.previewFrames().get(0).length);
                assertTrue(s.previewWidth() == 16 || s.previewWidth() == 64);
            }
        }
    }

    @Test
    void comfyUisRawTaesdDecoderFileGivesTheFoldersPreviews(@TempDir Path tmp) throws Exception {
        Path folder = TaesdFixtures.writeRandom(tmp.resolve("taesd"), 6);
        Path raw = tmp.resolve("taesd_decoder.safetensors");
        cinegen.engine.pack.SafeTensors.write(raw, TaesdFixtures.rawDecoderLayout(folder, ""), cinegen.engine.pack.SafeTensors.DType.F32);
        try (LoadedModel model = new SdFamily().load(ModelSource.of(new Fixtures("pipeline_animatediff").folder), Device.cpu())) {
            VideoPipeline p = new VideoPipeline(model);
            GenerationRequest r = GenerationRequest.builder().prompt("a fox").frames(8).size(32, 32).steps(1).guidance(1).seed(2).build();
            List<List<int[]>> previews = new ArrayList<>();
            for (Path decoder : List.of(folder, raw)) {
                model.usePreviewDecoder(decoder); // the second replaces the first
                List<StepProgress> steps = new ArrayList<>();
                p.generate(r, steps::add, CancelToken.none());
                assertEquals(64, steps.get(0).previewWidth(), "through TAESD");
                previews.add(steps.get(0).previewFrames());
            }
            for (int f = 0; f < 8; f++) org.junit.jupiter.api.Assertions.assertArrayEquals(previews.get(0).get(f), previews.get(1).get(f), "frame " + f);
        }
    }
}

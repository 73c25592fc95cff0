package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.family.ClipInputs;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelInfo;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.schedule.Scheduler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LCM-distilled UNets ({@code time_cond_proj_dim}): the guidance embedding as diffusers' LatentConsistencyModelPipeline
 * computes it, checked against the formula evaluated here; a random LCM AnimateDiff folder loads with its guidance
 * embedded, and the shared loop gives its denoiser the embedding at every step, one pass per window, no negative prompt.
 */
class LcmGuidanceTest {
    @TempDir static Path dir;
    static Path folder;

    @BeforeAll
    static void writeModel() throws Exception {
        folder = LcmFixtures.write(dir.resolve("lcm-animatediff"), 4);
    }

    /**
     * get_guidance_scale_embedding(w = g - 1) from its definition, rounding to float32 where torch computes in float32
     * (w, w * 1000, the frequency step and each product), the sines and cosines in double.
     */
    static double[] byFormula(double g, int dim) {
        float w = (float) (g - 1);
        float scaled = w * 1000f;
        int half = dim / 2;
        float step = (float) Math.log(10000.0) / (half - 1);
        double[] e = new double[dim];
        for (int i = 0; i < half; i++) {
            float freq = (float) Math.exp(i * -step);
            float arg = scaled * freq;
            e[i] = Math.sin(arg);
            e[half + i] = Math.cos(arg);
        }
        return e; // an odd width's last column stays 0
    }

    @Test
    void theEmbeddingIsDiffusersFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int dim : new int[] {256, 32, 33}) {
                for (double g : new double[] {8.5, 2.75, 1.0, 1.5}) {
                    NDArray emb = GuidanceEmbedding.of(m, g, dim, 3);
                    assertEquals(new ai.djl.ndarray.types.Shape(3, dim), emb.getShape());
                    float[] got = emb.toFloatArray();
                    double[] want = byFormula(g, dim);
                    double maxErr = 0;
                    for (int row = 0; row < 3; row++) {
                        for (int i = 0; i < dim; i++) maxErr = Math.max(maxErr, Math.abs(got[row * dim + i] - want[i]));
                    }
                    // torch's float32 exp may differ from the correctly rounded one by an ulp, which w * 1000 (up to
                    // 7500) carries into the highest-frequency arguments: 1e-3 there, far below what a wrong formula gives
                    assertTrue(maxErr < 1e-3, "dim " + dim + ", guidance " + g + ": max error " + maxErr);
                    int half = dim / 2;
                    // frequency 1 exactly: sin(w * 1000) and cos(w * 1000) to float precision
                    assertEquals(want[0], got[0], 1e-6, "sin of w * 1000");
                    assertEquals(want[half], got[half], 1e-6, "cos of w * 1000");
                    if (dim % 2 == 1) assertEquals(0f, got[dim - 1], "an odd width is padded with a zero");
                    if (g == 1.0) {
                        for (int i = 0; i < half; i++) {
                            assertEquals(0f, got[i], "w = 0: every sine is 0");
                            assertEquals(1f, got[half + i], "w = 0: every cosine is 1");
                        }
                    }
                }
            }
            // a clearly different formula (w instead of w - 1) is far off: the check can fail
            float[] wrong = GuidanceEmbedding.of(m, 9.5, 32, 1).toFloatArray();
            double[] want = byFormula(8.5, 32);
            double diff = 0;
            for (int i = 0; i < 32; i++) diff = Math.max(diff, Math.abs(wrong[i] - want[i]));
            assertTrue(diff > 0.1, "w and w - 1 differ: " + diff);
        }
    }

    @Test
    void anLcmUNetSaysItsGuidanceIsEmbeddedAndStartsAtLcmDefaults() throws Exception {
        try (LoadedModel model = new SdFamily().load(ModelSource.of(folder), Device.cpu())) {
            ModelInfo info = model.info();
            assertTrue(info.guidanceEmbedded());
            assertEquals("embedded", info.guidanceMethod());
            assertEquals(4, info.defaults().steps());
            assertEquals(8.5, info.defaults().guidance());
            assertEquals(SamplerKind.LCM, info.defaults().sampler(), "the folder's LCMScheduler");
        }
        try (LoadedModel plain = new SdFamily().load(ModelSource.of(cinegen.engine.diffusers.Fixtures.ROOT.resolve("pipeline_animatediff")),
                Device.cpu())) {
            assertFalse(plain.info().guidanceEmbedded());
            assertEquals("classifier-free", plain.info().guidanceMethod());
        }
    }

    @Test
    void everyStepTakesTheEmbeddingInOnePassAndNoNegativePrompt() throws Exception {
        try (LoadedModel model = new SdFamily().load(ModelSource.of(folder), Device.cpu())) {
            Recording rec = new Recording(model);
            VideoPipeline pipeline = new VideoPipeline(rec);
            GenerationRequest.Builder b = GenerationRequest.builder().prompt("a red fox in the snow").frames(8).size(32, 32).steps(4)
                    .sampler(SamplerKind.LCM).seed(3);
            GeneratedVideo v = pipeline.generate(b.guidance(8.5).build(), StepListener.NONE, CancelToken.none());
            assertEquals(8, v.frames().frameCount());
            for (float x : v.latents().values()) assertTrue(Float.isFinite(x), "non-finite latent");
            assertTrue(Arrays.stream(v.frames().frame(0)).distinct().count() > 1, "the frame is not one flat colour");
            assertEquals(4, rec.calls.size(), "one denoiser call per step");
            for (double[] call : rec.calls) {
                assertEquals(1, (int) call[0], "one video in the batch: no classifier-free guidance pair");
                assertEquals(8.5, call[1], "the request's guidance scale goes to the denoiser");
            }
            assertEquals(1, rec.prompts, "the prompt alone is encoded, no negative prompt");

            // the negative prompt changes nothing; the guidance scale, through the embedding, changes the clip
            GeneratedVideo negative = pipeline.generate(b.guidance(8.5).negativePrompt("blurry, low quality").build(), StepListener.NONE,
                    CancelToken.none());
            assertArrayEquals(v.latents().values(), negative.latents().values());
            GeneratedVideo weaker = pipeline.generate(b.guidance(2).negativePrompt("").build(), StepListener.NONE, CancelToken.none());
            assertFalse(Arrays.equals(v.latents().values(), weaker.latents().values()), "the guidance scale is an input of the UNet");
        }
    }

    @Test
    void configAndWeightsMustAgreeOnTheEmbedding() throws Exception {
        Path noConfig = dir.resolve("lcm-without-config");
        LcmFixtures.write(noConfig, 5);
        Path config = noConfig.resolve("unet/config.json");
        Files.writeString(config, Files.readString(config).replace("\"time_cond_proj_dim\": " + LcmFixtures.COND_DIM, "\"time_cond_proj_dim\": null"));
        ModelPackException e = assertThrows(ModelPackException.class, () -> new SdFamily().load(ModelSource.of(noConfig), Device.cpu()).close());
        assertTrue(e.getMessage().contains("time_embedding.cond_proj.weight") && e.getMessage().contains("no time_cond_proj_dim"), e.getMessage());

        Path wider = dir.resolve("lcm-wider-config");
        LcmFixtures.write(wider, 6);
        Path c2 = wider.resolve("unet/config.json");
        Files.writeString(c2, Files.readString(c2).replace("\"time_cond_proj_dim\": " + LcmFixtures.COND_DIM, "\"time_cond_proj_dim\": 64"));
        e = assertThrows(ModelPackException.class, () -> new SdFamily().load(ModelSource.of(wider), Device.cpu()).close());
        assertTrue(e.getMessage().contains("time_cond_proj_dim 64"), e.getMessage());
    }

    /** The model, with each denoiser call's batch size and guidance scale and the prompts encoded recorded. */
    static final class Recording implements LoadedModel {
        final LoadedModel m;
        final List<double[]> calls = new ArrayList<>();
        int prompts;

        Recording(LoadedModel m) { this.m = m; }

        @Override public ModelInfo info() { return m.info(); }
        @Override public String hash() { return m.hash(); }
        @Override public NDManager manager() { return m.manager(); }
        @Override public NDArray encodePrompts(NDManager mm, List<String> p) { prompts = p.size(); return m.encodePrompts(mm, p); }
        @Override public NDArray encodeFrames(NDArray f) { return m.encodeFrames(f); }
        @Override public NDArray decodeLatents(NDArray l) { return m.decodeLatents(l); }
        @Override public int codecChunk() { return m.codecChunk(); }
        @Override public cinegen.engine.preview.PreviewFrames preview(float[] l, int c, int f, int h, int w) { return m.preview(l, c, f, h, w); }
        @Override public NDArray extraChannels(NDManager mm, ClipInputs clip) { return m.extraChannels(mm, clip); }
        @Override public NDArray denoise(NDArray input, double t, NDArray text, double fps) { return m.denoise(input, t, text, fps); }

        @Override
        public NDArray denoise(NDArray input, double t, NDArray text, double fps, double guidance) {
            calls.add(new double[] {input.getShape().get(0), guidance});
            return m.denoise(input, t, text, fps, guidance);
        }

        @Override public Scheduler scheduler(SamplerKind k, double eta) { return m.scheduler(k, eta); }
        @Override public Scheduler scheduler(SamplerKind k, double eta, String s) throws ModelPackException { return m.scheduler(k, eta, s); }
        @Override public NoiseSource noise(long seed) { return m.noise(seed); }
        @Override public void applyStyles(StyleMix mix) throws ModelPackException { m.applyStyles(mix); }
        @Override public List<String> styleNames() { return m.styleNames(); }
        @Override public void close() { }
    }
}

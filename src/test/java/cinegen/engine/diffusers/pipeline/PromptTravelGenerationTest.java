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
import cinegen.engine.pipeline.PromptSchedule;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.engine.preview.PreviewFrames;
import cinegen.engine.schedule.NoiseSource;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.schedule.Scheduler;
import org.junit.jupiter.api.AfterAll;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prompt travel end to end on a tiny random Stable Diffusion + AnimateDiff model (the fixtures' configs, random
 * weights): keyframed prompts change the clip where they apply, a schedule that does not travel is the single prompt
 * bit for bit, and every temporal window is conditioned on its own frames' rows.
 */
class PromptTravelGenerationTest {
    private static final Path FIXTURES = Path.of("src/test/resources/diffusers");
    private static final String FOX = "a red fox in the snow", WHALE = "a blue whale in the deep sea", NEGATIVE = "blurry";

    @TempDir static Path dir;
    static LoadedModel model;
    static VideoPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        Path folder = dir.resolve("ad");
        RandomModels.writeAnimateDiff(folder, 1, new RandomModels.AnimateDiffConfigs(read("unet_motion/unet/config.json"),
                read("unet_motion/motion_adapter/config.json"), read("pipeline_animatediff/vae/config.json"),
                read("pipeline_animatediff/text_encoder/config.json"), RandomModels.ANIMATEDIFF_DDIM), m -> {});
        model = new SdFamily().load(ModelSource.of(folder), Device.cpu());
        pipeline = new VideoPipeline(model);
    }

    @AfterAll
    static void close() { model.close(); }

    private static String read(String path) throws Exception { return Files.readString(FIXTURES.resolve(path)); }

    private static PromptSchedule schedule(Object... frameThenPrompt) {
        List<PromptSchedule.Keyframe> k = new ArrayList<>();
        for (int i = 0; i < frameThenPrompt.length; i += 2) k.add(new PromptSchedule.Keyframe((Integer) frameThenPrompt[i], (String) frameThenPrompt[i + 1]));
        return new PromptSchedule(k);
    }

    private static GenerationRequest.Builder base(int frames) {
        return GenerationRequest.builder().negativePrompt(NEGATIVE).frames(frames).size(32, 32).steps(2).guidance(5).seed(3)
                .sampler(SamplerKind.DDIM);
    }

    private static GeneratedVideo run(LoadedModel m, GenerationRequest r) throws ModelPackException {
        return new VideoPipeline(m).generate(r, StepListener.NONE, CancelToken.none());
    }

    /** The latents of frame f, (C, h, w) flattened, from (1, C, T, h, w). */
    private static float[] frameLatents(GeneratedVideo v, int f) {
        long[] s = v.latents().shape();
        int c = (int) s[1], t = (int) s[2], plane = (int) (s[3] * s[4]);
        float[] out = new float[c * plane];
        for (int ch = 0; ch < c; ch++) System.arraycopy(v.latents().values(), (ch * t + f) * plane, out, ch * plane, plane);
        return out;
    }

    @Test
    void theModelTakesPromptTravel() {
        assertTrue(model.info().promptTravel());
        assertEquals(null, model.info().promptTravelRule());
    }

    @Test
    void aScheduleThatDoesNotTravelIsTheSinglePromptBitForBit() throws Exception {
        GeneratedVideo single = run(model, base(8).prompt(FOX).build());
        for (PromptSchedule same : List.of(schedule(5, FOX), schedule(0, FOX, 7, FOX))) {
            GeneratedVideo keyed = run(model, base(8).prompts(same).build());
            assertArrayEquals(single.latents().values(), keyed.latents().values(), same.toString());
            for (int f = 0; f < 8; f++) assertArrayEquals(single.frames().frame(f), keyed.frames().frame(f), "frame " + f);
        }
    }

    @Test
    void twoKeyframesChangeTheFramesTheyPrompt() throws Exception {
        GeneratedVideo fox = run(model, base(8).prompt(FOX).build());
        GeneratedVideo whale = run(model, base(8).prompt(WHALE).build());
        GeneratedVideo travel = run(model, base(8).prompts(schedule(0, FOX, 7, WHALE)).build());
        for (float x : travel.latents().values()) assertTrue(Float.isFinite(x), "non-finite latent");
        assertFalse(Arrays.equals(frameLatents(fox, 7), frameLatents(travel, 7)), "the last frame is the whale's, not the fox's");
        assertFalse(Arrays.equals(frameLatents(whale, 0), frameLatents(travel, 0)), "the first frame is the fox's, not the whale's");
        assertFalse(Arrays.equals(frameLatents(fox, 0), frameLatents(travel, 0)), "the first frame moves with the clip (motion module)");
        assertFalse(Arrays.equals(frameLatents(whale, 7), frameLatents(travel, 7)));
        assertTrue(distance(frameLatents(travel, 0), frameLatents(fox, 0)) < distance(frameLatents(travel, 0), frameLatents(whale, 0)),
                "the first frame is nearer the fox clip's than the whale clip's");
        assertTrue(distance(frameLatents(travel, 7), frameLatents(whale, 7)) < distance(frameLatents(travel, 7), frameLatents(fox, 7)),
                "the last frame is nearer the whale clip's than the fox clip's");
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Test
    void eachWindowGetsItsOwnFramesRowsAndTheNegativePrompt() throws Exception {
        // 20 frames over the model's 16-frame window: windows start at 0 and 4, both in one denoiser call.
        assertEquals(16, model.info().frameWindow());
        Recorder recorder = new Recorder(model);
        GeneratedVideo v = run(recorder, base(20).prompts(schedule(0, FOX, 19, WHALE)).build());
        assertEquals(20, v.frames().frameCount());
        float[][] expected = expectedFrameStates(20, 19);
        int rowSize = expected[0].length;
        assertEquals(2 * 2 * 16, recorder.rows(), "two windows of 16 frames, each with its negative rows");
        for (int w = 0; w < 2; w++) {
            int start = w * 4;
            for (int f = 0; f < 16; f++) {
                assertClose(expected[start + f], recorder.row((2 * w) * 16 + f, rowSize), "window " + w + ", frame " + (start + f));
                assertClose(expected[20], recorder.row((2 * w + 1) * 16 + f, rowSize), "window " + w + ", negative row " + f);
            }
        }
    }

    @Test
    void aLoopsWrappedWindowGetsTheFramesAcrossTheSeam() throws Exception {
        // A looped 8-frame clip: windows at 0 and 4, the second seeing frames 4..7 then 0..3. Unguided: no negative rows.
        Recorder recorder = new Recorder(model);
        run(recorder, base(8).guidance(1).loop(true).prompts(schedule(0, FOX, 7, WHALE)).build());
        float[][] expected = expectedFrameStates(8, 7);
        int rowSize = expected[0].length;
        assertEquals(2 * 8, recorder.rows());
        int[] second = {4, 5, 6, 7, 0, 1, 2, 3};
        for (int f = 0; f < 8; f++) {
            assertClose(expected[f], recorder.row(f, rowSize), "first window, frame " + f);
            assertClose(expected[second[f]], recorder.row(8 + f, rowSize), "second window, frame " + second[f]);
        }
    }

    /** The fox's state at frame 0 moving linearly to the whale's at {@code last}, then the negative prompt's. */
    private static float[][] expectedFrameStates(int frames, int last) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray states = model.encodePrompts(m, List.of(FOX, WHALE, NEGATIVE));
            int n = (int) (states.size() / 3);
            float[] all = states.toFloatArray();
            float[] fox = Arrays.copyOfRange(all, 0, n), whale = Arrays.copyOfRange(all, n, 2 * n), negative = Arrays.copyOfRange(all, 2 * n, 3 * n);
            float[][] out = new float[frames + 1][n];
            for (int f = 0; f < frames; f++) {
                float t = Math.min(1f, f / (float) last);
                for (int i = 0; i < n; i++) out[f][i] = (1 - t) * fox[i] + t * whale[i];
            }
            out[frames] = negative;
            return out;
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5f, what + " at " + i);
    }

    /** The real model, with the per-frame text of its first denoiser call kept. */
    static final class Recorder implements LoadedModel {
        private final LoadedModel inner;
        private float[] firstFrameText;
        private long firstRows;

        Recorder(LoadedModel inner) { this.inner = inner; }

        int rows() { return (int) firstRows; }

        float[] row(int i, int size) { return Arrays.copyOfRange(firstFrameText, i * size, (i + 1) * size); }

        @Override
        public NDArray denoiseFrames(NDArray input, double timestep, NDArray frameText, double fps, double guidance) {
            if (firstFrameText == null) {
                firstFrameText = frameText.toFloatArray();
                firstRows = frameText.getShape().get(0);
                assertEquals(input.getShape().get(0) * input.getShape().get(2), firstRows, "a row per frame of each window");
            }
            return inner.denoiseFrames(input, timestep, frameText, fps, guidance);
        }

        @Override public ModelInfo info() { return inner.info(); }
        @Override public String hash() { return inner.hash(); }
        @Override public NDManager manager() { return inner.manager(); }
        @Override public NDArray encodePrompts(NDManager m, List<String> prompts) { return inner.encodePrompts(m, prompts); }
        @Override public NDArray encodeFrames(NDArray frames) { return inner.encodeFrames(frames); }
        @Override public NDArray decodeLatents(NDArray latents) { return inner.decodeLatents(latents); }
        @Override public int codecChunk() { return inner.codecChunk(); }
        @Override public PreviewFrames preview(float[] latents, int channels, int frames, int h, int w) { return inner.preview(latents, channels, frames, h, w); }
        @Override public NDArray extraChannels(NDManager m, ClipInputs clip) { return inner.extraChannels(m, clip); }
        @Override public NDArray denoise(NDArray input, double timestep, NDArray text, double fps) { return inner.denoise(input, timestep, text, fps); }
        @Override public NDArray denoise(NDArray input, double timestep, NDArray text, double fps, double guidance) { return inner.denoise(input, timestep, text, fps, guidance); }
        @Override public NDArray boundPrediction(NDArray x0) { return inner.boundPrediction(x0); }
        @Override public boolean boundsPrediction() { return inner.boundsPrediction(); }
        @Override public Scheduler scheduler(SamplerKind kind, double eta) { return inner.scheduler(kind, eta); }
        @Override public Scheduler scheduler(SamplerKind kind, double eta, String spacing) throws ModelPackException { return inner.scheduler(kind, eta, spacing); }
        @Override public NoiseSource noise(long seed) { return inner.noise(seed); }
        @Override public void applyStyles(StyleMix mix) throws ModelPackException { inner.applyStyles(mix); }
        @Override public List<String> styleNames() { return inner.styleNames(); }
        @Override public void close() { } // the real model is closed by the test class
    }
}

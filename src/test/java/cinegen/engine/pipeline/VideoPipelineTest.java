package cinegen.engine.pipeline;

import cinegen.frames.GenerationMode;
import ai.djl.Device;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.testing.TinyPack;
import cinegen.engine.family.bundled.scene.SceneRenderer;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.family.bundled.scene.SceneVocabulary;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.frames.Pixels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real pipeline on the tiny random pack: every mode, previews at every step, determinism, cancel. */
class VideoPipelineTest {
    @TempDir static Path dir;
    static VideoModel model;
    static VideoPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        model = VideoModel.load(ModelPack.open(TinyPack.create(dir.resolve("pack"), 11)), Device.cpu());
        pipeline = new VideoPipeline(model);
    }

    @AfterAll
    static void close() { model.close(); }

    static FrameSequence image(int size) {
        int[] px = new int[size * size];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) px[y * size + x] = Pixels.argb(x * 4, y * 4, 128);
        return FrameSequence.single(size, size, px);
    }

    static Mask centreSquare(int size) {
        float[] v = new float[size * size];
        for (int y = size / 4; y < 3 * size / 4; y++) for (int x = size / 4; x < 3 * size / 4; x++) v[y * size + x] = 1f;
        return new Mask(size, size, v);
    }

    static GenerationRequest.Builder base(GenerationMode mode) {
        GenerationRequest.Builder b = GenerationRequest.builder().mode(mode).prompt("a red circle moving left on a sky background")
                .frames(6).steps(3).seed(42).guidance(3).sampler(SamplerKind.DDIM);
        switch (mode) {
            case IMAGE_TO_VIDEO -> b.image(image(32));
            case INPAINT -> b.video(new FrameSequence(32, 32, 8, List.of(image(32).frame(0), image(32).frame(0)))).mask(centreSquare(32));
            case CINEMAGRAPH -> b.image(image(32)).mask(centreSquare(32));
            default -> { }
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(GenerationMode.class)
    void everyModeGivesTheRequestedFramesAndAPreviewAtEveryStep(GenerationMode mode) throws Exception {
        List<StepProgress> steps = new ArrayList<>();
        GeneratedVideo v = pipeline.generate(base(mode).build(), steps::add, CancelToken.none());
        assertEquals(6, v.frames().frameCount());
        assertEquals(32, v.frames().width());
        assertEquals(3, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            StepProgress p = steps.get(i);
            assertEquals(i + 1, p.step());
            assertEquals(3, p.totalSteps());
            assertEquals(6, p.previewFrames().size());
            assertEquals(p.previewWidth() * p.previewHeight(), p.previewFrames().get(0).length);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalFramesAndAnotherSeedDoesNot() throws Exception {
        for (SamplerKind kind : SamplerKind.values()) {
            GenerationRequest r = base(GenerationMode.TEXT_TO_VIDEO).sampler(kind).eta(1).build();
            GeneratedVideo a = pipeline.generate(r, StepListener.NONE, CancelToken.none());
            GeneratedVideo b = pipeline.generate(r, StepListener.NONE, CancelToken.none());
            for (int f = 0; f < a.frames().frameCount(); f++) assertArrayEquals(a.frames().frame(f), b.frames().frame(f), kind + " frame " + f);
            GeneratedVideo c = pipeline.generate(r.toBuilder().seed(43).build(), StepListener.NONE, CancelToken.none());
            assertFalse(Arrays.equals(a.frames().frame(0), c.frames().frame(0)), kind + ": another seed must change the clip");
        }
    }

    @Test
    void cancelStopsWithinOneStep() {
        CancelToken cancel = new CancelToken();
        AtomicInteger seen = new AtomicInteger();
        GenerationRequest r = base(GenerationMode.TEXT_TO_VIDEO).steps(10).build();
        assertThrows(GenerationCancelledException.class, () -> pipeline.generate(r, p -> {
            seen.incrementAndGet();
            if (p.step() == 2) cancel.cancel();
        }, cancel));
        assertEquals(2, seen.get(), "no step may run after the cancel");
    }

    @Test
    void cancelledBeforeStartRunsNoStep() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        AtomicInteger seen = new AtomicInteger();
        assertThrows(GenerationCancelledException.class, () -> pipeline.generate(base(GenerationMode.TEXT_TO_VIDEO).build(), p -> seen.incrementAndGet(), cancel));
        assertEquals(0, seen.get());
    }

    @Test
    void keptPixelsOutsideThePaintedRegionEqualTheInput() throws Exception {
        GenerationRequest r = base(GenerationMode.CINEMAGRAPH).feather(2).build();
        GeneratedVideo v = pipeline.generate(r, StepListener.NONE, CancelToken.none());
        int[] in = image(32).frame(0);
        assertArrayEquals(in, v.frames().frame(0), "cinemagraph frame 1 is the image");
        for (int f = 1; f < v.frames().frameCount(); f++) {
            int[] out = v.frames().frame(f);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean beyondFeather = x < 8 - 3 || x >= 24 + 3 || y < 8 - 3 || y >= 24 + 3;
                    if (beyondFeather) assertEquals(in[y * 32 + x], out[y * 32 + x], "frame " + f + " pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void clipsLongerThanTheWindowAreBlendedFromOverlappingWindows() throws Exception {
        // The tiny model's window is 8 frames; 20 frames need 3 overlapping windows.
        List<StepProgress> steps = new ArrayList<>();
        GeneratedVideo v = pipeline.generate(base(GenerationMode.TEXT_TO_VIDEO).frames(20).steps(2).build(), steps::add, CancelToken.none());
        assertEquals(20, v.frames().frameCount());
        assertEquals(20, steps.get(1).previewFrames().size());
    }

    @Test
    void lowPassFilterChangesTheClipButKeepsItsLength() throws Exception {
        GenerationRequest r = base(GenerationMode.TEXT_TO_VIDEO).build();
        GeneratedVideo plain = pipeline.generate(r, StepListener.NONE, CancelToken.none());
        GeneratedVideo filtered = pipeline.generate(r.toBuilder().lowpass(1).build(), StepListener.NONE, CancelToken.none());
        assertEquals(plain.frames().frameCount(), filtered.frames().frameCount());
        assertFalse(Arrays.equals(plain.frames().frame(3), filtered.frames().frame(3)));
    }

    /** The bundled denoiser reads one caption per clip: prompt travel is refused with a sentence, before any step. */
    @Test
    void theBundledModelRefusesPromptTravelButTakesAScheduleThatDoesNotTravel() throws Exception {
        assertFalse(model.info().promptTravel());
        String red = "a red circle moving left on a sky background", blue = "a blue square moving right on a grass background";
        GenerationRequest travel = base(GenerationMode.TEXT_TO_VIDEO).prompts(new PromptSchedule(List.of(new PromptSchedule.Keyframe(0, red),
                new PromptSchedule.Keyframe(5, blue)))).build();
        AtomicInteger steps = new AtomicInteger();
        var e = assertThrows(cinegen.engine.pack.ModelPackException.class, () -> pipeline.generate(travel, p -> steps.incrementAndGet(), CancelToken.none()));
        assertEquals(model.info().name() + " takes one prompt for the whole clip: prompt travel (prompts at keyframes) needs a model"
                + " that reads a prompt per frame, such as Stable Diffusion + AnimateDiff", e.getMessage());
        assertEquals(0, steps.get());
        GeneratedVideo plain = pipeline.generate(base(GenerationMode.TEXT_TO_VIDEO).build(), StepListener.NONE, CancelToken.none());
        GeneratedVideo keyed = pipeline.generate(base(GenerationMode.TEXT_TO_VIDEO).prompts(new PromptSchedule(List.of(new PromptSchedule.Keyframe(3, red))))
                .build(), StepListener.NONE, CancelToken.none());
        for (int f = 0; f < plain.frames().frameCount(); f++) assertArrayEquals(plain.frames().frame(f), keyed.frames().frame(f), "frame " + f);
    }

    @Test
    void requestsThatMakeNoSenseAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base(GenerationMode.TEXT_TO_VIDEO).mask(centreSquare(8)).build());
        assertTrue(e.getMessage().contains("takes no mask"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).build());
        assertTrue(e.getMessage().contains("needs an input image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base(GenerationMode.TEXT_TO_VIDEO).frames(0).build());
        assertTrue(e.getMessage().contains("frames"), e.getMessage());
    }

    @Test
    void textToVideoPlansALayoutFromThePromptAndSeed() {
        GenerationRequest right = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt("a red circle moving right on a sky background")
                .frames(16).fps(8).seed(5).build();
        float[] a = layout(right), b = layout(right);
        assertArrayEquals(a, b, "the same prompt and seed give the same plan");
        assertTrue(columnCentre(a, 15) > columnCentre(a, 0) + 2, "moving right: the last frame's disc is to the right of the first's");
        float[] other = layout(right.toBuilder().seed(6).build());
        assertFalse(Arrays.equals(a, other), "another seed, another placement");
        float[] left = layout(right.toBuilder().prompt("a red circle moving left on a sky background").build());
        assertTrue(columnCentre(left, 15) < columnCentre(left, 0) - 2, "moving left");
        float[] free = layout(right.toBuilder().prompt("clouds over the sea").build());
        assertEquals(0f, max(free), "a prompt outside the grammar plans nothing");
    }

    @Test
    void imageToVideoPlansItsLayoutFromTheObjectOfTheImage() {
        // A yellow square at (0.7, 0.35) of a grass image: the plan starts there, whatever the seed.
        SceneSpec scene = new SceneSpec(SceneVocabulary.Background.GRASS, List.of(new SceneSpec.Item(SceneVocabulary.Hue.YELLOW,
                SceneVocabulary.ShapeKind.SQUARE, 0.7, 0.35, 0.1, 0, 0, 0)), SceneVocabulary.Motion.STILL, 8, 3);
        FrameSequence image = FrameSequence.single(64, 64, SceneRenderer.renderFrame(scene, 64, 0));
        for (int seed = 1; seed <= 3; seed++) {
            GenerationRequest down = GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).image(image).prompt("a yellow square moving down")
                    .frames(16).fps(8).seed(seed).build();
            float[] plan = layout(down);
            assertEquals(0.7 * 16, columnCentre(plan, 0) + 0.5, 0.6, "the first disc sits on the square (x)");
            assertEquals(0.35 * 16, rowCentre(plan, 0) + 0.5, 0.6, "the first disc sits on the square (y)");
            assertTrue(rowCentre(plan, 15) > rowCentre(plan, 0) + 1.5, "then moves down");
            assertEquals(columnCentre(plan, 0), columnCentre(plan, 15), 0.2, "and only down");
        }
        GenerationRequest noMotion = GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).image(image).prompt("a yellow square").frames(16).fps(8).build();
        assertEquals(0f, max(layout(noMotion)), "no motion word: nothing to plan");
    }

    @Test
    void cinemagraphAndInpaintingPlanInsideThePaintedRegion() {
        // The painted region: columns 8..40, rows 24..48 of 64. An orange circle inside it at (0.3, 0.55).
        float[] painted = new float[64 * 64];
        for (int y = 24; y < 48; y++) for (int x = 8; x < 40; x++) painted[y * 64 + x] = 1f;
        Mask mask = new Mask(64, 64, painted);
        SceneSpec scene = new SceneSpec(SceneVocabulary.Background.SKY, List.of(new SceneSpec.Item(SceneVocabulary.Hue.ORANGE,
                SceneVocabulary.ShapeKind.CIRCLE, 0.3, 0.55, 0.08, 0, 0, 0)), SceneVocabulary.Motion.STILL, 8, 3);
        FrameSequence image = FrameSequence.single(64, 64, SceneRenderer.renderFrame(scene, 64, 0));
        GenerationRequest cinemagraph = GenerationRequest.builder().mode(GenerationMode.CINEMAGRAPH).image(image).mask(mask)
                .prompt("an orange circle moving right").frames(16).fps(8).seed(2).build();
        float[] plan = layout(cinemagraph);
        assertEquals(0.3 * 16, columnCentre(plan, 0) + 0.5, 0.6, "starts on the circle");
        assertTrue(columnCentre(plan, 15) > columnCentre(plan, 0) + 1.5, "moves right");
        assertTrue(columnCentre(plan, 15) + 0.5 <= 40 / 4.0, "and stays inside the painted region");

        // Inpainting a region of plain sky: no object there, so the plan starts in the region's middle.
        FrameSequence sky = new FrameSequence(64, 64, 8, java.util.Collections.nCopies(16, SceneRenderer.renderFrame(
                new SceneSpec(SceneVocabulary.Background.SKY, List.of(), SceneVocabulary.Motion.STILL, 8, 3), 64, 0)));
        GenerationRequest inpaint = GenerationRequest.builder().mode(GenerationMode.INPAINT).video(sky).mask(mask)
                .prompt("a red star bouncing").frames(16).fps(8).seed(2).build();
        float[] middle = layout(inpaint);
        assertEquals(24 / 4.0, columnCentre(middle, 0) + 0.5, 0.6, "region middle (x)");
        assertEquals(36 / 4.0, rowCentre(middle, 0) + 0.5, 0.6, "region middle (y)");
        double lowest = Double.MAX_VALUE;
        for (int f = 0; f < 16; f++) lowest = Math.min(lowest, rowCentre(middle, f));
        assertTrue(lowest < rowCentre(middle, 0) - 0.8, "bouncing lifts the disc");
    }

    @Test
    void textToVideoPlansTheOutlinesOfThePromptsShapesWhereItsDiscsAre() {
        GenerationRequest star = GenerationRequest.builder().mode(GenerationMode.TEXT_TO_VIDEO).prompt("a red star moving right on a sky background")
                .frames(16).fps(8).seed(5).build();
        float[] outline = cinegen.engine.family.bundled.LayoutPlanner.plannedSilhouettes(star, 16, 64, 64), discs = layout(star);
        assertEquals(16 * 16 * 16 * 16, outline.length);
        float[] cells = new float[16 * 16 * 16]; // the outline per latent cell: the sum over its 16 channels
        for (int c = 0; c < 16; c++) for (int i = 0; i < cells.length; i++) cells[i] += outline[c * cells.length + i] / 16;
        assertTrue(max(cells) > 0.9f, "the star covers whole cells");
        for (int f = 0; f < 16; f += 5) {
            assertEquals(columnCentre(discs, f), columnCentre(cells, f), 0.6, "the outline sits on the disc (x), frame " + f);
            assertEquals(rowCentre(discs, f), rowCentre(cells, f), 0.6, "the outline sits on the disc (y), frame " + f);
        }
        assertTrue(columnCentre(cells, 15) > columnCentre(cells, 0) + 2, "and moves with it");
        float[] square = cinegen.engine.family.bundled.LayoutPlanner.plannedSilhouettes(star.toBuilder().prompt("a red square moving right on a sky background").build(), 16, 64, 64);
        assertTrue(sum(square) > 1.3 * sum(outline), "a square of the same plan covers more than a star");
        FrameSequence image = FrameSequence.single(64, 64, new int[64 * 64]);
        GenerationRequest i2v = GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).image(image).prompt("a red star moving right").frames(16).fps(8).build();
        assertEquals(0f, max(cinegen.engine.family.bundled.LayoutPlanner.plannedSilhouettes(i2v, 16, 64, 64)), "image-to-video shows its object: no outline");
        assertEquals(0f, max(cinegen.engine.family.bundled.LayoutPlanner.plannedSilhouettes(star.toBuilder().prompt("clouds").build(), 16, 64, 64)), "nothing to plan");
    }

    @Test
    void aPackWithSilhouetteChannelsReadsThem(@TempDir Path tmp) throws Exception {
        Path pack = cinegen.engine.testing.TinyPack.createWithLayout(tmp.resolve("p"), 11, true);
        assertTrue(ModelPack.open(pack).architecture().denoiser().silhouette(), "the manifest records the silhouette channels");
        try (VideoModel model = VideoModel.load(ModelPack.open(pack), Device.cpu())) {
            VideoPipeline p = new VideoPipeline(model);
            GenerationRequest r = base(GenerationMode.TEXT_TO_VIDEO).build();
            FrameSequence outlined = p.generate(r, StepListener.NONE, CancelToken.none()).frames();
            model.setPlanning(false);
            FrameSequence unplanned = p.generate(r, StepListener.NONE, CancelToken.none()).frames();
            model.setPlanning(true);
            assertFalse(Arrays.equals(outlined.frame(3), unplanned.frame(3)), "without planning the plan does not reach the denoiser");
            GenerationRequest free = r.toBuilder().prompt("clouds over the sea").build();
            int[] planned = p.generate(free, StepListener.NONE, CancelToken.none()).frames().frame(3);
            model.setPlanning(false);
            int[] notPlanned = p.generate(free, StepListener.NONE, CancelToken.none()).frames().frame(3);
            model.setPlanning(true);
            assertArrayEquals(planned, notPlanned,
                    "a prompt with nothing to plan samples the same either way");
            for (var e : cinegen.engine.family.bundled.net.Weights.named(model.denoiser()).entrySet()) {
                if (e.getKey().startsWith("temporal_layout_silhouette")) e.getValue().getArray().muli(0);
            }
            FrameSequence blind = p.generate(r, StepListener.NONE, CancelToken.none()).frames();
            boolean differs = false;
            for (int f = 0; f < outlined.frameCount(); f++) differs |= !Arrays.equals(outlined.frame(f), blind.frame(f));
            assertTrue(differs, "the planned outlines reach the denoiser");
        }
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s;
    }

    private static float[] layout(GenerationRequest r) {
        return cinegen.engine.family.bundled.LayoutPlanner.plannedLayout(r, cinegen.engine.condition.Conditioning.plan(r, 64, 64, 16), 16, 16, 16);
    }

    @Test
    void aPackWithALayoutChannelSamplesAndItsPlanShapesTheClip(@TempDir Path tmp) throws Exception {
        try (VideoModel layoutModel = VideoModel.load(ModelPack.open(cinegen.engine.testing.TinyPack.createWithLayout(tmp.resolve("p"), 11)), Device.cpu())) {
            VideoPipeline p = new VideoPipeline(layoutModel);
            GenerationRequest planned = base(GenerationMode.TEXT_TO_VIDEO).build();
            FrameSequence withPlan = p.generate(planned, StepListener.NONE, CancelToken.none()).frames();
            FrameSequence again = p.generate(planned, StepListener.NONE, CancelToken.none()).frames();
            FrameSequence unplanned = p.generate(planned.toBuilder().prompt("a red circle on a sky background").build(), StepListener.NONE, CancelToken.none()).frames();
            assertEquals(6, withPlan.frameCount());
            for (int f = 0; f < 6; f++) assertArrayEquals(withPlan.frame(f), again.frame(f), "deterministic");
            boolean differs = false;
            for (int f = 0; f < 6; f++) differs |= !Arrays.equals(withPlan.frame(f), unplanned.frame(f));
            assertTrue(differs, "the planned layout reaches the denoiser");
        }
    }

    @Test
    void aDenoiserThatGivesNaNFailsWithAMessageInsteadOfABlackClip(@TempDir Path tmp) throws Exception {
        try (VideoModel broken = VideoModel.load(ModelPack.open(cinegen.engine.testing.TinyPack.create(tmp.resolve("p"), 5)), Device.cpu())) {
            var bias = cinegen.engine.family.bundled.net.Weights.named(broken.denoiser()).get("conv_out.bias").getArray();
            float[] nan = new float[Math.toIntExact(bias.getShape().size())];
            Arrays.fill(nan, Float.NaN);
            bias.set(nan);
            VideoPipeline p = new VideoPipeline(broken);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.generate(base(GenerationMode.TEXT_TO_VIDEO).build(), StepListener.NONE, CancelToken.none()));
            assertTrue(e.getMessage().contains("invalid numbers (NaN) at step 1"), e.getMessage());
            assertEquals(1, p.recomputedSteps(), "the step is computed once more before giving up");
        }
    }

    private static double columnCentre(float[] layout, int frame) { return centre(layout, frame, true); }

    private static double rowCentre(float[] layout, int frame) { return centre(layout, frame, false); }

    /** The layout's weighted mean column (or row) in frame {@code frame}, in latent cells. */
    private static double centre(float[] layout, int frame, boolean column) {
        double s = 0, sum = 0;
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) {
            float v = layout[(frame * 16 + y) * 16 + x];
            s += v;
            sum += v * (column ? x : y);
        }
        return sum / s;
    }

    private static float max(float[] v) {
        float m = 0;
        for (float x : v) m = Math.max(m, x);
        return m;
    }
}

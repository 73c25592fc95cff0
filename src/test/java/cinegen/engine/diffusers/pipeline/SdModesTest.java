package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.sd.SdFamily;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four modes on Stable Diffusion models: a 4-channel AnimateDiff base (latent blending) and an inpainting base
 * with 9 input channels (the mask and the masked video as channels), on the tiny fixture models. Kept pixels are the
 * input's own, exactly, wherever the feathered seam does not reach.
 */
class SdModesTest {
    private static final int SIZE = 32, FRAMES = 8;

    @Test
    void fourChannelBaseDoesEveryModeByLatentBlending() throws Exception {
        try (LoadedModel model = new SdFamily().load(ModelSource.of(new Fixtures("pipeline_animatediff").folder), Device.cpu())) {
            assertTrue(model.info().modeMethods().get(GenerationMode.INPAINT).startsWith("latent blending"), model.info().modeMethods().toString());
            checkModes(model);
        }
    }

    @Test
    void inpaintingBaseTakesMaskAndMaskedVideoAsChannels(@TempDir Path tmp) throws Exception {
        Path folder = inpaintingFolder(tmp);
        try (LoadedModel model = new SdFamily().load(ModelSource.of(folder), Device.cpu())) {
            assertTrue(model.info().modeMethods().get(GenerationMode.INPAINT).contains("inpainting UNet"), model.info().modeMethods().toString());
            checkModes(model);
        }
    }

    private static void checkModes(LoadedModel model) throws Exception {
        VideoPipeline p = new VideoPipeline(model);
        FrameSequence image = FrameSequence.single(SIZE, SIZE, noiseImage(1));
        List<int[]> videoFrames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) videoFrames.add(noiseImage(10 + f));
        FrameSequence video = new FrameSequence(SIZE, SIZE, 8, videoFrames);
        float[] region = new float[SIZE * SIZE];
        for (int y = 8; y < 24; y++) for (int x = 8; x < 24; x++) region[y * SIZE + x] = 1f;
        Mask mask = new Mask(SIZE, SIZE, region);

        FrameSequence t2v = run(p, base(GenerationMode.TEXT_TO_VIDEO));
        assertEquals(SIZE, t2v.width());
        assertEquals(FRAMES, t2v.frameCount());

        FrameSequence i2v = run(p, base(GenerationMode.IMAGE_TO_VIDEO).image(image));
        assertArrayEquals(image.frame(0), i2v.frame(0), "image-to-video keeps frame 1 exactly");
        assertNotEquals(java.util.Arrays.hashCode(image.frame(0)), java.util.Arrays.hashCode(i2v.frame(3)), "later frames are generated");

        FrameSequence cinemagraph = run(p, base(GenerationMode.CINEMAGRAPH).image(image).mask(mask));
        assertArrayEquals(image.frame(0), cinemagraph.frame(0), "a cinemagraph keeps all of frame 1");
        for (int f = 1; f < FRAMES; f++) assertKeptOutside(image.frame(0), cinemagraph.frame(f), region, "cinemagraph frame " + f);
        assertFalse(java.util.Arrays.equals(image.frame(0), cinemagraph.frame(4)), "the painted region moves");

        FrameSequence inpaint = run(p, base(GenerationMode.INPAINT).video(video).mask(mask));
        for (int f = 0; f < FRAMES; f++) assertKeptOutside(video.frame(f), inpaint.frame(f), region, "inpainted frame " + f);
    }

    private static GenerationRequest.Builder base(GenerationMode mode) {
        return GenerationRequest.builder().mode(mode).prompt("a red fox").frames(FRAMES).size(SIZE, SIZE).steps(2).guidance(3).seed(5);
    }

    private static FrameSequence run(VideoPipeline p, GenerationRequest.Builder b) throws Exception {
        return p.generate(b.build(), StepListener.NONE, CancelToken.none()).frames();
    }

    /** Pixels farther than the feather (2 px, plus one latent cell of 8 px) from the region are the input's own. */
    private static void assertKeptOutside(int[] input, int[] output, float[] region, String what) {
        int margin = 3;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean near = x >= 8 - margin && x < 24 + margin && y >= 8 - margin && y < 24 + margin;
                if (!near) assertEquals(input[y * SIZE + x], output[y * SIZE + x], what + " at " + x + "," + y);
            }
        }
    }

    private static void assertArrayEquals(int[] a, int[] b, String what) { org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, what); }

    private static int[] noiseImage(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] px = new int[SIZE * SIZE];
        for (int i = 0; i < px.length; i++) px[i] = 0xff000000 | r.nextInt(1 << 24);
        return px;
    }

    /** The tiny AnimateDiff pipeline with the 9-channel inpainting UNet and its motion adapter in place of its own UNet. */
    static Path inpaintingFolder(Path tmp) throws IOException {
        Path src = Fixtures.ROOT.resolve("pipeline_animatediff"), inpaint = Fixtures.ROOT.resolve("unet_motion_inpaint");
        Path dst = tmp.resolve("sd-inpainting-animatediff");
        for (String part : new String[] {"tokenizer", "text_encoder", "vae", "scheduler"}) copy(src.resolve(part), dst.resolve(part));
        copy(inpaint.resolve("unet"), dst.resolve("unet"));
        copy(inpaint.resolve("motion_adapter"), dst.resolve("motion_adapter"));
        Files.writeString(dst.resolve("model_index.json"), Files.readString(src.resolve("model_index.json"))
                .replace("UNetMotionModel", "UNet2DConditionModel").replace("AnimateDiffPipeline", "StableDiffusionInpaintPipeline"));
        return dst;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

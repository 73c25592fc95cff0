package cinegen.app.generate;

import cinegen.app.Main;
import cinegen.engine.pack.DeviceChoice;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.schedule.SamplerKind;
import cinegen.engine.testing.TinyPack;
import cinegen.frames.CropRegion;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import cinegen.media.ImportOptions;
import cinegen.media.MediaImporter;
import cinegen.media.MediaInfo;
import cinegen.media.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 31: image-to-video, cinemagraphs and inpainting deliver at the source's size, aspect ratio and frame rate,
 * with every pixel outside the painted region (and its feather band) the source's own, through the command line and
 * the studio's generation service alike; crop-to-region gives a small region all of the model's pixels.
 */
class SourceCompositeTest {
    @TempDir static Path dir;
    static Path pack, image, imageMask;
    static int[] imagePixels;
    /** The tiny pack generates 32x32. */
    static final int GEN = 32;

    @BeforeAll
    static void setUp() throws Exception {
        pack = TinyPack.create(dir.resolve("pack"), 3);
        BufferedImage img = new BufferedImage(120, 72, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 72; y++) for (int x = 0; x < 120; x++) img.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | (x * y) % 256);
        image = dir.resolve("still.png");
        ImageIO.write(img, "png", image.toFile());
        imagePixels = MediaImporter.importFile(image, ImportOptions.original()).frames().frame(0);
        imageMask = writeMask(dir.resolve("still-mask.png"), 120, 72, 70, 30, 14, 10);
    }

    /** A white ellipse (centre cx, cy; radii rx, ry) on black, as the mask painter saves it. */
    static Path writeMask(Path file, int w, int h, int cx, int cy, int rx, int ry) throws Exception {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
            if (dx * dx + dy * dy <= 1) m.setRGB(x, y, 0xffffff);
        }
        ImageIO.write(m, "png", file.toFile());
        return file;
    }

    record Run(int code, String out, String err) {}

    static Run generate(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("generate", "--model", pack.toString(), "--steps", "2"));
        all.addAll(List.of(args));
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The PNG frames of a folder written by generate, in order. */
    static List<FrameSequence> pngFrames(Path folder) throws Exception {
        List<FrameSequence> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                out.add(MediaImporter.importFile(p, ImportOptions.original()).frames());
            }
        }
        return out;
    }

    /**
     * Pixels farther than {@code band} (on both axes) from every painted pixel of {@code mask}: the ones that must
     * be the source's own. A test-side dilation, independent of the code under test.
     */
    static boolean[] farFromPaint(Mask mask, int band) {
        int w = mask.width(), h = mask.height();
        int[] sum = new int[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            sum[(y + 1) * (w + 1) + x + 1] = (mask.get(x, y) > 0 ? 1 : 0) + sum[y * (w + 1) + x + 1] + sum[(y + 1) * (w + 1) + x] - sum[y * (w + 1) + x];
        }
        boolean[] far = new boolean[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int x0 = Math.max(0, x - band), y0 = Math.max(0, y - band), x1 = Math.min(w, x + band + 1), y1 = Math.min(h, y + band + 1);
            int n = sum[y1 * (w + 1) + x1] - sum[y0 * (w + 1) + x1] - sum[y1 * (w + 1) + x0] + sum[y0 * (w + 1) + x0];
            far[y * w + x] = n == 0;
        }
        return far;
    }

    static Mask readMask(Path file) throws Exception {
        FrameSequence m = MediaImporter.importFile(file, ImportOptions.original()).frames();
        return Mask.fromArgb(m.width(), m.height(), m.frame(0));
    }

    /** Counts pixels of {@code far} where a and b differ; asserts there are far pixels at all. */
    static int differencesWhere(boolean[] far, int[] a, int[] b) {
        int far1 = 0, diff = 0;
        for (int i = 0; i < far.length; i++) {
            if (!far[i]) continue;
            far1++;
            if ((a[i] | 0xff000000) != (b[i] | 0xff000000)) diff++;
        }
        assertTrue(far1 > far.length / 4, "most of the frame is unpainted: " + far1);
        return diff;
    }

    @Test
    void imageToVideoDeliversAtTheImagesSizeWithTheImageAsFrameOne() throws Exception {
        Path out = dir.resolve("i2v-frames");
        Run r = generate("--mode", "i2v", "--image", image.toString(), "--prompt", "a red circle", "--frames", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<FrameSequence> frames = pngFrames(out);
        assertEquals(4, frames.size());
        for (FrameSequence f : frames) {
            assertEquals(120, f.width(), "the image's width");
            assertEquals(72, f.height(), "the image's height");
        }
        assertArrayEquals(imagePixels, frames.get(0).frame(0), "frame 1 is the image, pixel for pixel");
        assertTrue(r.out().contains("120x72"), r.out());
    }

    @Test
    void aCinemagraphKeepsEveryPixelOutsideThePaintedRegion() throws Exception {
        for (String crop : new String[] {"--crop-to-region", "--whole-frame"}) {
            Path out = dir.resolve("cinemagraph" + crop);
            Run r = generate("--mode", "cinemagraph", "--image", image.toString(), "--mask", imageMask.toString(), "--prompt", "sky",
                    "--frames", "4", crop, "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            List<FrameSequence> frames = pngFrames(out);
            assertEquals(4, frames.size());
            assertArrayEquals(imagePixels, frames.get(0).frame(0), crop + ": frame 1 is the still");
            // whole frame: 120 px seen as 32, a feather of 2 model pixels is 8 frame pixels; cropped, less
            boolean[] far = farFromPaint(readMask(imageMask), 10);
            boolean changed = false;
            for (int f = 0; f < 4; f++) {
                assertEquals(120, frames.get(f).width());
                assertEquals(0, differencesWhere(far, imagePixels, frames.get(f).frame(0)), crop + ": frame " + f + " outside the mask");
                if (f > 0 && !java.util.Arrays.equals(imagePixels, frames.get(f).frame(0))) changed = true;
            }
            assertTrue(changed, crop + ": the painted region moves");
        }
    }

    /**
     * Point 3 of issue 31: an MPEG-4 AVI at 23.976 fps and 720x528 with a painted ellipse. Every output frame f is the
     * input's frame f outside the ellipse (exactly), at the input's size, and the MP4 written plays at the input's rate.
     */
    @Test
    void inpaintingKeepsTheVideosFramesItsSizeAndItsFrameRate() throws Exception {
        Path avi = TestVideos.mpeg4Avi(dir.resolve("camera.avi"), 720, 528, 14, 24000, 1001);
        Path mask = writeMask(dir.resolve("ellipse.png"), 720, 528, 400, 250, 90, 60);
        FrameSequence input = MediaImporter.importFile(avi, ImportOptions.original()).frames();
        assertEquals(14, input.frameCount());
        for (String crop : new String[] {"--whole-frame", "--crop-to-region"}) {
            Path out = dir.resolve("inpaint" + crop);
            Run r = generate("--mode", "inpaint", "--video", avi.toString(), "--mask", mask.toString(), "--prompt", "a red circle",
                    "--frames", "12", crop, "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            List<FrameSequence> frames = pngFrames(out);
            assertEquals(12, frames.size());
            // whole frame: 720 px seen as 32, so a feather of 2 model pixels is 45 frame pixels
            boolean[] far = farFromPaint(readMask(mask), 48);
            for (int f = 0; f < frames.size(); f++) {
                assertEquals(720, frames.get(f).width());
                assertEquals(528, frames.get(f).height());
                assertEquals(0, differencesWhere(far, input.frame(f), frames.get(f).frame(0)), crop + ": output frame " + f + " is input frame " + f);
            }
        }
        Path mp4 = dir.resolve("inpaint.mp4");
        Run r = generate("--mode", "inpaint", "--video", avi.toString(), "--mask", mask.toString(), "--prompt", "a red circle",
                "--frames", "12", "--out", mp4.toString());
        assertEquals(0, r.code(), r.err());
        MediaInfo info = MediaImporter.probe(mp4);
        assertEquals(24000 / 1001.0, info.fps(), 0.01, "the source's frame rate");
        assertEquals(12, info.frameCount());
        assertEquals(720, info.width());
    }

    @Test
    void cropToRegionGivesASmallRegionAllOfTheModelsPixels() {
        int w = 720, h = 528;
        float[] painted = new float[w * h];
        for (int y = 100; y < 130; y++) for (int x = 500; x < 540; x++) painted[y * w + x] = 1f;
        Mask small = new Mask(w, h, painted);
        FrameSequence video = new FrameSequence(w, h, 24, List.of(new int[w * h], new int[w * h]));
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.INPAINT).prompt("x").video(video).mask(small).frames(2).build();

        SourceComposite.Plan whole = SourceComposite.plan(r, 64, 48, false);
        SourceComposite.Plan crop = SourceComposite.plan(r, 64, 48, true);
        assertEquals(new CropRegion(0, -6, 720, 540), whole.region(), "the whole frame, padded to 4:3");
        CropRegion c = crop.region();
        assertEquals(64.0 / 48, (double) c.width() / c.height(), 0.03, "the model's aspect ratio");
        assertTrue(c.x() >= 0 && c.y() >= 0 && c.x() + c.width() <= w && c.y() + c.height() <= h, "inside the frame: " + c);
        assertTrue(c.x() <= 500 - 16 && c.y() <= 100 - 16 && c.x() + c.width() >= 540 + 16 && c.y() + c.height() >= 130 + 16,
                "the painted box and a margin of at least 16 px: " + c);
        assertTrue(c.width() < 120, "no more than the region needs: " + c);
        double wholeCover = whole.modelRequest().masks().get(0).coverage(), cropCover = crop.modelRequest().masks().get(0).coverage();
        assertTrue(cropCover > 20 * wholeCover, "the region fills the model's frame: " + cropCover + " vs " + wholeCover);
        assertEquals(64, crop.modelRequest().video().width());
        assertEquals(48, crop.modelRequest().video().height());
        assertEquals(2, SourceComposite.plan(r.toBuilder().frames(8).build(), 64, 48, true).modelRequest().frames(),
                "no frames made up past the video's end");

        // a region near the corner is moved into the frame, not cut
        float[] corner = new float[w * h];
        for (int y = 0; y < 10; y++) for (int x = 700; x < 720; x++) corner[y * w + x] = 1f;
        CropRegion k = SourceComposite.plan(r.toBuilder().mask(new Mask(w, h, corner)).build(), 64, 48, true).region();
        assertTrue(k.x() >= 0 && k.y() == 0 && k.x() + k.width() == w, "clamped to the frame: " + k);
    }

    @Test
    void aResultTooLargeForMemoryIsRefusedBeforeAnyWork() {
        FrameSequence photo = FrameSequence.single(6000, 4000, new int[6000 * 4000]);
        GenerationRequest r = GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).prompt("x").image(photo).frames(16).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SourceComposite.checkMemory(r, 2L << 30));
        assertTrue(e.getMessage().contains("16 frames at 6000x4000 need 1464 MB"), e.getMessage());
        SourceComposite.checkMemory(r.toBuilder().frames(4).build(), 2L << 30);
    }

    @Test
    void theStudiosGenerationServiceDeliversAtTheSourcesSizeToo() throws Exception {
        FrameSequence still = FrameSequence.single(120, 72, imagePixels);
        Mask painted = readMask(imageMask);
        try (GenerationService service = new GenerationService(pack, DeviceChoice.CPU, null)) {
            GenerationRequest i2v = GenerationRequest.builder().mode(GenerationMode.IMAGE_TO_VIDEO).prompt("a red circle").image(still).frames(4)
                    .steps(2).sampler(SamplerKind.DDIM).build();
            GenerationRequest cinemagraph = i2v.toBuilder().mode(GenerationMode.CINEMAGRAPH).mask(painted).build();
            GenerationJob a = service.submit("i2v", i2v, null);
            GenerationJob b = service.submit("cinemagraph", cinemagraph, true, null);
            for (GenerationJob j : List.of(a, b)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!j.state().isFinished() && System.nanoTime() < until) Thread.sleep(5);
                assertEquals(JobState.DONE, j.state(), j.failure());
                FrameSequence out = j.result().frames();
                assertEquals(120, out.width());
                assertEquals(72, out.height());
                assertArrayEquals(imagePixels, out.frame(0), j.title() + ": frame 1 is the image");
            }
            assertTrue(b.cropToRegion());
            boolean[] far = farFromPaint(painted, 10);
            for (int f = 0; f < 4; f++) assertEquals(0, differencesWhere(far, imagePixels, b.result().frames().frame(f)), "frame " + f);
            assertFalse(java.util.Arrays.equals(imagePixels, a.result().frames().frame(1)), "image-to-video moves");
        }
    }
}

package cinegen.media;

import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;
import cinegen.frames.Resample;
import cinegen.media.gif.GifDither;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoExporterTest {
    private static final FrameSequence CLIP = new SyntheticScene(96, 64, 3).frames(12, 12);

    @TempDir
    Path dir;

    private ExportResult export(FrameSequence clip, String name, ExportOptions options) throws MediaException {
        return VideoExporter.export(clip, dir.resolve(name), options, ProgressListener.NONE, () -> false);
    }

    @Test
    void mp4IsH264Yuv420pWithMoovFirstAndMatchesTheSource() throws Exception {
        ExportResult result = export(CLIP, "clip.mp4", ExportOptions.defaults());
        Path file = dir.resolve("clip.mp4");
        assertEquals(List.of(file), result.files());
        assertEquals(ExportFormat.MP4, result.format());

        Decoded d = Decoded.read(file);
        assertEquals("h264", d.codec());
        assertEquals("yuv420p", d.pixelFormat());
        assertEquals(12, d.frames().frameCount());
        assertEquals(96, d.frames().width());
        assertEquals(64, d.frames().height());
        assertEquals(12, d.timestampFps(), 0.01);
        double psnr = Pixels.psnr(d.frames(), CLIP);
        assertTrue(psnr > 31, "MP4 PSNR " + psnr);

        List<String> boxes = Mp4Boxes.topLevel(file);
        assertTrue(boxes.contains("moov") && boxes.contains("mdat"), "boxes " + boxes);
        assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "moov must come before mdat for streaming: " + boxes);
    }

    @ParameterizedTest
    @EnumSource(GifDither.class)
    void gifRoundTripKeepsFramesRateAndPictureForEveryDither(GifDither dither) throws Exception {
        FrameSequence clip = CLIP.withFps(12.5); // 8 centiseconds per frame, exactly
        export(clip, "clip.gif", ExportOptions.defaults().withGifDither(dither));
        Decoded d = Decoded.read(dir.resolve("clip.gif"));
        assertEquals("gif", d.codec());
        assertEquals(12, d.frames().frameCount());
        assertEquals(96, d.frames().width());
        assertEquals(64, d.frames().height());
        assertEquals(12.5, d.timestampFps(), 0.01);
        double psnr = Pixels.psnr(d.frames(), clip);
        assertTrue(psnr > 28, dither + " GIF PSNR " + psnr);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void gifCarriesTheRequestedLoopCount(int loops) throws Exception {
        export(CLIP, "loop.gif", ExportOptions.defaults().withGifLoopCount(loops));
        assertEquals(OptionalInt.of(loops), GifBlocks.loopCount(dir.resolve("loop.gif")));
    }

    @Test
    void gifThatPlaysOnceHasNoLoopExtension() throws Exception {
        export(CLIP, "once.gif", ExportOptions.defaults().withGifLoopCount(-1));
        assertEquals(OptionalInt.empty(), GifBlocks.loopCount(dir.resolve("once.gif")));
    }

    @Test
    void gifRateIsCappedAtWhatBrowsersPlay() throws Exception {
        ExportResult r = export(CLIP.withFps(30), "fast.gif", ExportOptions.defaults().withInterpolation(2));
        assertEquals(50, r.fps());
        Decoded d = Decoded.read(dir.resolve("fast.gif"));
        assertEquals(50, d.timestampFps(), 0.5);
    }

    @Test
    void webmIsVp9AndMatchesTheSource() throws Exception {
        export(CLIP, "clip.webm", ExportOptions.defaults());
        Decoded d = Decoded.read(dir.resolve("clip.webm"));
        assertEquals("vp9", d.codec());
        assertEquals(12, d.frames().frameCount());
        assertEquals(96, d.frames().width());
        assertEquals(64, d.frames().height());
        assertEquals(12, d.timestampFps(), 0.01);
        double psnr = Pixels.psnr(d.frames(), CLIP);
        assertTrue(psnr > 30, "WebM PSNR " + psnr);
    }

    @Test
    void pngSequenceInAFolderIsLossless() throws Exception {
        Path folder = dir.resolve("frames");
        ExportResult r = VideoExporter.export(CLIP, folder, ExportOptions.defaults(), ProgressListener.NONE, () -> false);
        assertEquals(ExportFormat.PNG_SEQUENCE, r.format());
        assertEquals(12, r.files().size());
        assertEquals(folder.resolve("frame_0001.png"), r.files().get(0));
        assertEquals(folder.resolve("frame_0012.png"), r.files().get(11));
        for (int i = 0; i < 12; i++) {
            ImportedMedia img = MediaImporter.importFile(r.files().get(i), ImportOptions.original());
            assertEquals(96, img.frames().width());
            assertArrayEquals(CLIP.frame(i), img.frames().frame(0), "frame " + (i + 1) + " must be lossless");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(12, files.count());
        }
    }

    @Test
    void pngSequenceNamesFollowThePathAndReplaceALongerEarlierExport() throws Exception {
        ExportResult named = export(CLIP, "shot.png", ExportOptions.defaults());
        assertEquals(dir.resolve("shot_0001.png"), named.files().get(0));
        ExportResult pattern = export(CLIP, "take%03d.png", ExportOptions.defaults());
        assertEquals(dir.resolve("take001.png"), pattern.files().get(0));
        assertEquals(dir.resolve("take012.png"), pattern.files().get(11));

        export(CLIP.slice(0, 5), "take%03d.png", ExportOptions.defaults());
        assertTrue(Files.exists(dir.resolve("take005.png")));
        assertFalse(Files.exists(dir.resolve("take006.png")), "frames of the longer earlier export are removed");
        assertTrue(Files.exists(dir.resolve("shot_0012.png")), "other sequences are left alone");
    }

    @Test
    void scaleFourGivesFourTimesTheSizeWithAGoodFilter() throws Exception {
        FrameSequence small = new SyntheticScene(48, 32, 2).frames(4, 10);
        ExportResult r = export(small, "big.mp4", ExportOptions.defaults().withScale(4));
        assertEquals(192, r.width());
        assertEquals(128, r.height());
        Decoded d = Decoded.read(dir.resolve("big.mp4"));
        assertEquals(192, d.frames().width());
        assertEquals(128, d.frames().height());
        // shrunk back to the source size, the enlarged frames match the source: nothing shifted or smeared
        double psnr = 0;
        for (int i = 0; i < 4; i++) {
            psnr += Pixels.psnr(Resample.areaResizeArgb(d.frames().frame(i), 192, 128, 48, 32), small.frame(i)) / 4;
        }
        assertTrue(psnr > 30, "enlarged and shrunk back PSNR " + psnr);

        ExportResult gif = export(small, "big.gif", ExportOptions.defaults().withScale(4));
        assertEquals(192, gif.width());
        assertEquals(192, Decoded.read(dir.resolve("big.gif")).frames().width());
    }

    @Test
    void interpolationAndFrameRateShapeTheOutput() throws Exception {
        FrameSequence clip = CLIP.slice(0, 6); // 6 frames at 12 fps
        ExportResult twice = export(clip, "x2.mp4", ExportOptions.defaults().withInterpolation(2));
        assertEquals(11, twice.frameCount());
        assertEquals(24, twice.fps());
        Decoded d = Decoded.read(dir.resolve("x2.mp4"));
        assertEquals(11, d.frames().frameCount());
        assertEquals(24, d.timestampFps(), 0.01);

        ExportResult four = export(clip, "x4.gif", ExportOptions.defaults().withInterpolation(4));
        assertEquals(21, four.frameCount());
        assertEquals(21, Decoded.read(dir.resolve("x4.gif")).frames().frameCount());

        ExportResult retimed = export(clip, "24.mp4", ExportOptions.defaults().withFps(24));
        assertEquals(12, retimed.frameCount(), "the same half second at twice the rate");
        Decoded r = Decoded.read(dir.resolve("24.mp4"));
        assertEquals(24, r.timestampFps(), 0.01);
        assertTrue(Pixels.psnr(r.frames().frame(1), clip.frame(0)) > 32, "frames are held to reach the rate");
    }

    @Test
    void timelineClipsAreInterpolatedSeparately() throws Exception {
        FrameSequence a = CLIP.slice(0, 4), b = new SyntheticScene(96, 64, 5).frames(3, 12);
        ExportResult r = VideoExporter.export(List.of(a, b), dir.resolve("timeline.mp4"),
                ExportOptions.defaults().withInterpolation(2), ProgressListener.NONE, () -> false);
        assertEquals(7 + 5, r.frameCount());
        Decoded d = Decoded.read(dir.resolve("timeline.mp4"));
        assertEquals(12, d.frames().frameCount());
        // the frame right after the cut is the second clip's first frame, not a blend across the cut
        assertTrue(Pixels.psnr(d.frames().frame(7), b.frame(0)) > 32);
    }

    @Test
    void progressRisesToOneWithAnEstimate() throws Exception {
        List<ExportProgress> seen = new ArrayList<>();
        VideoExporter.export(CLIP, dir.resolve("p.mp4"), ExportOptions.defaults().withInterpolation(2), seen::add, () -> false);
        assertFalse(seen.isEmpty());
        for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i).fraction() >= seen.get(i - 1).fraction());
        assertEquals(1.0, seen.get(seen.size() - 1).fraction());
        assertTrue(seen.stream().anyMatch(p -> p.stage().startsWith("Interpolating")));
        assertTrue(seen.stream().anyMatch(p -> p.fraction() > 0.1 && p.fraction() < 1 && p.remaining().isPresent()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c.mp4", "c.gif", "c.webm", "c.png", "folder"})
    void cancelLeavesNothingBehind(String name) throws Exception {
        AtomicInteger frames = new AtomicInteger();
        ExportCancelledException e = assertThrows(ExportCancelledException.class, () -> VideoExporter.export(CLIP,
                dir.resolve(name), ExportOptions.defaults(), p -> frames.incrementAndGet(), () -> frames.get() >= 5));
        assertTrue(e.getMessage().contains("cancelled"));
        assertEquals(List.of(), listing(), "no file, temporary or partial, may remain");
    }

    @Test
    void cancelDuringInterpolationLeavesNothingBehind() {
        List<String> stages = new ArrayList<>();
        assertThrows(ExportCancelledException.class, () -> VideoExporter.export(CLIP, dir.resolve("i.mp4"),
                ExportOptions.defaults().withInterpolation(4), p -> stages.add(p.stage()), () -> stages.size() >= 2));
        assertEquals(List.of("Interpolating frames", "Interpolating frames"), stages);
        assertEquals(List.of(), listing());
    }

    @Test
    void cancelKeepsTheEarlierFileIntact() throws Exception {
        Path file = dir.resolve("keep.mp4");
        Files.writeString(file, "the earlier export");
        assertThrows(ExportCancelledException.class, () -> VideoExporter.export(CLIP, file, ExportOptions.defaults(),
                ProgressListener.NONE, new java.util.function.BooleanSupplier() {
                    int calls;
                    @Override public boolean getAsBoolean() { return ++calls > 4; }
                }));
        assertEquals("the earlier export", Files.readString(file));
        assertEquals(List.of("keep.mp4"), listing());
    }

    @Test
    void failureMidwayLeavesNothingBehind() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException boom = assertThrows(RuntimeException.class, () -> VideoExporter.export(CLIP, dir.resolve("f.gif"),
                ExportOptions.defaults(), p -> { if (calls.incrementAndGet() == 6) throw new IllegalStateException("listener failed"); },
                () -> false));
        assertEquals("listener failed", boom.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void badTargetsGetClearMessages() throws Exception {
        MediaException unknown = assertThrows(MediaException.class, () -> export(CLIP, "clip.avi", ExportOptions.defaults()));
        assertTrue(unknown.getMessage().contains("'.avi' is not a format"), unknown.getMessage());

        MediaException missing = assertThrows(MediaException.class, () -> VideoExporter.export(CLIP,
                dir.resolve("nowhere").resolve("clip.mp4"), ExportOptions.defaults(), ProgressListener.NONE, () -> false));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Files.createDirectories(dir.resolve("taken.mp4"));
        MediaException folder = assertThrows(MediaException.class, () -> export(CLIP, "taken.mp4", ExportOptions.defaults()));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());

        FrameSequence other = new SyntheticScene(64, 64, 1).frames(2, 12);
        MediaException sizes = assertThrows(MediaException.class, () -> VideoExporter.export(List.of(CLIP, other),
                dir.resolve("t.mp4"), ExportOptions.defaults(), ProgressListener.NONE, () -> false));
        assertTrue(sizes.getMessage().contains("same size"), sizes.getMessage());

        IllegalArgumentException interp = assertThrows(IllegalArgumentException.class, () -> ExportOptions.defaults().withInterpolation(3));
        assertTrue(interp.getMessage().contains("2 or 4"));
    }

    @Test
    void oddSizesAreMadeEvenForYuv420() throws Exception {
        FrameSequence odd = new SyntheticScene(45, 33, 2).frames(3, 10);
        ExportResult r = export(odd, "odd.mp4", ExportOptions.defaults());
        assertEquals(46, r.width());
        assertEquals(34, r.height());
        assertEquals(46, Decoded.read(dir.resolve("odd.mp4")).frames().width());
        assertEquals(45, export(odd, "odd.gif", ExportOptions.defaults()).width());
    }

    private List<String> listing() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

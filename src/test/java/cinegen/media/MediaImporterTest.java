package cinegen.media;

import cinegen.frames.MediaKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaImporterTest {
    private static final SyntheticScene SCENE = new SyntheticScene(80, 48, 3);

    @TempDir
    Path dir;

    private Path writeImage(String name, String format, int[] argb, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, file.toFile()), "ImageIO writes " + format);
        return file;
    }

    /** A video written straight through FFmpeg, so the importer is tested on files it did not make. */
    private Path writeVideo(String name, String container, String codec, int pixelFormat, FrameSequence clip) throws Exception {
        Path file = dir.resolve(name);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), clip.width(), clip.height(), 0)) {
            r.setFormat(container);
            r.setVideoCodecName(codec);
            r.setPixelFormat(pixelFormat);
            r.setFrameRate(clip.fps());
            r.setVideoQuality(2);
            r.start();
            for (int[] f : clip.frames()) r.record(Ffmpeg.toFrame(f, clip.width(), clip.height()), Ffmpeg.ARGB_PIXEL_FORMAT);
            r.stop();
        }
        return file;
    }

    @Test
    void losslessImagesComeBackExactly() throws Exception {
        int[] pixels = SCENE.frameAt(0);
        for (String format : new String[] {"png", "bmp"}) {
            ImportedMedia m = MediaImporter.importFile(writeImage("still." + format, format, pixels, 80, 48), ImportOptions.original());
            assertEquals(MediaKind.IMAGE, m.info().kind());
            assertEquals(1, m.frames().frameCount());
            assertEquals(80, m.info().width());
            assertEquals(48, m.info().height());
            assertEquals(0, m.info().fps());
            assertArrayEquals(pixels, m.frames().frame(0), format);
        }
    }

    @Test
    void jpegAndWebpAreReadClosely() throws Exception {
        int[] pixels = SCENE.frameAt(1);
        ImportedMedia jpeg = MediaImporter.importFile(writeImage("photo.jpg", "jpeg", pixels, 80, 48), ImportOptions.original());
        assertEquals(MediaKind.IMAGE, jpeg.info().kind());
        assertTrue(Pixels.psnr(jpeg.frames().frame(0), pixels) > 28, "JPEG");

        Path webp = dir.resolve("still.webp");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(webp.toFile(), 80, 48, 0)) {
            r.setFormat("webp");
            r.setVideoCodecName("libwebp");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setVideoOption("lossless", "0");
            r.setVideoOption("quality", "95");
            r.start();
            r.record(Ffmpeg.toFrame(pixels, 80, 48), Ffmpeg.ARGB_PIXEL_FORMAT);
            r.stop();
        }
        ImportedMedia w = MediaImporter.importFile(webp, ImportOptions.original());
        assertEquals(MediaKind.IMAGE, w.info().kind());
        assertEquals("webp", w.info().codec());
        assertTrue(Pixels.psnr(w.frames().frame(0), pixels) > 28, "WebP");
    }

    @Test
    void exportedMp4ComesBackWithItsMetadata() throws Exception {
        FrameSequence clip = SCENE.frames(10, 12.5);
        Path file = dir.resolve("clip.mp4");
        VideoExporter.export(clip, file, ExportOptions.defaults(), ProgressListener.NONE, () -> false);

        MediaInfo probed = MediaImporter.probe(file);
        assertEquals(MediaKind.VIDEO, probed.kind());
        assertEquals("h264", probed.codec());
        assertEquals(10, probed.frameCount());
        assertEquals(12.5, probed.fps(), 1e-6);
        assertEquals(0.8, probed.durationSeconds(), 1e-3);

        ImportedMedia m = MediaImporter.importFile(file, ImportOptions.original());
        assertEquals(10, m.frames().frameCount());
        assertEquals(12.5, m.frames().fps(), 1e-6);
        assertEquals(0.8, m.info().durationSeconds(), 1e-3);
        assertTrue(Pixels.psnr(m.frames(), clip) > 31);
    }

    @Test
    void aviMovAndWebmFromFfmpegAreRead() throws Exception {
        FrameSequence clip = SCENE.frames(8, 10);
        Path avi = writeVideo("clip.avi", "avi", "mpeg4", avutil.AV_PIX_FMT_YUV420P, clip);
        Path mov = writeVideo("clip.mov", "mov", "libx264", avutil.AV_PIX_FMT_YUV420P, clip);
        Path webm = writeVideo("clip.webm", "webm", "libvpx-vp9", avutil.AV_PIX_FMT_YUV420P, clip);
        for (Path file : new Path[] {avi, mov, webm}) {
            ImportedMedia m = MediaImporter.importFile(file, ImportOptions.original());
            assertEquals(MediaKind.VIDEO, m.info().kind(), file.toString());
            assertEquals(8, m.frames().frameCount(), file.toString());
            assertEquals(10, m.frames().fps(), 1e-6, file.toString());
            assertEquals(80, m.frames().width());
            assertTrue(Pixels.psnr(m.frames(), clip) > 26, file + " PSNR " + Pixels.psnr(m.frames(), clip));
        }
    }

    @Test
    void animatedGifIsAVideoWithItsFrameRate() throws Exception {
        FrameSequence clip = SCENE.frames(6, 12.5);
        Path file = dir.resolve("anim.gif");
        VideoExporter.export(clip, file, ExportOptions.defaults(), ProgressListener.NONE, () -> false);
        ImportedMedia m = MediaImporter.importFile(file, ImportOptions.original());
        assertEquals(MediaKind.VIDEO, m.info().kind());
        assertEquals("gif", m.info().container());
        assertEquals(6, m.frames().frameCount());
        assertEquals(12.5, m.frames().fps(), 0.01);
        assertEquals(0.48, m.info().durationSeconds(), 0.01);
    }

    @Test
    void frameLimitAndTargetSizeApply() throws Exception {
        FrameSequence clip = SCENE.frames(10, 10);
        Path file = dir.resolve("wide.mp4");
        VideoExporter.export(clip, file, ExportOptions.defaults(), ProgressListener.NONE, () -> false);

        ImportedMedia crop = MediaImporter.importFile(file, ImportOptions.resizedTo(32, 32, ImportOptions.Resize.CROP).withMaxFrames(4));
        assertEquals(4, crop.frames().frameCount());
        assertEquals(32, crop.frames().width());
        assertEquals(32, crop.frames().height());
        assertEquals(10, crop.info().frameCount(), "the file's own count is still reported");
        assertEquals(80, crop.info().width());

        ImportedMedia fit = MediaImporter.importFile(file, ImportOptions.resizedTo(32, 32, ImportOptions.Resize.FIT).withMaxFrames(4));
        int[] top = fit.frames().frame(0), cropped = crop.frames().frame(0);
        // 80x48 fitted into 32x32 is 32x19: black bars above and below; the crop fills the frame
        assertEquals(0xff000000, top[0]);
        assertEquals(0xff000000, top[31 * 32 + 16]);
        assertFalse(cropped[0] == 0xff000000 && cropped[31 * 32 + 16] == 0xff000000);
    }

    @Test
    void startingAtKeepsOnlyTheFramesAskedFor() throws Exception {
        Path file = TestVideos.greySteps(dir.resolve("steps.mp4"), 64, 48, 300, 24);
        ImportedMedia part = MediaImporter.importFile(file, ImportOptions.original().startingAt(240).withMaxFrames(12));
        assertEquals(12, part.frames().frameCount());
        assertEquals(TestVideos.grey(240), part.frames().frame(0)[24 * 64 + 32] & 0xff, 2);
        assertEquals(TestVideos.grey(251), part.frames().frame(11)[24 * 64 + 32] & 0xff, 2);
        assertEquals(60, MediaImporter.importFile(file, ImportOptions.original().startingAt(240)).frames().frameCount());
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(file, ImportOptions.original().startingAt(400)));
        assertTrue(e.getMessage().contains("has only 300 frames"), e.getMessage());
    }

    @Test
    void truncatedMp4IsReportedAsDamaged() throws Exception {
        FrameSequence clip = SCENE.frames(24, 12);
        Path good = dir.resolve("good.mp4");
        VideoExporter.export(clip, good, ExportOptions.defaults(), ProgressListener.NONE, () -> false);
        byte[] bytes = Files.readAllBytes(good);
        for (double keep : new double[] {0.02, 0.5, 0.85}) {
            Path cut = dir.resolve("cut" + (int) (keep * 100) + ".mp4");
            Files.write(cut, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
            MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(cut, ImportOptions.original()));
            assertClear(e, cut.getFileName().toString());
            assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"noise.png", "noise.jpg", "noise.mp4", "noise.gif", "noise.webm"})
    void randomBytesAreRejectedClearly(String name) throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path file = dir.resolve(name);
        Files.write(file, noise);
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(file, ImportOptions.original()));
        assertClear(e, name);
    }

    @Test
    void emptyTextMissingAndFolderGetTheirOwnMessages() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertTrue(assertThrows(MediaException.class, () -> MediaImporter.importFile(empty, ImportOptions.original()))
                .getMessage().contains("'empty.mp4' is empty"));

        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "This is a shopping list, not a video.\n".repeat(40));
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(text, ImportOptions.original()));
        assertClear(e, "notes.mp4");
        assertTrue(e.getMessage().contains("not a valid MP4 file"), e.getMessage());

        Path missing = dir.resolve("gone.mov");
        assertTrue(assertThrows(MediaException.class, () -> MediaImporter.importFile(missing, ImportOptions.original()))
                .getMessage().contains("'gone.mov' does not exist"));
        assertTrue(assertThrows(MediaException.class, () -> MediaImporter.probe(dir))
                .getMessage().contains("is a folder"));
    }

    @Test
    void audioOnlyFileHasNoPictures() throws Exception {
        Path wav = dir.resolve("tone.wav");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(wav.toFile(), 1)) {
            r.setFormat("wav");
            r.setSampleRate(8000);
            r.start();
            short[] samples = new short[8000];
            for (int i = 0; i < samples.length; i++) samples[i] = (short) (8000 * Math.sin(i * 0.3));
            r.recordSamples(8000, 1, java.nio.ShortBuffer.wrap(samples));
            r.stop();
        }
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(wav, ImportOptions.original()));
        assertClear(e, "tone.wav");
        assertTrue(e.getMessage().contains("no pictures"), e.getMessage());
    }

    /** One sentence naming the file, without FFmpeg's internals. */
    private static void assertClear(MediaException e, String fileName) {
        String m = e.getMessage();
        assertTrue(m.contains("'" + fileName + "'"), "names the file: " + m);
        assertFalse(m.contains("avformat") || m.contains("error -") || m.contains("setFormat"), "no FFmpeg internals: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    /** The stored frame a variable-rate file shows at grid slot {@code s}: the last one stored at or before it. */
    private static int shownAt(int[] at, int s) {
        int k = 0;
        while (k + 1 < at.length && at[k + 1] <= s) k++;
        return k;
    }

    /** The number of the {@link TestVideos#distinctFrame} a decoded frame is closest to. */
    private static int closest(int[] frame, int w, int h, int candidates) {
        int best = -1;
        double bestPsnr = -1;
        for (int k = 0; k < candidates; k++) {
            double p = Pixels.psnr(frame, TestVideos.distinctFrame(w, h, k));
            if (p > bestPsnr) { bestPsnr = p; best = k; }
        }
        assertTrue(bestPsnr > 20, "a frame of the file: " + bestPsnr + " dB");
        return best;
    }

    /**
     * Issue 31, point 4: a variable-rate AVI (as Cinepak captures are: a 15 fps stream that stores a picture only when
     * it changes) was refused as truncated ("only 8 of its 60 frames"). It imports by its timestamps: one frame per
     * slot of its 15 fps grid, each stored picture shown until the next, over the stream's whole length.
     */
    @Test
    void aVariableRateAviImportsByItsTimestamps() throws Exception {
        int[] at = {0, 1, 5, 6, 20, 40, 41, 59};
        Path avi = TestVideos.variableRateAvi(dir.resolve("tree.avi"), 64, 48, 15, at, 60);
        ImportedMedia m = MediaImporter.importFile(avi, ImportOptions.original());
        assertEquals(60, m.frames().frameCount(), "every slot of the 15 fps grid");
        assertEquals(60, m.info().frameCount());
        assertEquals(15, m.frames().fps(), 1e-9);
        assertEquals(4.0, m.info().durationSeconds(), 1e-6);
        for (int s = 0; s < 60; s++) {
            assertEquals(shownAt(at, s), closest(m.frames().frame(s), 64, 48, at.length), "slot " + s);
        }
        assertTrue(m.frames().frame(7) == m.frames().frame(19), "a held frame is one picture in memory");

        // A part of it, counted on the same grid (the studio's clips and the export ask for parts).
        ImportedMedia part = MediaImporter.importFile(avi, ImportOptions.original().startingAt(10).withMaxFrames(15));
        assertEquals(15, part.frames().frameCount());
        for (int s = 10; s < 25; s++) assertEquals(shownAt(at, s), closest(part.frames().frame(s - 10), 64, 48, at.length), "slot " + s);
        ImportedMedia tail = MediaImporter.importFile(avi, ImportOptions.original().startingAt(50));
        assertEquals(10, tail.frames().frameCount(), "slots 50 to 59");
        assertEquals(6, closest(tail.frames().frame(0), 64, 48, at.length), "stored frame 6 (slot 41) still showing at slot 50");
        assertEquals(7, closest(tail.frames().frame(9), 64, 48, at.length));
    }

    /** A constant-rate AVI at 23.976 fps (MPEG-4 Part 2, as cameras wrote them) comes back frame for frame, in order. */
    @Test
    void aConstantRateAviComesBackFrameForFrame() throws Exception {
        Path avi = TestVideos.mpeg4Avi(dir.resolve("camera.avi"), 96, 64, 24, 24000, 1001);
        ImportedMedia m = MediaImporter.importFile(avi, ImportOptions.original());
        assertEquals(24, m.frames().frameCount());
        assertEquals(24000 / 1001.0, m.frames().fps(), 1e-6);
        for (int f = 0; f < 24; f++) assertEquals(f, closest(m.frames().frame(f), 96, 64, 24), "frame " + f);
    }
}

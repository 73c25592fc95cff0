package cinegen.media;

import cinegen.frames.FrameSequence;
import cinegen.media.interpolate.FrameInterpolator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the media layer on generated content (a 256x256 textured moving scene): whole exports written to a
 * temporary folder, the median of a few timed runs after a warm-up. Not a test; the {@code bench} command
 * prints its result.
 */
public final class MediaBenchmark {
    static final int SIZE = 256, FRAMES = 32, RUNS = 3;

    /**
     * @param gif32x256Ms             milliseconds to export 32 frames of 256x256 as a GIF (palette, dithering, LZW, file)
     * @param mp4EncodeFps            frames per second exported to H.264 MP4 at 256x256
     * @param webmEncodeFps           frames per second exported to VP9 WebM at 256x256
     * @param mp4ImportFps            frames per second imported (decoded and converted) from that MP4
     * @param interpolationMsPerFrame milliseconds per flow-interpolated 256x256 frame (2x: both flows and the blend)
     * @param mp4Scale4Ms             milliseconds to export the 32 frames enlarged 4x (1024x1024) as MP4
     */
    public record Result(double gif32x256Ms, double mp4EncodeFps, double webmEncodeFps, double mp4ImportFps,
                         double interpolationMsPerFrame, double mp4Scale4Ms) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    media.gif_32x256_ms            %.0f
                    media.mp4_encode_fps           %.1f
                    media.webm_encode_fps          %.1f
                    media.mp4_import_fps           %.1f
                    media.interpolation_ms_frame   %.1f
                    media.mp4_scale4_ms            %.0f""",
                    gif32x256Ms, mp4EncodeFps, webmEncodeFps, mp4ImportFps, interpolationMsPerFrame, mp4Scale4Ms);
        }
    }

    private MediaBenchmark() {}

    public static Result run() throws MediaException, IOException {
        FrameSequence clip = new SyntheticScene(SIZE, SIZE, 4).frames(FRAMES, 16);
        Path dir = Files.createTempDirectory("cinegen-media-bench");
        try {
            double gifMs = medianMillis(() -> export(clip, dir.resolve("bench.gif"), ExportOptions.defaults()));
            double mp4Ms = medianMillis(() -> export(clip, dir.resolve("bench.mp4"), ExportOptions.defaults()));
            double webmMs = medianMillis(() -> export(clip, dir.resolve("bench.webm"), ExportOptions.defaults()));
            double importMs = medianMillis(() -> MediaImporter.importFile(dir.resolve("bench.mp4"), ImportOptions.original()));
            double scaleMs = medianMillis(() -> export(clip, dir.resolve("big.mp4"), ExportOptions.defaults().withScale(4)));
            FrameInterpolator interpolator = new FrameInterpolator();
            double interpMs = medianMillis(() -> interpolator.inBetween(clip.frame(3), clip.frame(4), SIZE, SIZE, 2));
            return new Result(gifMs, FRAMES * 1000 / mp4Ms, FRAMES * 1000 / webmMs, FRAMES * 1000 / importMs, interpMs, scaleMs);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void export(FrameSequence clip, Path out, ExportOptions options) throws MediaException {
        VideoExporter.export(clip, out, options, ProgressListener.NONE, () -> false);
    }

    private interface Work {
        void run() throws MediaException;
    }

    private static double medianMillis(Work work) throws MediaException {
        work.run(); // warm-up: class loading, JIT, native libraries
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run());
    }
}

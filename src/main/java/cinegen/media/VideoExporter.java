package cinegen.media;

import cinegen.frames.FrameSequence;
import cinegen.media.gif.GifEncoder;
import cinegen.media.gif.Palette;
import cinegen.media.interpolate.FrameInterpolator;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Exports frames to MP4 (H.264, yuv420p, faststart), GIF (per-clip palette), WebM (VP9) or a PNG sequence,
 * chosen by the output path (see {@link ExportFormat#forPath}). Optionally adds flow-interpolated frames,
 * changes the frame rate and enlarges with Lanczos. Reports progress with an ETA, checks for cancellation
 * between frames, and writes to a hidden temporary file that replaces the target only when complete: on
 * cancel or failure nothing is left behind. Blocking; call it from a worker thread.
 */
public final class VideoExporter {
    /** GIF delays are in hundredths of a second and browsers slow down anything under 2. */
    static final double GIF_MAX_FPS = 50;
    private static final int MAX_SIDE = 8192;
    private static final int INTERPOLATION_WEIGHT = 4; // one frame pair costs about four encoded frames

    private VideoExporter() {}

    /**
     * Checks, before any work, that an export to {@code out} could start: a format this exporter writes, and a
     * folder that exists and can be written (tried for real, with the temporary file or folder the export would
     * use, removed at once). Throws the same sentence the export itself would.
     */
    public static void checkTarget(Path out) throws MediaException {
        ExportFormat format = ExportFormat.forPath(out);
        OutputTarget.create(out, format).discard();
    }

    /** Exports one clip. */
    public static ExportResult export(FrameSequence clip, Path out, ExportOptions options, ProgressListener progress,
                                      BooleanSupplier cancelled) throws MediaException {
        return export(List.of(clip), out, options, progress, cancelled);
    }

    /**
     * Exports clips one after another (a timeline). All clips must have the same frame size; each is
     * interpolated on its own (never across a cut) and brought to the output frame rate, which is the first
     * clip's rate times the interpolation factor unless {@code options} set one.
     */
    public static ExportResult export(List<FrameSequence> clips, Path out, ExportOptions options, ProgressListener progress,
                                      BooleanSupplier cancelled) throws MediaException {
        ExportFormat format = ExportFormat.forPath(out);
        checkClips(clips);
        int w = clips.get(0).width(), h = clips.get(0).height();
        int outW = Math.max(1, (int) Math.round(w * options.scale())), outH = Math.max(1, (int) Math.round(h * options.scale()));
        if (format.needsEvenSize()) {
            outW += outW & 1;
            outH += outH & 1;
        }
        if (outW > MAX_SIDE || outH > MAX_SIDE) {
            throw new MediaException("The export would be " + outW + "x" + outH + " pixels; the largest side allowed is "
                    + MAX_SIDE + ". Choose a smaller scale.");
        }
        int factor = options.interpolation();
        double outFps = options.fps() > 0 ? options.fps() : clips.get(0).fps() * factor;
        if (format == ExportFormat.GIF) outFps = Math.min(outFps, GIF_MAX_FPS);

        int[] outCounts = new int[clips.size()];
        long units = 1;
        for (int c = 0; c < clips.size(); c++) {
            FrameSequence clip = clips.get(c);
            int interpolated = interpolatedCount(clip.frameCount(), factor);
            outCounts[c] = Math.max(1, (int) Math.round(interpolated / (clip.fps() * factor) * outFps));
            units += outCounts[c];
            if (factor > 1) units += (long) INTERPOLATION_WEIGHT * (clip.frameCount() - 1);
        }
        Progress tracker = new Progress(progress, units);

        Ffmpeg.init();
        OutputTarget target = OutputTarget.create(out, format);
        // Ctrl-C or SIGTERM: the hook stops this loop (checkCancelled), which discards the output; if that takes
        // too long the hook deletes it itself
        TempFiles.Handle onSignal = TempFiles.register(target.temporary());
        boolean committed = false;
        FrameSink sink = null;
        try {
            sink = openSink(format, target.workPath(), outW, outH, outFps, options, clips);
            FrameInterpolator interpolator = new FrameInterpolator();
            int written = 0;
            try (FrameScaler scaler = outW != w || outH != h ? new FrameScaler(w, h, outW, outH) : null) {
                for (int c = 0; c < clips.size(); c++) {
                    FrameSequence clip = clips.get(c);
                    List<int[]> frames = interpolate(clip, factor, interpolator, tracker, cancelled);
                    double clipFps = clip.fps() * factor;
                    for (int j = 0; j < outCounts[c]; j++) {
                        checkCancelled(cancelled);
                        int src = Math.min(frames.size() - 1, (int) Math.floor(j * clipFps / outFps + 1e-6));
                        int[] frame = Ffmpeg.flattenOnBlack(frames.get(src));
                        if (scaler != null) frame = scaler.scale(frame);
                        sink.accept(frame, written++);
                        tracker.advance("Encoding", 1);
                    }
                }
            }
            sink.finish();
            sink = null;
            checkCancelled(cancelled);
            target.verify(format, written, outW, outH);
            List<Path> files = target.commit(written);
            committed = true;
            long bytes = 0;
            for (Path p : files) bytes += Files.size(p);
            tracker.advance("Done", 1);
            return new ExportResult(format, files, outW, outH, outFps, written, bytes);
        } catch (FFmpegFrameRecorder.Exception e) {
            if (diskFull(target.folder(), e)) throw fullDisk(out, target.folder(), e);
            throw new MediaException("Could not encode '" + OutputTarget.display(out) + "': " + e.getMessage(), e);
        } catch (IOException e) {
            if (diskFull(target.folder(), e)) throw fullDisk(out, target.folder(), e);
            throw new MediaException("Could not write '" + OutputTarget.display(out) + "': " + e.getMessage() + ".", e);
        } finally {
            if (sink != null) sink.abort();
            if (!committed) target.discard();
            onSignal.release();
        }
    }

    /** Below this much free space a failed write is put down to a full disk. */
    private static final long FULL_DISK_BYTES = 1L << 20;

    /**
     * Whether a failed write is a full disk (or an exhausted quota): the system says so, or the disk has (almost)
     * nothing left while the failed output still takes its space.
     */
    static boolean diskFull(Path folder, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("No space left") || m.contains("ENOSPC") || m.contains("error -28") || m.contains("quota")) return true;
        }
        try {
            return Files.getFileStore(folder).getUsableSpace() < FULL_DISK_BYTES;
        } catch (IOException | RuntimeException ignored) {
            return false;
        }
    }

    private static MediaException fullDisk(Path out, Path folder, Throwable cause) {
        return new MediaException("Could not write '" + OutputTarget.display(out) + "': the disk holding '" + folder
                + "' is full. Free some space or export somewhere else; nothing was written.", cause);
    }

    private static List<int[]> interpolate(FrameSequence clip, int factor, FrameInterpolator interpolator, Progress tracker,
                                           BooleanSupplier cancelled) throws ExportCancelledException {
        if (factor == 1 || clip.frameCount() < 2) return clip.frames();
        List<int[]> out = new ArrayList<>(interpolatedCount(clip.frameCount(), factor));
        for (int i = 0; i + 1 < clip.frameCount(); i++) {
            checkCancelled(cancelled);
            out.add(clip.frame(i));
            out.addAll(interpolator.inBetween(clip.frame(i), clip.frame(i + 1), clip.width(), clip.height(), factor));
            tracker.advance("Interpolating frames", INTERPOLATION_WEIGHT);
        }
        out.add(clip.frame(clip.frameCount() - 1));
        return out;
    }

    static int interpolatedCount(int frames, int factor) {
        return frames < 2 ? frames : (frames - 1) * factor + 1;
    }

    private static void checkClips(List<FrameSequence> clips) throws MediaException {
        if (clips.isEmpty()) throw new MediaException("There is nothing to export: the timeline has no clips.");
        FrameSequence first = clips.get(0);
        for (int i = 0; i < clips.size(); i++) {
            FrameSequence c = clips.get(i);
            if (c.isEmpty()) throw new MediaException("Clip " + (i + 1) + " has no frames to export.");
            if (c.width() != first.width() || c.height() != first.height()) {
                throw new MediaException("Clip " + (i + 1) + " is " + c.width() + "x" + c.height() + " but clip 1 is "
                        + first.width() + "x" + first.height() + "; all clips of an export must have the same size.");
            }
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) throws ExportCancelledException {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted() || TempFiles.shuttingDown()) {
            throw new ExportCancelledException("The export was cancelled; nothing was written.");
        }
    }

    private static FrameSink openSink(ExportFormat format, Path work, int w, int h, double fps, ExportOptions options,
                                      List<FrameSequence> clips) throws IOException, FFmpegFrameRecorder.Exception {
        if (format == ExportFormat.GIF) {
            List<int[]> all = new ArrayList<>();
            for (FrameSequence c : clips) {
                for (int[] f : c.frames()) all.add(Ffmpeg.flattenOnBlack(f));
            }
            return new GifSink(work, w, h, fps, Palette.build(all, options.gifColors()), options);
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(work.toFile(), w, h, 0);
        recorder.setFrameRate(fps);
        recorder.setImageScalingFlags(swscale.SWS_BICUBIC | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INP);
        switch (format) {
            case MP4 -> {
                recorder.setFormat("mp4");
                recorder.setVideoCodecName("libx264");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setVideoBitrate(0);
                recorder.setVideoOption("crf", Integer.toString(options.h264Crf()));
                recorder.setVideoOption("preset", "medium");
                tagColours(recorder);
                recorder.setOption("movflags", "+faststart");
            }
            case WEBM -> {
                recorder.setFormat("webm");
                recorder.setVideoCodecName("libvpx-vp9");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setVideoBitrate(0);
                recorder.setVideoOption("crf", Integer.toString(options.vp9Crf()));
                recorder.setVideoOption("deadline", "good");
                recorder.setVideoOption("cpu-used", "4");
                recorder.setVideoOption("row-mt", "1");
                tagColours(recorder);
            }
            case PNG_SEQUENCE -> {
                recorder.setFormat("image2");
                recorder.setVideoCodecName("png");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
                recorder.setOption("start_number", "1");
            }
            default -> throw new IllegalStateException(format.toString());
        }
        try {
            recorder.start();
        } catch (FFmpegFrameRecorder.Exception | RuntimeException e) {
            recorder.release();
            throw e;
        }
        return new RecorderSink(recorder, w, h);
    }

    /** Our RGB-to-YUV conversion is swscale's BT.601 matrix on sRGB colours; say so, so players undo it exactly. */
    private static void tagColours(FFmpegFrameRecorder recorder) {
        recorder.setVideoOption("colorspace", "smpte170m");
        recorder.setVideoOption("color_primaries", "bt709");
        recorder.setVideoOption("color_trc", "bt709");
        recorder.setVideoOption("color_range", "tv");
    }

    /** Receives the final frames in order. */
    private interface FrameSink {
        void accept(int[] argb, int index) throws IOException, FFmpegFrameRecorder.Exception;

        void finish() throws IOException, FFmpegFrameRecorder.Exception;

        /** Stops after a failure or cancel, releasing native resources; never throws. */
        void abort();
    }

    private static final class RecorderSink implements FrameSink {
        private final FFmpegFrameRecorder recorder;
        private final Frame frame;

        RecorderSink(FFmpegFrameRecorder recorder, int w, int h) {
            this.recorder = recorder;
            this.frame = new Frame(w, h, Frame.DEPTH_UBYTE, 4);
        }

        @Override
        public void accept(int[] argb, int index) throws FFmpegFrameRecorder.Exception {
            Ffmpeg.fill(frame, argb);
            recorder.record(frame, Ffmpeg.ARGB_PIXEL_FORMAT);
        }

        @Override
        public void finish() throws FFmpegFrameRecorder.Exception {
            try {
                recorder.stop();
            } finally {
                recorder.release();
                frame.close();
            }
        }

        @Override
        public void abort() {
            try {
                recorder.release();
            } catch (Exception ignored) {
                // releasing after a failure; the first problem is what gets reported
            }
            frame.close();
        }
    }

    private static final class GifSink implements FrameSink {
        private final OutputStream stream;
        private final GifEncoder encoder;
        private final double fps;

        GifSink(Path file, int w, int h, double fps, Palette palette, ExportOptions options) throws IOException {
            this.stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.fps = fps;
            try {
                this.encoder = new GifEncoder(stream, w, h, palette, options.gifDither(), options.gifLoopCount());
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw e;
            }
        }

        @Override
        public void accept(int[] argb, int index) throws IOException {
            // whole centiseconds, rounded on the running clock so the mean rate stays exact
            int delay = (int) (Math.round(100.0 * (index + 1) / fps) - Math.round(100.0 * index / fps));
            encoder.addFrame(argb, Math.max(2, delay));
        }

        @Override
        public void finish() throws IOException {
            try {
                encoder.finish();
            } finally {
                stream.close();
            }
        }

        @Override
        public void abort() {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the temporary file is deleted next
            }
        }
    }

    /** Turns work units into fractions and an ETA. */
    private static final class Progress {
        private final ProgressListener listener;
        private final long total;
        private final long start = System.nanoTime();
        private long done;

        Progress(ProgressListener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        void advance(String stage, long units) {
            done = Math.min(total, done + units);
            listener.onProgress(new ExportProgress(stage, (double) done / total, java.time.Duration.ofNanos(System.nanoTime() - start)));
        }
    }
}

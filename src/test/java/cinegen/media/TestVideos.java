package cinegen.media;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.Arrays;

/** Test videos written frame by frame through FFmpeg, so they never have to fit in memory. */
public final class TestVideos {
    private TestVideos() {}

    /** The grey level frame {@code i} of {@link #greySteps} has. */
    public static int grey(int i) {
        return Math.min(255, i / 3);
    }

    /** An H.264 MP4 whose frame i is uniformly grey at level {@link #grey(int)}: a frame's number can be read back from it. */
    public static Path greySteps(Path file, int w, int h, int frames, double fps) throws Exception {
        Ffmpeg.init();
        int[] px = new int[w * h];
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libx264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoOption("preset", "ultrafast");
            r.setVideoOption("crf", "18");
            r.start();
            try (Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 4)) {
                for (int i = 0; i < frames; i++) {
                    int g = grey(i);
                    Arrays.fill(px, 0xff000000 | g << 16 | g << 8 | g);
                    Ffmpeg.fill(frame, px);
                    r.record(frame, Ffmpeg.ARGB_PIXEL_FORMAT);
                }
            }
            r.stop();
        }
        return file;
    }

    /**
     * Frame {@code i} of the distinct-frame test videos: a diagonal gradient, a bright bar that moves 23 pixels a
     * frame and a grey level that climbs, so no two frames look alike and a frame's number shows in its pixels.
     */
    public static int[] distinctFrame(int w, int h, int i) {
        int[] px = new int[w * h];
        int bar = (i * 23) % w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + i * 7) & 0xff, g = (y * 255 / h) & 0xff, b = (40 + i * 11) & 0xff;
                if (Math.abs(x - bar) < 12) r = g = b = 250;
                px[y * w + x] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        return px;
    }

    /**
     * An MPEG-4 Part 2 AVI (as cameras and DivX wrote them) of {@link #distinctFrame}s at exactly {@code num/den} frames
     * per second, e.g. 24000/1001 (23.976).
     */
    public static Path mpeg4Avi(Path file, int w, int h, int frames, int num, int den) throws Exception {
        Ffmpeg.init();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("avi");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate((double) num / den);
            r.setVideoQuality(3);
            r.setGopSize(12);
            r.start();
            for (int i = 0; i < frames; i++) r.record(Ffmpeg.toFrame(distinctFrame(w, h, i), w, h), Ffmpeg.ARGB_PIXEL_FORMAT);
            r.stop();
        }
        return file;
    }

    /**
     * A variable-frame-rate AVI, as Cinepak captures were: the stream runs at {@code fps}, but a frame is stored only
     * at the given grid positions {@code at} (ascending, the first 0); the slots between them hold no picture, so each
     * stored frame is shown until the next one. {@code totalSlots} is the stream's length in slots.
     */
    public static Path variableRateAvi(Path file, int w, int h, int fps, int[] at, int totalSlots) throws Exception {
        Ffmpeg.init();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("avi");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoQuality(3);
            r.start();
            for (int k = 0; k < at.length; k++) {
                r.setFrameNumber(at[k]);
                r.record(Ffmpeg.toFrame(distinctFrame(w, h, k), w, h), Ffmpeg.ARGB_PIXEL_FORMAT);
            }
            r.stop();
        }
        return file;
    }
}

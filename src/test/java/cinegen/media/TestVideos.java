package cinegen.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.Arrays;

/** Long test videos written frame by frame, so they never have to fit in memory. */
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
}

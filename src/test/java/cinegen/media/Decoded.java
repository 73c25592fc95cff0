package cinegen.media;

import cinegen.frames.FrameSequence;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file decoded straight through FFmpeg, independent of {@link MediaImporter}: the frames, the mean frame
 * rate from the frame timestamps, and the codec and pixel format the stream declares.
 */
record Decoded(FrameSequence frames, double timestampFps, String codec, String pixelFormat) {

    static Decoded read(Path file) throws Exception {
        Ffmpeg.init();
        List<int[]> frames = new ArrayList<>();
        List<Long> stamps = new ArrayList<>();
        int w, h;
        String codec, pixelFormat;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            codec = g.getVideoCodecName();
            // the pixel format the stream itself declares, before any conversion
            int declared = g.getFormatContext().streams(g.getVideoStream()).codecpar().format();
            pixelFormat = avutil.av_get_pix_fmt_name(declared).getString();
            w = g.getImageWidth();
            h = g.getImageHeight();
            g.stop();
            g.setPixelFormat(Ffmpeg.ARGB_PIXEL_FORMAT);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                frames.add(Ffmpeg.toArgb(f));
                stamps.add(g.getTimestamp());
            }
        }
        double fps = stamps.size() > 1 ? (stamps.size() - 1) * 1e6 / (stamps.get(stamps.size() - 1) - stamps.get(0)) : 0;
        return new Decoded(new FrameSequence(w, h, fps > 0 ? fps : 1, frames), fps, codec, pixelFormat);
    }
}

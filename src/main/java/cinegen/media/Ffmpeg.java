package cinegen.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * Shared FFmpeg plumbing: quiet logging and conversions between our ARGB ints and JavaCV frames.
 * Our packed 0xAARRGGBB ints, stored little-endian, are FFmpeg's {@code BGRA} byte layout, so pixels are
 * copied as ints with no per-channel work.
 */
final class Ffmpeg {
    /** FFmpeg's pixel format whose bytes match our ARGB ints on a little-endian machine. */
    static final int ARGB_PIXEL_FORMAT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_ARGB;

    private static volatile boolean initialised;

    private Ffmpeg() {}

    /** Loads the natives once and keeps FFmpeg's own log off the console (set -Dcinegen.ffmpeg.log=true to see it). */
    static void init() {
        if (initialised) return;
        synchronized (Ffmpeg.class) {
            if (initialised) return;
            avutil.av_log_set_level(Boolean.getBoolean("cinegen.ffmpeg.log") ? avutil.AV_LOG_INFO : avutil.AV_LOG_QUIET);
            initialised = true;
        }
    }

    /** Reads a frame decoded as {@link #ARGB_PIXEL_FORMAT} into packed ARGB ints. */
    static int[] toArgb(Frame frame) {
        int w = frame.imageWidth, h = frame.imageHeight;
        int[] out = new int[w * h];
        ByteBuffer bytes = ((ByteBuffer) frame.image[0]).duplicate().order(ByteOrder.nativeOrder());
        int strideBytes = frame.imageStride; // elements are bytes for DEPTH_UBYTE
        for (int y = 0; y < h; y++) {
            bytes.limit(y * strideBytes + w * 4).position(y * strideBytes);
            bytes.slice().order(ByteOrder.nativeOrder()).asIntBuffer().get(out, y * w, w);
        }
        return out;
    }

    /** A new 4-channel frame holding {@code argb}, to be recorded with {@link #ARGB_PIXEL_FORMAT}. */
    static Frame toFrame(int[] argb, int w, int h) {
        Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 4);
        fill(frame, argb);
        return frame;
    }

    /** Copies {@code argb} into a 4-channel frame of the same size. */
    static void fill(Frame frame, int[] argb) {
        int w = frame.imageWidth, h = frame.imageHeight;
        ByteBuffer bytes = ((ByteBuffer) frame.image[0]).duplicate().order(ByteOrder.nativeOrder());
        int strideBytes = frame.imageStride;
        if (strideBytes == w * 4) {
            bytes.clear();
            bytes.asIntBuffer().put(argb, 0, w * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            bytes.limit(y * strideBytes + w * 4).position(y * strideBytes);
            IntBuffer row = bytes.slice().order(ByteOrder.nativeOrder()).asIntBuffer();
            row.put(argb, y * w, w);
        }
    }

    /** Composites possibly transparent ARGB over black: what every export format shows. */
    static int[] flattenOnBlack(int[] argb) {
        boolean opaque = true;
        for (int p : argb) {
            if ((p >>> 24) != 0xff) { opaque = false; break; }
        }
        if (opaque) return argb;
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i], a = p >>> 24;
            int r = ((p >> 16) & 0xff) * a / 255, g = ((p >> 8) & 0xff) * a / 255, b = (p & 0xff) * a / 255;
            out[i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }
}

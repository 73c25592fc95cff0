package cinegen.media;

import cinegen.frames.MediaKind;
import cinegen.frames.FrameSequence;
import cinegen.frames.Resample;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads images (PNG, JPEG, BMP, WebP) and videos (MP4, WebM, AVI, MOV, animated GIF) into frames through
 * FFmpeg. Every problem with the file comes back as one {@link MediaException} naming the file; decoding is
 * bounded by the frame limit and a memory budget, so a huge or broken file cannot hang or exhaust the studio.
 */
public final class MediaImporter {
    static final String SUPPORTED = "PNG, JPEG, BMP, WebP, MP4, WebM, AVI, MOV or GIF";
    /** At most this share of the maximum heap may hold the imported frames. */
    private static final double MEMORY_SHARE = 0.25;

    private MediaImporter() {}

    /** Pictures (and video frames) larger than this are never decoded: 50 megapixels, e.g. 8660x5773. */
    static final long MAX_PIXELS = 50_000_000L;
    /** Heap bytes one pixel may need while it is imported: the decoded frame, a resized copy and a mask of it. */
    private static final int BYTES_PER_PIXEL = 16;

    /**
     * The largest picture, in pixels, that is decoded: {@link #MAX_PIXELS}, or less when the heap is too small to
     * hold such a picture a few times over. Checked from the file's header, before any pixel is decoded.
     */
    public static long maxPixels() {
        return Math.min(MAX_PIXELS, Runtime.getRuntime().maxMemory() / BYTES_PER_PIXEL);
    }

    /** Reads what the file says about itself without decoding all of it. */
    public static MediaInfo probe(Path file) throws MediaException {
        checkReadable(file);
        checkStill(file);
        FFmpegFrameGrabber grabber = open(file);
        try {
            return describe(grabber, -1, false);
        } finally {
            close(grabber);
        }
    }

    /** Decodes the file into frames, resized and limited as {@code options} say. */
    public static ImportedMedia importFile(Path file, ImportOptions options) throws MediaException {
        checkReadable(file);
        checkStill(file);
        FFmpegFrameGrabber grabber = open(file);
        try {
            return decode(file, grabber, options, true);
        } finally {
            close(grabber);
        }
    }

    /**
     * Reads the whole file as {@link #importFile} would, holding no frame: what it really holds (the exact frame
     * count, rate and duration on its frame grid), or the sentence {@link #importFile} would refuse it with. The
     * studio scans a file before adding it to the bin. Bounded like an import, except by memory, which it does not use.
     */
    public static MediaInfo scan(Path file) throws MediaException {
        checkReadable(file);
        checkStill(file);
        FFmpegFrameGrabber grabber = open(file);
        try {
            return decode(file, grabber, ImportOptions.original(), false).info();
        } finally {
            close(grabber);
        }
    }

    /** The fastest frame rate decoded frames are placed on by their timestamps; a file claiming more is taken frame by frame. */
    static final double MAX_GRID_FPS = 240;

    private static ImportedMedia decode(Path file, FFmpegFrameGrabber grabber, ImportOptions options, boolean keep) throws MediaException {
        String name = file.getFileName().toString();
        int srcW = grabber.getImageWidth(), srcH = grabber.getImageHeight();
        int outW = options.resizes() ? options.targetWidth() : srcW;
        int outH = options.resizes() ? options.targetHeight() : srcH;
        long budgetFrames = keep ? Math.max(1, (long) (Runtime.getRuntime().maxMemory() * MEMORY_SHARE) / (4L * outW * outH)) : Long.MAX_VALUE;
        int limit = options.maxFrames() > 0 ? options.maxFrames() : Integer.MAX_VALUE;
        int first = options.firstFrame();
        boolean crop = options.resize() == ImportOptions.Resize.CROP;
        String container = grabber.getFormat() == null ? "" : grabber.getFormat();
        // Frames are placed on the stream's frame grid by their timestamps (decision 107): a frame whose successor
        // comes more than a period later is shown, as a player shows it, until that successor, so a variable-rate
        // file (a Cinepak capture, a phone video) keeps its timing at a constant rate. A constant-rate file has one
        // frame per slot, exactly as decoded. GIF keeps its frame-by-frame import at the mean rate.
        double rate = nominalRate(grabber);
        boolean onGrid = !isStillContainer(container) && !isVariableRate(container) && rate > 0 && rate <= MAX_GRID_FPS;

        Slots out = new Slots(name, first, limit, budgetFrames, outW, outH, crop, keep);
        long firstTimestamp = -1, lastTimestamp = -1;
        boolean gaps = false;
        int decoded = 0;
        int slot = -1; // the slot of the last decoded frame
        while (!out.full) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (Exception e) {
                if (decoded == 0) throw unreadable(name, e);
                throw new MediaException("'" + name + "' is damaged after frame " + (slot + 1) + "; it may be truncated.", e);
            }
            if (frame == null) break;
            if (frame.image == null || frame.imageWidth <= 0 || frame.imageHeight <= 0) continue;
            long ts = grabber.getTimestamp();
            int at = slot + 1;
            if (onGrid && firstTimestamp >= 0 && ts > firstTimestamp) {
                at = (int) Math.max(slot + 1, Math.min(Integer.MAX_VALUE - 1L, Math.round((ts - firstTimestamp) * rate / 1e6)));
            }
            if (at > slot + 1) gaps = true;
            out.hold(slot + 1, at); // the frame before this one shows until this one
            if (out.full) break;
            if (firstTimestamp < 0) firstTimestamp = ts;
            lastTimestamp = ts;
            decoded++;
            slot = at;
            out.put(slot, frame, onGrid);
        }
        int slots = slot + 1;
        if (!out.full && gaps) {
            // A variable-rate stream: its last frame shows until the stream ends.
            int end = (int) Math.max(slots, Math.min(Integer.MAX_VALUE - 1L, Math.round(videoDuration(grabber, slots / rate) * rate)));
            out.hold(slots, end);
            if (!out.full) slots = end;
        }
        boolean hitLimit = out.full;
        List<int[]> frames = out.frames;
        if (out.count == 0 && decoded > 0 && slots <= first) {
            throw new MediaException("'" + name + "' has only " + slots + " frames, so there is no frame " + first
                    + " to start from; the file may have changed since it was imported.");
        }
        if (out.count == 0) {
            throw new MediaException("'" + name + "' holds no picture that can be decoded; it is damaged or not a supported "
                    + "image or video (" + SUPPORTED + ").");
        }
        int total = first + out.count;
        MediaInfo info = describe(grabber, hitLimit ? -1 : total, true);
        // Truncation: fewer frames than the container records. An AVI records its skipped slots too (a variable-rate
        // AVI stores empty chunks for them), so there, once frames are held, the timestamps are trusted instead.
        if (!hitLimit && !(gaps && container.equals("avi"))) {
            int declared = declaredFrameCount(grabber);
            int read = gaps ? decoded : total;
            if (declared > 0 && read < declared - 1) {
                throw new MediaException("'" + name + "' is truncated or damaged: only " + read + " of its "
                        + declared + " frames could be read.");
            }
        }
        double fps = info.fps();
        if (gaps) {
            fps = rate;
            info = new MediaInfo(info.kind(), info.container(), info.codec(), info.width(), info.height(),
                    fps, hitLimit ? info.durationSeconds() : total / fps, hitLimit ? info.frameCount() : total);
        } else if (info.kind() == MediaKind.VIDEO && decoded > 1 && lastTimestamp > firstTimestamp
                && (fps <= 0 || isVariableRate(info.container()))) {
            // Variable-rate containers (GIF): the mean rate over the decoded frames.
            fps = (decoded - 1) * 1_000_000.0 / (lastTimestamp - firstTimestamp);
            info = new MediaInfo(info.kind(), info.container(), info.codec(), info.width(), info.height(),
                    fps, hitLimit ? info.durationSeconds() : total / fps, info.frameCount());
        }
        double sequenceFps = info.kind() == MediaKind.IMAGE || !(fps > 0) ? 1 : fps;
        return new ImportedMedia(new FrameSequence(outW, outH, sequenceFps, frames), info);
    }

    /**
     * The output frames of an import: slots from {@code first} on, at most {@code limit}. A decoded frame is put at
     * its slot and held for the slots after it that no frame of its own fills (they share its pixels, so a held
     * frame costs its memory once). A frame before {@code first} is kept, unscaled, only while it may still be
     * showing when the part asked for starts.
     */
    private static final class Slots {
        /** What a scan holds in place of a frame's pixels. */
        static final int[] SCANNED = new int[0];
        final List<int[]> frames = new ArrayList<>();
        final String name;
        final int first, limit, outW, outH;
        final long budget;
        final boolean crop, keep;
        boolean full;
        /** Slots filled (kept or, in a scan, only counted). */
        int count;
        private int distinct;
        private int[] held, heldRaw;
        private int heldW, heldH;

        Slots(String name, int first, int limit, long budget, int outW, int outH, boolean crop, boolean keep) {
            this.name = name; this.first = first; this.limit = limit; this.budget = budget;
            this.outW = outW; this.outH = outH; this.crop = crop; this.keep = keep;
        }

        /** Fills slots [from, to) with the frame held. */
        void hold(int from, int to) throws MediaException {
            for (int s = Math.max(from, first); s < to; s++) {
                if (held == null && heldRaw == null) return;
                if (count >= limit) { full = true; return; }
                if (held == null) {
                    held = scaled(heldRaw, heldW, heldH);
                    heldRaw = null;
                }
                add(held);
            }
        }

        /** Puts a decoded frame at {@code slot}; keeps it for holding. */
        void put(int slot, Frame frame, boolean mayBeHeld) throws MediaException {
            held = null;
            heldRaw = null;
            if (slot >= first) {
                if (count >= limit) { full = true; return; }
                held = keep ? scaled(Ffmpeg.toArgb(frame), frame.imageWidth, frame.imageHeight) : SCANNED;
                add(held);
            } else if (mayBeHeld) {
                heldRaw = keep ? Ffmpeg.toArgb(frame) : SCANNED;
                heldW = frame.imageWidth;
                heldH = frame.imageHeight;
            }
        }

        private void add(int[] frame) {
            count++;
            if (keep) frames.add(frame);
        }

        private int[] scaled(int[] argb, int w, int h) throws MediaException {
            if (!keep) return SCANNED;
            if (++distinct > budget) {
                throw new MediaException("'" + name + "' is too long to hold in memory at " + outW + "x" + outH
                        + ": more than " + budget + " frames would be needed; use a shorter part of it.");
            }
            return w == outW && h == outH ? argb : Resample.resizeArgb(argb, w, h, outW, outH, crop);
        }
    }

    /** The stream's own frame rate (the mean the container records), or 0 when it records none. */
    private static double nominalRate(FFmpegFrameGrabber grabber) {
        double fps = grabber.getVideoFrameRate();
        if (!(fps > 0) || Double.isInfinite(fps)) fps = grabber.getFrameRate();
        return fps > 0 && !Double.isInfinite(fps) ? fps : 0;
    }

    /** The video stream's duration in seconds as the container records it, or {@code fallback}. */
    private static double videoDuration(FFmpegFrameGrabber grabber, double fallback) {
        int index = grabber.getVideoStream();
        if (index >= 0 && grabber.getFormatContext() != null) {
            AVStream stream = grabber.getFormatContext().streams(index);
            if (stream != null && stream.duration() > 0 && stream.duration() != avutil.AV_NOPTS_VALUE && stream.time_base().den() > 0) {
                return stream.duration() * (double) stream.time_base().num() / stream.time_base().den();
            }
        }
        long micros = grabber.getLengthInTime();
        return micros > 0 ? Math.max(fallback, micros / 1e6) : fallback;
    }

    private static boolean isVariableRate(String container) {
        return container.equals("gif");
    }

    private static MediaInfo describe(FFmpegFrameGrabber grabber, int decodedFrames, boolean decoded) {
        String container = grabber.getFormat() == null ? "" : grabber.getFormat();
        String codec = grabber.getVideoCodecName() == null ? "" : grabber.getVideoCodecName();
        boolean still = isStillContainer(container) || (container.equals("gif") && decoded && decodedFrames == 1);
        if (still) {
            return new MediaInfo(MediaKind.IMAGE, container, codec, grabber.getImageWidth(), grabber.getImageHeight(), 0, 0, 1);
        }
        double fps = grabber.getVideoFrameRate();
        if (!(fps > 0) || Double.isInfinite(fps)) fps = grabber.getFrameRate();
        if (!(fps > 0) || Double.isInfinite(fps)) fps = 0;
        double duration = Math.max(0, grabber.getLengthInTime() / 1e6);
        int count;
        if (decodedFrames > 0) {
            count = decodedFrames;
            if (fps > 0) duration = count / fps;
        } else {
            int declared = declaredFrameCount(grabber);
            count = declared > 0 ? declared : (int) Math.round(duration * fps);
        }
        return new MediaInfo(MediaKind.VIDEO, container, codec, grabber.getImageWidth(), grabber.getImageHeight(), fps, duration, count);
    }

    private static boolean isStillContainer(String container) {
        return container.equals("image2") || container.endsWith("_pipe");
    }

    /** The frame count the container itself records (exact in MP4, MOV, AVI), or 0 when it records none. */
    private static int declaredFrameCount(FFmpegFrameGrabber grabber) {
        int index = grabber.getVideoStream();
        if (index < 0 || grabber.getFormatContext() == null) return 0;
        AVStream stream = grabber.getFormatContext().streams(index);
        long n = stream == null ? 0 : stream.nb_frames();
        return n > 0 && n < Integer.MAX_VALUE ? (int) n : 0;
    }

    static void checkReadable(Path file) throws MediaException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.exists(file)) throw new MediaException("'" + name + "' does not exist.");
        if (Files.isDirectory(file)) throw new MediaException("'" + name + "' is a folder, not an image or video file.");
        if (!Files.isRegularFile(file)) {
            // FFmpeg would wait forever on a pipe nobody writes to
            throw new MediaException("'" + name + "' is " + specialKind(file) + ", not an image or video file; save what it"
                    + " carries to a file and import that.");
        }
        if (!Files.isReadable(file)) throw new MediaException("'" + name + "' cannot be read (no permission).");
        try {
            if (Files.size(file) == 0) throw new MediaException("'" + name + "' is empty.");
        } catch (java.io.IOException e) {
            throw new MediaException("'" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static String specialKind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe";
                case 0020000, 0060000 -> "a device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a named pipe, device or socket";
        }
    }

    /**
     * A still image is checked from its header before FFmpeg sees it (issue 32): a picture too large to decode is
     * refused with its size, and a file cut short is refused instead of being decoded with the rest filled in.
     */
    private static void checkStill(Path file) throws MediaException {
        String name = file.getFileName().toString();
        Optional<StillImages.Header> header;
        try {
            header = StillImages.read(file);
        } catch (IOException e) {
            throw new MediaException("'" + name + "' cannot be read: " + e.getMessage(), e);
        }
        if (header.isEmpty()) return;
        StillImages.Header h = header.get();
        if (h.width() > 0 && h.height() > 0) checkSize(name, h.format() + " picture", h.width(), h.height());
        if (h.truncation() != null) {
            throw new MediaException("'" + name + "' is truncated: " + h.truncation() + ", so part of the picture is missing;"
                    + " it was probably not copied or downloaded completely.");
        }
    }

    private static void checkSize(String name, String what, long width, long height) throws MediaException {
        long pixels = width * height, max = maxPixels();
        if (pixels > max) {
            throw new MediaException("'" + name + "' is a " + what + " of " + width + "x" + height + " pixels (" + megapixels(pixels)
                    + " megapixels); the largest that can be imported is " + megapixels(max) + " megapixels. Scale it down first.");
        }
    }

    private static String megapixels(long pixels) {
        return pixels >= 10_000_000 ? Long.toString(pixels / 1_000_000) : String.format(Locale.ROOT, "%.1f", pixels / 1e6);
    }

    private static FFmpegFrameGrabber open(Path file) throws MediaException {
        Ffmpeg.init();
        String name = file.getFileName().toString();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(Ffmpeg.ARGB_PIXEL_FORMAT);
        try {
            grabber.start();
        } catch (Exception e) {
            close(grabber);
            throw unreadable(name, e);
        }
        if (grabber.getVideoStream() < 0) {
            close(grabber);
            throw new MediaException("'" + name + "' has no pictures (an audio-only file?); use " + SUPPORTED + ".");
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            close(grabber);
            throw unreadable(name, null);
        }
        try {
            checkSize(name, "video or picture", grabber.getImageWidth(), grabber.getImageHeight());
        } catch (MediaException e) {
            close(grabber);
            throw e;
        }
        return grabber;
    }

    private static MediaException unreadable(String name, Throwable cause) {
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT) : "";
        String what = ext.isEmpty() ? "a supported image or video" : "a valid " + ext + " file";
        return new MediaException("'" + name + "' cannot be read: it is damaged, truncated or not " + what
                + " (supported: " + SUPPORTED + ").", cause);
    }

    private static void close(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // Releasing after a failure; the original problem is what the caller reports.
        }
    }
}

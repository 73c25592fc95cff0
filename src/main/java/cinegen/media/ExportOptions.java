package cinegen.media;

import cinegen.media.gif.GifDither;

/**
 * How to export.
 *
 * @param scale         size factor applied with a Lanczos filter (0.25 to 8; our native frames are small, so 2
 *                      or 4 is common); MP4 and WebM sizes are then rounded up to even numbers
 * @param fps           output frame rate (0 = the clip's rate times the interpolation factor); frames are
 *                      repeated or dropped to reach it. GIF caps it at 50, the fastest rate browsers honour
 * @param interpolation 1 (off), 2 or 4: flow-based in-between frames before any rate change
 * @param quality       1 to 100. MP4: CRF 40 (1) to 12 (100); WebM: CRF 55 to 10; GIF: 19 to 255 colours;
 *                      PNG is lossless and ignores it
 * @param gifDither     how GIF renders colours between palette entries
 * @param gifLoopCount  0 loops forever; n > 0 repeats n more times; -1 plays once
 */
public record ExportOptions(double scale, double fps, int interpolation, int quality, GifDither gifDither, int gifLoopCount) {
    public static final double MAX_SCALE = 8;
    public static final double MAX_FPS = 120;

    public ExportOptions {
        if (!(scale >= 0.25 && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("The scale must be between 0.25 and " + (int) MAX_SCALE + ", got " + scale + ".");
        }
        if (!(fps == 0 || (fps >= 1 && fps <= MAX_FPS))) {
            throw new IllegalArgumentException("The frame rate must be between 1 and " + (int) MAX_FPS + " (or 0 for the clip's own), got " + fps + ".");
        }
        if (interpolation != 1 && interpolation != 2 && interpolation != 4) {
            throw new IllegalArgumentException("Interpolation must be 2 or 4 (or 1 for none), got " + interpolation + ".");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("Quality must be between 1 and 100, got " + quality + ".");
        }
        if (gifLoopCount < -1 || gifLoopCount > 65535) {
            throw new IllegalArgumentException("The GIF loop count must be between -1 and 65535, got " + gifLoopCount + ".");
        }
        if (gifDither == null) gifDither = GifDither.BAYER;
    }

    /** Native size, the clip's frame rate, no interpolation, quality 80, Bayer dithering, endless loop. */
    public static ExportOptions defaults() {
        return new ExportOptions(1, 0, 1, 80, GifDither.BAYER, 0);
    }

    public ExportOptions withScale(double value) { return new ExportOptions(value, fps, interpolation, quality, gifDither, gifLoopCount); }
    public ExportOptions withFps(double value) { return new ExportOptions(scale, value, interpolation, quality, gifDither, gifLoopCount); }
    public ExportOptions withInterpolation(int value) { return new ExportOptions(scale, fps, value, quality, gifDither, gifLoopCount); }
    public ExportOptions withQuality(int value) { return new ExportOptions(scale, fps, interpolation, value, gifDither, gifLoopCount); }
    public ExportOptions withGifDither(GifDither value) { return new ExportOptions(scale, fps, interpolation, quality, value, gifLoopCount); }
    public ExportOptions withGifLoopCount(int value) { return new ExportOptions(scale, fps, interpolation, quality, gifDither, value); }

    int h264Crf() { return (int) Math.round(40 - 28 * (quality - 1) / 99.0); }
    int vp9Crf() { return (int) Math.round(55 - 45 * (quality - 1) / 99.0); }
    int gifColors() { return Math.min(255, 16 + 3 * quality); }
}

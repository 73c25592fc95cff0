package cinegen.media.gif;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an animated GIF89a with one global palette for the whole clip. Frames after the first only carry
 * the pixels that changed (a bounding rectangle, unchanged pixels transparent, "do not dispose"), which keeps
 * files small for mostly static scenes. Loop count goes into the NETSCAPE2.0 extension. Not thread-safe.
 */
public final class GifEncoder {
    /** Palette index reserved for "unchanged since the previous frame". */
    private static final int TRANSPARENT = 255;
    private static final int[][] BAYER8 = bayer8();

    private final OutputStream out;
    private final int width, height;
    private final Palette palette;
    private final GifDither dither;
    private final LzwEncoder lzw = new LzwEncoder();
    /** Ordered-dither offsets scaled to the palette's spacing, so the pattern spans about one colour step. */
    private final int[][] bayer;
    private byte[] previous;
    private byte[] current;
    private int frames;
    private boolean finished;

    /**
     * Writes the header at once.
     *
     * @param loopCount 0 loops forever; n > 0 is written as the NETSCAPE2.0 repeat count n (browsers show the
     *                  clip n + 1 times); -1 writes no loop extension, so the clip plays once
     */
    public GifEncoder(OutputStream out, int width, int height, Palette palette, GifDither dither, int loopCount) throws IOException {
        if (width <= 0 || height <= 0 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("GIF frames must be 1 to 65535 pixels wide and high, got " + width + "x" + height);
        }
        if (loopCount < -1 || loopCount > 65535) throw new IllegalArgumentException("GIF loop count must be -1 to 65535, got " + loopCount);
        this.out = out;
        this.width = width;
        this.height = height;
        this.palette = palette;
        this.dither = dither;
        this.bayer = scaled(BAYER8, palette.meanSpacing());
        out.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        writeShort(width);
        writeShort(height);
        out.write(0xf7); // global colour table of 256 entries, 8 bits per primary
        out.write(0);    // background colour index
        out.write(0);    // square pixels
        for (int i = 0; i < 256; i++) {
            int c = i < palette.size() ? palette.color(i) : 0;
            out.write((c >> 16) & 0xff);
            out.write((c >> 8) & 0xff);
            out.write(c & 0xff);
        }
        if (loopCount >= 0) {
            out.write(new byte[] {0x21, (byte) 0xff, 0x0b});
            out.write("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x03, 0x01});
            writeShort(loopCount);
            out.write(0);
        }
    }

    /** Adds one frame (ARGB, alpha ignored) shown for {@code delayCentiseconds}. */
    public void addFrame(int[] argb, int delayCentiseconds) throws IOException {
        if (finished) throw new IllegalStateException("the GIF is already finished");
        if (argb.length != width * height) throw new IllegalArgumentException("frame size does not match the GIF");
        current = quantize(argb, current == null || current == previous ? new byte[argb.length] : current);
        int x0 = 0, y0 = 0, x1 = width - 1, y1 = height - 1;
        boolean transparent = previous != null;
        if (transparent) {
            x0 = width; y0 = height; x1 = -1; y1 = -1;
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int x = 0; x < width; x++) {
                    if (current[row + x] != previous[row + x]) {
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                    }
                }
            }
            if (x1 < 0) { x0 = 0; y0 = 0; x1 = 0; y1 = 0; } // nothing changed: one transparent pixel
        }
        int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
        byte[] rect = new byte[rw * rh];
        for (int y = 0; y < rh; y++) {
            int src = (y + y0) * width + x0;
            for (int x = 0; x < rw; x++) {
                byte c = current[src + x];
                rect[y * rw + x] = transparent && c == previous[src + x] ? (byte) TRANSPARENT : c;
            }
        }
        // graphic control extension: do not dispose, optional transparency, delay
        out.write(new byte[] {0x21, (byte) 0xf9, 0x04, (byte) ((1 << 2) | (transparent ? 1 : 0))});
        writeShort(Math.max(0, Math.min(65535, delayCentiseconds)));
        out.write(transparent ? TRANSPARENT : 0);
        out.write(0);
        // image descriptor: no local colour table, not interlaced
        out.write(0x2c);
        writeShort(x0);
        writeShort(y0);
        writeShort(rw);
        writeShort(rh);
        out.write(0);
        lzw.encode(rect, rect.length, out);
        byte[] swap = previous;
        previous = current;
        current = swap;
        frames++;
    }

    /** Writes the trailer. The stream is left open. */
    public void finish() throws IOException {
        if (finished) return;
        if (frames == 0) throw new IllegalStateException("a GIF needs at least one frame");
        out.write(0x3b);
        out.flush();
        finished = true;
    }

    private byte[] quantize(int[] argb, byte[] idx) {
        switch (dither) {
            case NONE -> {
                for (int i = 0; i < argb.length; i++) {
                    int p = argb[i];
                    idx[i] = (byte) palette.nearest((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
                }
            }
            case BAYER -> {
                for (int y = 0; y < height; y++) {
                    int[] row = bayer[y & 7];
                    for (int x = 0; x < width; x++) {
                        int i = y * width + x, p = argb[i], d = row[x & 7];
                        idx[i] = (byte) palette.nearest(clamp(((p >> 16) & 0xff) + d), clamp(((p >> 8) & 0xff) + d), clamp((p & 0xff) + d));
                    }
                }
            }
            case FLOYD_STEINBERG -> floydSteinberg(argb, idx);
        }
        return idx;
    }

    /** Serpentine Floyd–Steinberg; errors are kept in 1/16 units. */
    private void floydSteinberg(int[] argb, byte[] idx) {
        int[] errCur = new int[(width + 2) * 3], errNext = new int[(width + 2) * 3];
        for (int y = 0; y < height; y++) {
            boolean ltr = (y & 1) == 0;
            int dir = ltr ? 1 : -1;
            java.util.Arrays.fill(errNext, 0);
            for (int k = 0; k < width; k++) {
                int x = ltr ? k : width - 1 - k;
                int i = y * width + x, p = argb[i], e = (x + 1) * 3;
                int r = clamp(((p >> 16) & 0xff) + (errCur[e] + 8 >> 4));
                int g = clamp(((p >> 8) & 0xff) + (errCur[e + 1] + 8 >> 4));
                int b = clamp((p & 0xff) + (errCur[e + 2] + 8 >> 4));
                int q = palette.nearest(r, g, b);
                idx[i] = (byte) q;
                int c = palette.color(q);
                int[] err = {r - ((c >> 16) & 0xff), g - ((c >> 8) & 0xff), b - (c & 0xff)};
                for (int ch = 0; ch < 3; ch++) {
                    int v = err[ch];
                    errCur[e + dir * 3 + ch] += v * 7;
                    errNext[e - dir * 3 + ch] += v * 3;
                    errNext[e + ch] += v * 5;
                    errNext[e + dir * 3 + ch] += v;
                }
            }
            int[] swap = errCur;
            errCur = errNext;
            errNext = swap;
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private void writeShort(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
    }

    /** The 8x8 Bayer matrix: thresholds 0..63. */
    private static int[][] bayer8() {
        int[][] m = {{0}};
        for (int size = 1; size < 8; size *= 2) {
            int[][] next = new int[size * 2][size * 2];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = m[y][x] * 4;
                    next[y][x] = v;
                    next[y][x + size] = v + 2;
                    next[y + size][x] = v + 3;
                    next[y + size][x + size] = v + 1;
                }
            }
            m = next;
        }
        return m;
    }

    /** Thresholds as offsets centred on zero spanning {@code spread} levels (kept between 4 and 64). */
    private static int[][] scaled(int[][] thresholds, double spread) {
        double s = Math.max(4, Math.min(64, spread));
        int[][] offsets = new int[8][8];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) offsets[y][x] = (int) Math.round(((thresholds[y][x] + 0.5) / 64 - 0.5) * s);
        }
        return offsets;
    }
}

package cinegen.media;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads what a still image says about itself (format, width, height) from its first bytes, and whether the file
 * holds all of it, without decoding a pixel: so a picture too large to decode is refused before FFmpeg allocates
 * its frame, and a cut-off file is refused instead of being filled in with grey or green (issue 32).
 * Knows PNG, JPEG, GIF, BMP and WebP by their signatures; anything else (videos) is left to FFmpeg.
 */
final class StillImages {
    /**
     * @param truncation why the file is incomplete (what is missing), or null when it is complete or cannot tell
     */
    record Header(String format, int width, int height, String truncation) {
        long pixels() { return (long) width * height; }
    }

    private StillImages() {}

    /** The header of a still image, or empty when the file does not start like one this class knows. */
    static Optional<Header> read(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[32];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && u8(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return Optional.of(png(file, size));
        if (n >= 3 && u8(head, 0) == 0xff && u8(head, 1) == 0xd8 && u8(head, 2) == 0xff) return Optional.of(jpeg(file));
        if (n >= 10 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
            return Optional.of(new Header("GIF", le16(head, 6), le16(head, 8), null));
        }
        if (n >= 26 && head[0] == 'B' && head[1] == 'M') return Optional.of(bmp(head, size));
        if (n >= 30 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return webp(head, size);
        }
        return Optional.empty();
    }

    /** Walks the chunks (skipping their data) to IEND; the size is in IHDR, the first chunk. */
    private static Header png(Path file, long size) throws IOException {
        try (InputStream raw = Files.newInputStream(file); BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
            skip(in, 8);
            int width = 0, height = 0;
            boolean first = true;
            long pos = 8;
            while (true) {
                if (pos + 12 > size) return new Header("PNG", width, height, "it ends before its IEND chunk");
                long length = readInt(in) & 0xffffffffL;
                byte[] type = in.readNBytes(4);
                pos += 8;
                String t = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (first) {
                    if (!t.equals("IHDR") || length < 8) return new Header("PNG", 0, 0, null); // let the decoder say what is wrong
                    width = readInt(in);
                    height = readInt(in);
                    skip(in, length - 8);
                    first = false;
                } else {
                    if (pos + length + 4 > size) return new Header("PNG", width, height, "its " + t + " chunk is cut off");
                    if (t.equals("IEND")) return new Header("PNG", width, height, null);
                    skip(in, length);
                }
                skip(in, 4); // CRC
                pos += length + 4;
            }
        } catch (EOFException e) {
            return new Header("PNG", 0, 0, "it ends in the middle of a chunk");
        }
    }

    /**
     * Walks the markers to EOI: segments are skipped by their length, entropy-coded data is scanned for the next
     * marker (0xFF followed by anything but a stuffed 0x00 or a restart marker). The size is in the first SOF.
     */
    private static Header jpeg(Path file) throws IOException {
        int width = 0, height = 0;
        try (InputStream raw = Files.newInputStream(file); BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
            skip(in, 2);
            int marker = nextMarker(in);
            while (true) {
                if (marker == 0xd9) return new Header("JPEG", width, height, null);
                if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01 || marker == 0xd8) {
                    marker = nextMarker(in);
                    continue;
                }
                int length = read16(in);
                if (length < 2) return new Header("JPEG", width, height, null); // damaged: the decoder says so
                boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
                if (sof && width == 0 && length >= 7) {
                    skip(in, 1); // precision
                    height = read16(in);
                    width = read16(in);
                    skip(in, length - 7);
                } else {
                    skip(in, length - 2);
                }
                marker = marker == 0xda ? afterScan(in) : nextMarker(in);
            }
        } catch (EOFException e) {
            return new Header("JPEG", width, height, "its end-of-image marker is missing");
        }
    }

    /** Reads entropy-coded data up to the marker that ends it, and returns that marker. */
    private static int afterScan(InputStream in) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException();
            if (b != 0xff) continue;
            int m = in.read();
            while (m == 0xff) m = in.read();
            if (m < 0) throw new EOFException();
            if (m == 0x00 || (m >= 0xd0 && m <= 0xd7)) continue;
            return m;
        }
    }

    private static int nextMarker(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        // anything but 0xFF here is damage the decoder reports; keep looking for a marker
        while (b != 0xff) {
            b = in.read();
            if (b < 0) throw new EOFException();
        }
        int m = in.read();
        while (m == 0xff) m = in.read();
        if (m < 0) throw new EOFException();
        return m;
    }

    private static Header bmp(byte[] h, long size) {
        long declared = le32(h, 2) & 0xffffffffL;
        int dib = le32(h, 14);
        int w, ht;
        if (dib == 12) {
            w = le16(h, 18);
            ht = le16(h, 20);
        } else {
            w = le32(h, 18);
            ht = Math.abs(le32(h, 22));
        }
        String truncation = declared > 0 && declared <= Integer.MAX_VALUE && size < declared
                ? "it holds " + size + " of its " + declared + " bytes" : null;
        return new Header("BMP", Math.max(0, w), Math.max(0, ht), truncation);
    }

    private static Optional<Header> webp(byte[] h, long size) {
        long riff = (le32(h, 4) & 0xffffffffL) + 8;
        String truncation = size < riff ? "it holds " + size + " of its " + riff + " bytes" : null;
        String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        int w, ht;
        switch (chunk) {
            case "VP8X" -> {
                w = (u8(h, 24) | u8(h, 25) << 8 | u8(h, 26) << 16) + 1;
                ht = (u8(h, 27) | u8(h, 28) << 8 | u8(h, 29) << 16) + 1;
            }
            case "VP8 " -> {
                w = le16(h, 26) & 0x3fff;
                ht = le16(h, 28) & 0x3fff;
            }
            case "VP8L" -> {
                int bits = le32(h, 21);
                w = (bits & 0x3fff) + 1;
                ht = ((bits >>> 14) & 0x3fff) + 1;
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Header("WebP", w, ht, truncation));
    }

    private static int u8(byte[] b, int i) { return b[i] & 0xff; }

    private static int le16(byte[] b, int i) { return u8(b, i) | u8(b, i + 1) << 8; }

    private static int le32(byte[] b, int i) { return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | u8(b, i + 3) << 24; }

    private static int read16(InputStream in) throws IOException {
        int a = in.read(), b = in.read();
        if ((a | b) < 0) throw new EOFException();
        return a << 8 | b;
    }

    private static int readInt(InputStream in) throws IOException {
        return read16(in) << 16 | read16(in);
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new EOFException();
                s = 1;
            }
            n -= s;
        }
    }
}

package cinegen.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Walks the blocks of a GIF file to find its NETSCAPE2.0 loop count. */
final class GifBlocks {
    private GifBlocks() {}

    /** The loop count of the NETSCAPE2.0 application extension, or empty when the file has none. */
    static OptionalInt loopCount(Path file) throws IOException {
        byte[] d = Files.readAllBytes(file);
        if (!new String(d, 0, 6, StandardCharsets.US_ASCII).startsWith("GIF8")) throw new IOException("not a GIF");
        int packed = d[10] & 0xff;
        int pos = 13 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 7) + 1)) : 0);
        while (pos < d.length) {
            int block = d[pos] & 0xff;
            if (block == 0x3b) break; // trailer
            if (block == 0x21) {
                int label = d[pos + 1] & 0xff;
                int p = pos + 2;
                if (label == 0xff && (d[p] & 0xff) == 11
                        && new String(d, p + 1, 11, StandardCharsets.US_ASCII).equals("NETSCAPE2.0")) {
                    int sub = p + 12;
                    if ((d[sub] & 0xff) == 3 && d[sub + 1] == 1) {
                        return OptionalInt.of((d[sub + 2] & 0xff) | ((d[sub + 3] & 0xff) << 8));
                    }
                }
                pos = skipSubBlocks(d, p);
            } else if (block == 0x2c) {
                int ipacked = d[pos + 9] & 0xff;
                int p = pos + 10 + ((ipacked & 0x80) != 0 ? 3 * (1 << ((ipacked & 7) + 1)) : 0);
                pos = skipSubBlocks(d, p + 1); // after the LZW minimum code size byte
            } else {
                throw new IOException("unexpected GIF block 0x" + Integer.toHexString(block) + " at " + pos);
            }
        }
        return OptionalInt.empty();
    }

    private static int skipSubBlocks(byte[] d, int p) {
        while ((d[p] & 0xff) != 0) p += (d[p] & 0xff) + 1;
        return p + 1;
    }
}

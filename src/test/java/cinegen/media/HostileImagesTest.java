package cinegen.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 32: files made to exhaust memory or to be read wrongly. A 16000x16000 PNG of a quarter megabyte is refused
 * from its header before anything is decoded; a truncated JPEG or PNG is refused instead of being filled in; a named
 * pipe is called what it is.
 */
public class HostileImagesTest {
    @TempDir Path dir;

    /** A valid grayscale PNG of any size, all black: tiny on disk however large it says it is. */
    public static Path hugePng(Path file, int w, int h) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, new java.util.zip.Deflater(9), 1 << 16)) {
            byte[] row = new byte[w + 1]; // filter byte 0, then w black pixels
            for (int y = 0; y < h; y++) z.write(row);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grayscale, deflate, no filter method, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Files.write(file, png.toByteArray());
        return file;
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private Path photo(String name, String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, ((x * 7) & 255) << 16 | ((y * 5) & 255) << 8 | ((x ^ y) & 255));
        Path f = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()));
        return f;
    }

    @Test
    void aHugePngIsRefusedFromItsHeader() throws Exception {
        Path png = hugePng(dir.resolve("huge.png"), 16000, 16000);
        assertTrue(Files.size(png) < 2_000_000, "small on disk: " + Files.size(png));
        for (ImportOptions o : new ImportOptions[] {ImportOptions.original(), ImportOptions.resizedTo(64, 64, ImportOptions.Resize.CROP)}) {
            MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(png, o.withMaxFrames(1)));
            String m = e.getMessage();
            assertTrue(m.contains("'huge.png'") && m.contains("16000x16000") && m.contains("megapixels"), m);
            assertTrue(m.contains(String.valueOf(MediaImporter.maxPixels() / 1_000_000)), "names the limit: " + m);
            assertFalse(m.contains("damaged"), "a valid picture is not called damaged: " + m);
        }
        assertThrows(MediaException.class, () -> MediaImporter.probe(png));
    }

    @Test
    void aJpegClaimingAHugeSizeIsRefusedFromItsHeader() throws Exception {
        byte[] jpeg = Files.readAllBytes(photo("small.jpg", "jpg", 16, 16));
        int sof = -1;
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) { sof = i; break; }
        }
        assertTrue(sof > 0, "baseline JPEG has SOF0");
        // height at +5, width at +7, both big-endian
        jpeg[sof + 5] = (byte) (16000 >> 8); jpeg[sof + 6] = (byte) 16000;
        jpeg[sof + 7] = (byte) (16000 >> 8); jpeg[sof + 8] = (byte) 16000;
        Path f = dir.resolve("claims-huge.jpg");
        Files.write(f, jpeg);
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(f, ImportOptions.original()));
        assertTrue(e.getMessage().contains("16000x16000"), e.getMessage());
    }

    @Test
    void picturesWithinTheLimitStillImport() throws Exception {
        Path png = hugePng(dir.resolve("wide.png"), 3000, 2000);
        var m = MediaImporter.importFile(png, ImportOptions.resizedTo(64, 64, ImportOptions.Resize.CROP));
        assertEquals(1, m.frames().frameCount());
        assertEquals(3000, m.info().width());
        for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
            Path f = photo("ok." + format, format, 40, 30);
            assertEquals(40, MediaImporter.importFile(f, ImportOptions.original()).frames().width(), format);
        }
    }

    @Test
    void aTruncatedJpegIsRefusedNotFilledIn() throws Exception {
        byte[] good = Files.readAllBytes(photo("photo.jpg", "jpg", 320, 240));
        for (double keep : new double[] {0.66, 0.9, 0.995}) {
            Path cut = dir.resolve("cut" + (int) (keep * 1000) + ".jpg");
            Files.write(cut, Arrays.copyOf(good, (int) (good.length * keep)));
            MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(cut, ImportOptions.original()),
                    "keep " + keep);
            String m = e.getMessage();
            assertTrue(m.contains("'" + cut.getFileName() + "'") && m.contains("truncated"), m);
            assertFalse(m.contains("\n"), m);
        }
        // bytes after the end marker (some cameras add them) are fine
        byte[] padded = Arrays.copyOf(good, good.length + 100);
        Path f = dir.resolve("padded.jpg");
        Files.write(f, padded);
        assertEquals(320, MediaImporter.importFile(f, ImportOptions.original()).frames().width());
    }

    @Test
    void aTruncatedPngIsRefused() throws Exception {
        byte[] good = Files.readAllBytes(photo("photo.png", "png", 320, 240));
        for (double keep : new double[] {0.5, 0.97}) {
            Path cut = dir.resolve("cut" + (int) (keep * 100) + ".png");
            Files.write(cut, Arrays.copyOf(good, (int) (good.length * keep)));
            MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(cut, ImportOptions.original()));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aNamedPipeIsCalledANamedPipe() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is available");
        MediaException e = assertThrows(MediaException.class, () -> MediaImporter.importFile(fifo, ImportOptions.original()));
        assertTrue(e.getMessage().contains("named pipe"), e.getMessage());
        assertFalse(e.getMessage().contains("empty"), e.getMessage());
    }
}

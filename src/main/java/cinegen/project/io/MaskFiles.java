package cinegen.project.io;

import cinegen.frames.Mask;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Masks on disk: 8-bit grayscale PNGs at full resolution (0 = unpainted, 255 = painted), named after a hash of
 * their content ({@code masks/<32 hex digits>.png}), so a save only writes masks that are new and never overwrites
 * a file another saved document still uses.
 */
final class MaskFiles {
    static final String FOLDER = "masks";
    /** Names of the files this class writes; only these are ever deleted as unused. */
    static final Pattern CONTENT_NAME = Pattern.compile("[0-9a-f]{32}\\.png");

    private MaskFiles() {}

    /** The mask's values rounded to 8 bits. */
    static byte[] quantize(Mask mask) {
        float[] v = mask.values();
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) q[i] = (byte) Math.round(Math.max(0f, Math.min(1f, v[i])) * 255f);
        return q;
    }

    /** {@code masks/<hash>.png} for these quantized values. */
    static String relativePath(int width, int height, byte[] quantized) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ByteBuffer.allocate(8).putInt(width).putInt(height).array());
            byte[] digest = md.digest(quantized);
            return FOLDER + "/" + HexFormat.of().formatHex(digest, 0, 16) + ".png";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static byte[] encodePng(int width, int height, byte[] quantized) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(quantized, 0, data, 0, quantized.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(quantized.length / 4 + 1024);
        try {
            if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer in this Java runtime");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a mask image. Grayscale PNGs of any bit depth are read as stored; other images (from other tools)
     * by luminance times alpha.
     */
    static Mask read(Path file, String relative, String source, int width, int height) throws ProjectFormatException {
        BufferedImage img = ImageFiles.read(file, width, height, relative, source);
        Raster raster = img.getRaster();
        if (raster.getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel)) {
            int bits = img.getColorModel().getComponentSize(0);
            float max = (float) ((1L << bits) - 1);
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            float[] v = new float[samples.length];
            for (int i = 0; i < v.length; i++) v[i] = samples[i] / max;
            return new Mask(width, height, v);
        }
        return Mask.fromArgb(width, height, img.getRGB(0, 0, width, height, null, 0, width));
    }
}

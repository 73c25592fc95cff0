package cinegen.media.gif;

import cinegen.frames.Pixels;
import cinegen.frames.Resample;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks our GIF bytes with an independent decoder, the JDK's ImageIO GIF reader. */
class GifEncoderTest {

    private static int[] paletteColours(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = ((i * 37) & 0xff) << 16 | ((i * 91 + 13) & 0xff) << 8 | ((255 - i * 7) & 0xff);
        return c;
    }

    /** Frames as ImageIO decodes them, each with its position. */
    private record RawFrame(BufferedImage image, int left, int top, int delay) {}

    private static List<RawFrame> decode(byte[] gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        List<RawFrame> frames = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            for (int i = 0; i < n; i++) {
                IIOMetadata meta = reader.getImageMetadata(i);
                Node root = meta.getAsTree("javax_imageio_gif_image_1.0");
                int left = 0, top = 0, delay = 0;
                for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeName().equals("ImageDescriptor")) {
                        left = Integer.parseInt(c.getAttributes().getNamedItem("imageLeftPosition").getNodeValue());
                        top = Integer.parseInt(c.getAttributes().getNamedItem("imageTopPosition").getNodeValue());
                    } else if (c.getNodeName().equals("GraphicControlExtension")) {
                        delay = Integer.parseInt(c.getAttributes().getNamedItem("delayTime").getNodeValue());
                    }
                }
                frames.add(new RawFrame(reader.read(i), left, top, delay));
            }
        } finally {
            reader.dispose();
        }
        return frames;
    }

    @Test
    void paletteColouredNoiseSurvivesLzwExactly() throws Exception {
        // random indices defeat the dictionary, so the code table fills and is cleared many times
        int w = 301, h = 203;
        int[] colours = paletteColours(200);
        Palette palette = Palette.of(colours);
        int[] argb = new int[w * h];
        Random random = new Random(42);
        for (int i = 0; i < argb.length; i++) argb[i] = 0xff000000 | colours[random.nextInt(colours.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GifEncoder gif = new GifEncoder(out, w, h, palette, GifDither.NONE, 0);
        gif.addFrame(argb, 10);
        gif.finish();

        List<RawFrame> frames = decode(out.toByteArray());
        assertEquals(1, frames.size());
        BufferedImage img = frames.get(0).image();
        assertEquals(w, img.getWidth());
        int[] back = img.getRGB(0, 0, w, h, null, 0, w);
        assertArrayEquals(argb, back);
        assertEquals(10, frames.get(0).delay());
    }

    @Test
    void laterFramesCarryOnlyTheChangedRectangle() throws Exception {
        int w = 64, h = 48;
        int[] colours = paletteColours(8);
        int[] first = new int[w * h];
        java.util.Arrays.fill(first, 0xff000000 | colours[1]);
        int[] second = first.clone();
        for (int y = 10; y < 14; y++) for (int x = 20; x < 30; x++) second[y * w + x] = 0xff000000 | colours[5];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GifEncoder gif = new GifEncoder(out, w, h, Palette.of(colours), GifDither.NONE, 0);
        gif.addFrame(first, 4);
        gif.addFrame(second, 4);
        gif.addFrame(second, 4); // nothing changes
        gif.finish();

        List<RawFrame> frames = decode(out.toByteArray());
        assertEquals(3, frames.size());
        RawFrame rect = frames.get(1);
        assertEquals(20, rect.left());
        assertEquals(10, rect.top());
        assertEquals(10, rect.image().getWidth());
        assertEquals(4, rect.image().getHeight());
        assertEquals(0xff000000 | colours[5], rect.image().getRGB(3, 2));
        assertEquals(1, frames.get(2).image().getWidth() * frames.get(2).image().getHeight());
    }

    @Test
    void builtPaletteReproducesAFewColoursExactly() {
        int[] colours = paletteColours(40);
        int[] pixels = new int[4000];
        for (int i = 0; i < pixels.length; i++) pixels[i] = 0xff000000 | colours[i % 40];
        Palette p = Palette.build(List.of(pixels), 255);
        for (int c : colours) {
            int idx = p.nearest((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
            int got = p.color(idx);
            int err = Math.abs(((got >> 16) & 0xff) - ((c >> 16) & 0xff)) + Math.abs(((got >> 8) & 0xff) - ((c >> 8) & 0xff))
                    + Math.abs((got & 0xff) - (c & 0xff));
            assertTrue(err <= 6, "colour " + Integer.toHexString(c) + " came back as " + Integer.toHexString(got));
        }
    }

    @Test
    void ditheringKeepsTheLocalAverageOfAGradient() throws Exception {
        int w = 128, h = 64;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) argb[y * w + x] = 0xff000000 | (x * 2) << 16 | (y * 4) << 8 | ((x + y) & 0xff);
        Palette palette = Palette.build(List.of(argb), 32);
        java.util.Map<GifDither, double[]> scores = new java.util.EnumMap<>(GifDither.class);
        for (GifDither dither : GifDither.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            GifEncoder gif = new GifEncoder(out, w, h, palette, dither, -1);
            gif.addFrame(argb, 5);
            gif.finish();
            int[] back = decode(out.toByteArray()).get(0).image().getRGB(0, 0, w, h, null, 0, w);
            // seen from a distance (8x8 averages), dithered bands disappear
            double near = Pixels.psnr(back, argb);
            double far = Pixels.psnr(Resample.areaResizeArgb(back, w, h, w / 8, h / 8), Resample.areaResizeArgb(argb, w, h, w / 8, h / 8));
            scores.put(dither, new double[] {near, far});
            assertTrue(near > 22, dither + " PSNR " + near);
        }
        assertTrue(scores.get(GifDither.BAYER)[1] > scores.get(GifDither.NONE)[1] + 2, "Bayer from afar");
        assertTrue(scores.get(GifDither.FLOYD_STEINBERG)[1] > scores.get(GifDither.NONE)[1] + 2, "Floyd–Steinberg from afar");
    }

    @Test
    void misuseIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GifEncoder gif = new GifEncoder(out, 4, 4, Palette.of(0xffffff, 0), GifDither.NONE, 0);
        assertThrows(IllegalStateException.class, gif::finish);
        assertThrows(IllegalArgumentException.class, () -> gif.addFrame(new int[3], 4));
        assertThrows(IllegalArgumentException.class, () -> new GifEncoder(out, 4, 4, Palette.of(0), GifDither.NONE, -2));
    }
}

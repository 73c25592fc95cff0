package cinegen.engine.preview;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatentPreviewTest {
    @Test
    void leastSquaresRecoversALinearMap() {
        float[][] m = {{0.5f, -0.2f, 0.1f, 0f}, {0f, 0.3f, 0.3f, -0.1f}, {0.2f, 0f, -0.4f, 0.6f}};
        float[] b = {0.1f, -0.05f, 0.2f};
        SplittableRandom rng = new SplittableRandom(1);
        float[][] z = new float[400][4], rgb = new float[400][3];
        for (int s = 0; s < 400; s++) {
            for (int c = 0; c < 4; c++) z[s][c] = (float) (rng.nextDouble() * 2 - 1);
            for (int k = 0; k < 3; k++) {
                double v = b[k];
                for (int c = 0; c < 4; c++) v += m[k][c] * z[s][c];
                rgb[s][k] = (float) v;
            }
        }
        LatentPreview p = LatentPreview.fit(z, rgb);
        for (int k = 0; k < 3; k++) {
            assertEquals(b[k], p.bias()[k], 1e-3);
            for (int c = 0; c < 4; c++) assertEquals(m[k][c], p.matrix()[k][c], 1e-3);
        }
    }

    @Test
    void mapsLatentPixelsToOpaqueColours() {
        LatentPreview p = new LatentPreview(new float[][] {{1, 0}, {0, 1}, {0, 0}}, new float[] {0, 0, -1});
        // (1, 2 channels, 1 frame, 1 x 2): channel 0 = [1, -1], channel 1 = [-1, 1]
        List<int[]> f = p.toArgb(new float[] {1, -1, -1, 1}, 2, 1, 1, 2);
        assertEquals(0xffff0000, f.get(0)[0]);
        assertEquals(0xff00ff00, f.get(0)[1]);
    }

    @Test
    void readsFramesFromEitherLayoutAndEnlargesThem() {
        LatentPreview p = new LatentPreview(new float[][] {{1, 0}, {0, 1}, {0, 0}}, new float[] {0, 0, -1});
        // 2 frames, 2 channels, 1 x 2 pixels; frame 1, pixel 1 has channel 0 = 1, channel 1 = -1 (red)
        float[] channelsFirst = {/* c0 f0 */ -1, -1, /* c0 f1 */ -1, 1, /* c1 f0 */ -1, -1, /* c1 f1 */ -1, -1};
        float[] framesFirst = {/* f0 c0 */ -1, -1, /* f0 c1 */ -1, -1, /* f1 c0 */ -1, 1, /* f1 c1 */ -1, -1};
        List<int[]> a = p.toArgb(channelsFirst, LatentPreview.Layout.CHANNELS_FIRST, 2, 2, 1, 2, 3);
        List<int[]> b = p.toArgb(framesFirst, LatentPreview.Layout.FRAMES_FIRST, 2, 2, 1, 2, 3);
        for (int f = 0; f < 2; f++) assertArrayEquals(a.get(f), b.get(f));
        int[] frame = a.get(1); // 3 x 6
        assertEquals(18, frame.length);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) assertEquals(x < 3 ? 0xff000000 : 0xffff0000, frame[y * 6 + x], x + "," + y);
        }
        assertThrows(IllegalArgumentException.class, () -> p.toArgb(new float[4], LatentPreview.Layout.FRAMES_FIRST, 2, 2, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new LatentPreview(new float[][] {{1}, {1}}, new float[3]));
    }
}

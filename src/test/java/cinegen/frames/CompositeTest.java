package cinegen.frames;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pixel steps of compositing at the source's size (decision 620). */
class CompositeTest {
    @Test
    void theFeatherBandLiesOnTheKeptSideAndEndsInExactOnes() {
        int w = 40, h = 30, r = 3;
        float[] keep = new float[w * h];
        Arrays.fill(keep, 1f);
        for (int y = 10; y < 20; y++) for (int x = 15; x < 25; x++) keep[y * w + x] = 0f;
        float[] f = Composite.featheredKeep(keep, w, h, r);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = f[y * w + x];
                boolean generated = keep[y * w + x] == 0f;
                int dx = Math.max(Math.max(15 - x, x - 24), 0), dy = Math.max(Math.max(10 - y, y - 19), 0);
                if (generated) assertEquals(0f, v, "generated stays generated at " + x + "," + y);
                else if (Math.max(dx, dy) > r) assertEquals(1f, v, "exact beyond the band at " + x + "," + y);
                else assertTrue(v > 0f && v < 1f, "soft inside the band at " + x + "," + y + ": " + v);
            }
        }
    }

    @Test
    void blendingKeepsTheSourcesOwnPixelsWhereKeepIsOneAndOutsideTheRegion() {
        int w = 8, h = 6;
        int[] source = new int[w * h];
        for (int i = 0; i < source.length; i++) source[i] = 0xff000000 | i * 5;
        CropRegion region = new CropRegion(2, 1, 4, 4);
        int[] generated = new int[16];
        Arrays.fill(generated, 0xffff0000);
        float[] keep = new float[w * h];
        Arrays.fill(keep, 0f);
        keep[2 * w + 3] = 1f;
        keep[2 * w + 4] = 0.5f;
        int[] out = Composite.blend(source, w, h, generated, region, keep);
        assertEquals(source[0], out[0], "outside the region: the source");
        assertEquals(source[2 * w + 3], out[2 * w + 3], "keep 1: the source");
        assertEquals(0xffff0000, out[2 * w + 2], "keep 0: the generated pixel");
        int half = out[2 * w + 4];
        assertEquals(128, (half >> 16) & 0xff, "half and half");
    }

    @Test
    void aRegionAroundPaintHasTheAspectRatioAMarginAndStaysInTheFrame() {
        float[] v = new float[200 * 100];
        v[50 * 200 + 100] = 1f; // one painted pixel in the middle
        CropRegion r = CropRegion.around(List.of(new Mask(200, 100, v)), 200, 100, 16, 9, 0);
        assertEquals(16.0 / 9, (double) r.width() / r.height(), 0.05);
        assertTrue(r.x() <= 100 - 16 && r.x() + r.width() >= 101 + 16, r.toString());
        assertTrue(r.y() >= 0 && r.y() + r.height() <= 100, r.toString());
        CropRegion whole = CropRegion.whole(200, 100, 1, 1);
        assertEquals(new CropRegion(0, -50, 200, 200), whole, "padded on the short axis, centred");
        int[] argb = new int[200 * 100];
        Arrays.fill(argb, 0xff112233);
        int[] cut = whole.crop(argb, 200, 100, 32, 32);
        assertEquals(0xff112233, cut[0], "edge pixels repeated into the padding");
        int[] same = new int[4];
        assertSame(same, CropRegion.whole(2, 2, 1, 1).crop(same, 2, 2, 2, 2), "nothing to do at the same size");
    }
}

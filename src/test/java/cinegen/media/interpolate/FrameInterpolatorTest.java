package cinegen.media.interpolate;

import cinegen.frames.FrameSequence;
import cinegen.frames.Pixels;
import cinegen.media.SyntheticScene;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameInterpolatorTest {
    private final FrameInterpolator interpolator = new FrameInterpolator();

    @Test
    void inBetweenFrameOfMovingSceneBeatsCrossFade() {
        SyntheticScene scene = new SyntheticScene(128, 96, 6);
        int[] a = scene.frameAt(3), b = scene.frameAt(4), truth = scene.frameAt(3.5);
        double flow = Pixels.psnr(interpolator.between(a, b, 128, 96, 0.5), truth);
        double fade = Pixels.psnr(FrameInterpolator.crossFade(a, b, 0.5), truth);
        assertTrue(flow > fade + 3, "flow " + flow + " dB vs cross-fade " + fade + " dB");
    }

    @Test
    void fourTimesUpsamplingMatchesTrueQuarterFrames() {
        SyntheticScene scene = new SyntheticScene(128, 96, 8);
        int[] a = scene.frameAt(1), b = scene.frameAt(2);
        List<int[]> mids = interpolator.inBetween(a, b, 128, 96, 4);
        assertEquals(3, mids.size());
        for (int k = 1; k <= 3; k++) {
            int[] truth = scene.frameAt(1 + k / 4.0);
            double flow = Pixels.psnr(mids.get(k - 1), truth);
            double fade = Pixels.psnr(FrameInterpolator.crossFade(a, b, k / 4.0), truth);
            assertTrue(flow > fade + 2, "t=" + k / 4.0 + ": flow " + flow + " dB vs cross-fade " + fade + " dB");
        }
    }

    @Test
    void flowRecoversAKnownShift() {
        SyntheticScene scene = new SyntheticScene(96, 96, 0);
        int[] a = scene.frameAt(0);
        int w = 96, h = 96, dx = 3, dy = -2;
        int[] b = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.max(0, Math.min(w - 1, x - dx)), sy = Math.max(0, Math.min(h - 1, y - dy));
                b[y * w + x] = a[sy * w + sx];
            }
        }
        FlowField f = new OpticalFlow().estimate(a, b, w, h);
        // away from the borders every vector is the shift
        double su = 0, sv = 0;
        int n = 0;
        for (int y = 10; y < h - 10; y++) {
            for (int x = 10; x < w - 10; x++) { su += f.u()[y * w + x]; sv += f.v()[y * w + x]; n++; }
        }
        assertEquals(dx, su / n, 0.15);
        assertEquals(dy, sv / n, 0.15);
    }

    @Test
    void sequenceGetsFactorTimesTheFramesAndRate() {
        FrameSequence clip = new SyntheticScene(48, 32, 3).frames(5, 8);
        FrameSequence up = interpolator.interpolate(clip, 4, () -> false);
        assertEquals(17, up.frameCount());
        assertEquals(32, up.fps());
        assertArrayEquals(clip.frame(0), up.frame(0));
        assertArrayEquals(clip.frame(1), up.frame(4));
        assertArrayEquals(clip.frame(4), up.frame(16));
        assertEquals(9, interpolator.interpolate(clip, 2, () -> false).frameCount());
    }

    @Test
    void stillFramesStayStill() {
        int[] a = new SyntheticScene(64, 48, 0).frameAt(0);
        int[] mid = interpolator.between(a, a, 64, 48, 0.5);
        assertTrue(Pixels.psnr(mid, a) > 45, "a still scene must come back unchanged");
    }

    @Test
    void onlyTwoAndFourTimesAreOffered() {
        FrameSequence clip = new SyntheticScene(16, 16, 1).frames(2, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> interpolator.interpolate(clip, 3, () -> false));
        assertTrue(e.getMessage().contains("2x and 4x"));
    }
}

package cinegen.tools.eval;

import cinegen.tools.train.*;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionCheckTest {
    static final int S = 20;

    static Mask centre() {
        float[] v = new float[S * S];
        for (int y = 8; y < 12; y++) for (int x = 8; x < 12; x++) v[y * S + x] = 1f;
        return new Mask(S, S, v);
    }

    static int[] grey(int level) {
        int[] f = new int[S * S];
        java.util.Arrays.fill(f, 0xff000000 | level << 16 | level << 8 | level);
        return f;
    }

    @Test
    void changesInsideTheFeatherBandAreAllowedAndBeyondItCounted() {
        List<int[]> in = List.of(grey(100), grey(100), grey(100));
        List<int[]> out = new ArrayList<>();
        for (int f = 0; f < 3; f++) out.add(grey(100));
        out.get(1)[8 * S + 6] = 0xff000000 | 103 << 16 | 100 << 8 | 100; // 2 px from the region: inside a 2 px band
        RegionCheck.Result ok = RegionCheck.measure(seq(in), seq(out), centre(), 2, 0);
        assertEquals(0, ok.outsideChanged());
        assertEquals(3 * (S * S - 8 * 8), ok.outsidePixels(), "the 4x4 region grown by 2 px is left out");
        out.get(2)[8 * S + 5] = 0xff000000 | 100 << 16 | 107 << 8 | 100; // 3 px away: beyond the band
        RegionCheck.Result bad = RegionCheck.measure(seq(in), seq(out), centre(), 2, 0);
        assertEquals(1, bad.outsideChanged());
        assertEquals(7, bad.outsideMaxDifference());
    }

    @Test
    void insideChangeIsTheMeanFrameToFrameDifferenceOverAnimatedFrames() {
        Mask m = centre();
        List<int[]> out = List.of(grey(0), grey(100), grey(130), grey(130));
        // From frame 1: pairs (1,2) change by 30 and (2,3) by 0 -> mean 15.
        assertEquals(15.0, RegionCheck.measure(seq(out), seq(out), m, 2, 1).insideMeanChange(), 1e-9);
        // From frame 0: (0,1) 100, (1,2) 30, (2,3) 0 -> mean 43.33.
        assertEquals(130.0 / 3, RegionCheck.measure(seq(out), seq(out), m, 2, 0).insideMeanChange(), 1e-9);
        assertEquals(0.0, RegionCheck.measure(seq(out), seq(List.of(grey(9), grey(9))), m, 2, 0).insideMeanChange());
    }

    @Test
    void paintedRegionCoversThePathWithAMargin() {
        float[] a = new float[S * S], b = new float[S * S];
        a[5 * S + 5] = 0.3f;
        b[5 * S + 9] = 1f;
        Mask m = RegionCheck.paintedAround(List.of(a, b), S, S, 2);
        assertEquals(1f, m.get(3, 3));
        assertEquals(1f, m.get(11, 7));
        assertEquals(0f, m.get(12, 5));
        assertEquals(0f, m.get(5, 8));
        assertTrue(m.coverage() > 0);
    }

    static FrameSequence seq(List<int[]> frames) { return new FrameSequence(S, S, 8, frames); }
}

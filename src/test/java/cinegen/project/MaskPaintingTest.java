package cinegen.project;

import cinegen.frames.Mask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MaskPaintingTest {
    private static final List<StrokePoint> CENTRE = List.of(new StrokePoint(32, 32));

    @Test
    void hardDabCoversItsDiscAndNothingBeyond() {
        Mask m = Mask.filled(64, 64, 0f);
        MaskPatch p = MaskPainting.stroke(m, CENTRE, Brush.paint(20, 1));
        Mask painted = p.applyTo(m);
        assertEquals(1f, painted.get(32, 32), 1e-6);
        assertEquals(1f, painted.get(32 + 8, 32), 1e-6, "well inside the radius of 10");
        assertEquals(0f, painted.get(32 + 11, 32), 1e-6, "outside the radius");
        assertEquals(0f, painted.get(0, 0), 1e-6);
        // the patch is just the disc's bounding box
        assertTrue(p.width() <= 22 && p.height() <= 22, "patch " + p.width() + "x" + p.height());
        assertTrue(p.x() >= 21 && p.y() >= 21);
        // area close to a disc of radius 10
        double area = painted.coverage() * 64 * 64;
        assertEquals(Math.PI * 100, area, 8);
    }

    @Test
    void softBrushFallsOffSmoothlyFromTheCentre() {
        Mask m = Mask.filled(64, 64, 0f);
        Mask painted = MaskPainting.stroke(m, CENTRE, Brush.paint(30, 0)).applyTo(m);
        float prev = 2f;
        for (int dx = 0; dx < 15; dx++) {
            float v = painted.get(32 + dx, 32);
            assertTrue(v <= prev + 1e-6, "decreasing away from centre at " + dx);
            prev = v;
        }
        assertTrue(painted.get(32, 32) > 0.95f);
        float mid = painted.get(32 + 7, 32);
        assertTrue(mid > 0.2f && mid < 0.8f, "half way is partly painted: " + mid);
        assertEquals(0f, painted.get(32 + 16, 32), 1e-6);
    }

    @Test
    void hardnessKeepsTheCoreFull() {
        Brush b = new Brush(40, 0.5, 1, false);
        assertEquals(1, b.coverage(0), 1e-9);
        assertEquals(1, b.coverage(10), 1e-9);
        assertTrue(b.coverage(15) > 0 && b.coverage(15) < 1);
        assertEquals(0, b.coverage(20), 1e-9);
    }

    @Test
    void strokeFollowsThePolylineWithoutGaps() {
        Mask m = Mask.filled(100, 40, 0f);
        List<StrokePoint> line = List.of(new StrokePoint(10, 20), new StrokePoint(90, 20));
        Mask painted = MaskPainting.stroke(m, line, Brush.paint(6, 1)).applyTo(m);
        for (int x = 10; x < 90; x++) assertEquals(1f, painted.get(x, 19), 1e-6, "on the line at x=" + x);
        assertEquals(0f, painted.get(50, 10), 1e-6);
        assertEquals(0f, painted.get(97, 20), 1e-6);
    }

    @Test
    void overlappingSegmentsDoNotBuildUpWithinOneStroke() {
        Mask m = Mask.filled(64, 64, 0f);
        Brush half = new Brush(20, 1, 0.5, false);
        List<StrokePoint> back = List.of(new StrokePoint(20, 32), new StrokePoint(40, 32), new StrokePoint(20, 32), new StrokePoint(40, 32));
        Mask once = MaskPainting.stroke(m, back, half).applyTo(m);
        assertEquals(0.5f, once.get(30, 32), 1e-6);
        Mask twice = MaskPainting.stroke(once, back, half).applyTo(once);
        assertEquals(0.75f, twice.get(30, 32), 1e-6, "a second stroke adds on top");
    }

    @Test
    void eraserRemovesPaint() {
        Mask m = Mask.filled(64, 64, 1f);
        Mask erased = MaskPainting.stroke(m, CENTRE, Brush.eraser(10, 1)).applyTo(m);
        assertEquals(0f, erased.get(32, 32), 1e-6);
        assertEquals(1f, erased.get(10, 10), 1e-6);
    }

    @Test
    void paintingIsPure() {
        Mask m = Mask.filled(32, 32, 0.25f);
        float[] before = m.values().clone();
        MaskPatch p = MaskPainting.stroke(m, List.of(new StrokePoint(16, 16)), Brush.paint(8, 0.5));
        assertArrayEquals(before, m.values());
        Mask after = p.applyTo(m);
        assertNotSame(m, after);
        assertArrayEquals(before, m.values());
        assertArrayEquals(before, p.revert(after).values());
        assertEquals(0.25f, p.before(16, 16), 1e-6);
        assertEquals(1f, p.after(16, 16), 1e-6);
    }

    @Test
    void strokeOutsideTheMaskChangesNothing() {
        Mask m = Mask.filled(32, 32, 0f);
        assertTrue(MaskPainting.stroke(m, List.of(new StrokePoint(-50, -50)), Brush.paint(10, 1)).isEmpty());
        assertTrue(MaskPainting.stroke(m, List.of(), Brush.paint(10, 1)).isEmpty());
        Mask full = Mask.filled(32, 32, 1f);
        assertTrue(MaskPainting.stroke(full, List.of(new StrokePoint(16, 16)), Brush.paint(10, 1)).isEmpty(),
                "painting where it is already painted changes nothing");
    }

    @Test
    void strokeNearTheEdgeIsClipped() {
        Mask m = Mask.filled(32, 32, 0f);
        MaskPatch p = MaskPainting.stroke(m, List.of(new StrokePoint(0, 0)), Brush.paint(10, 1));
        assertEquals(0, p.x());
        assertEquals(0, p.y());
        assertEquals(1f, p.applyTo(m).get(0, 0), 1e-6);
    }

    @Test
    void fillClearInvert() {
        Mask m = MaskPainting.stroke(Mask.filled(16, 16, 0f), List.of(new StrokePoint(4, 4)), Brush.paint(4, 1))
                .applyTo(Mask.filled(16, 16, 0f));
        assertEquals(1.0, MaskPainting.fill(m, 1f).coverage(), 1e-9);
        assertEquals(0.0, MaskPainting.clear(m).coverage(), 1e-9);
        Mask inv = MaskPainting.invert(m);
        assertEquals(1 - m.coverage(), inv.coverage(), 1e-6);
        assertEquals(0f, inv.get(4, 4), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> MaskPainting.fill(m, 2f));
    }

    @Test
    void brushRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Brush(0, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Brush(5, 1.5, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Brush(5, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new StrokePoint(Double.NaN, 0));
    }
}

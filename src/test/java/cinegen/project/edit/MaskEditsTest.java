package cinegen.project.edit;

import cinegen.frames.Mask;
import cinegen.project.Brush;
import cinegen.project.MaskTrack;
import cinegen.project.Project;
import cinegen.project.SampleProjects;
import cinegen.project.StrokePoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MaskEditsTest {
    private Project project;
    private UndoHistory history;
    private MaskTrack track;

    @BeforeEach
    void setUp() {
        project = SampleProjects.withMedia();
        history = new UndoHistory(project);
        AddMaskTrackEdit add = AddMaskTrackEdit.of(project, MaskTrack.over(project.mediaItem("video").orElseThrow()));
        history.perform(add);
        track = add.track();
    }

    private static List<StrokePoint> line(double x0, double y0, double x1, double y1) {
        return List.of(new StrokePoint(x0, y0), new StrokePoint(x1, y1));
    }

    @Test
    void undoAndRedoAStrokeRestoreExactValues() {
        history.perform(MaskStrokeEdit.of(track, 0, line(5, 5, 40, 20), Brush.paint(8, 0.3)));
        float[] afterFirst = track.mask(0).values().clone();
        MaskStrokeEdit second = MaskStrokeEdit.of(track, 0, line(10, 12, 30, 22), new Brush(6, 0.7, 0.6, false));
        history.perform(second);
        float[] afterSecond = track.mask(0).values().clone();
        assertFalse(java.util.Arrays.equals(afterFirst, afterSecond));
        assertTrue(second.heavyBytes() > 0 && second.heavyBytes() < 8L * 48 * 32, "only the changed box is kept");

        history.undo();
        assertArrayEquals(afterFirst, track.mask(0).values());
        history.redo();
        assertArrayEquals(afterSecond, track.mask(0).values());
        history.undo();
        history.undo();
        assertEquals(0.0, track.mask(0).coverage(), 0);
        assertEquals("Add Mask", history.undoName().orElseThrow());
        assertEquals("Brush Stroke", history.redoName().orElseThrow());
    }

    @Test
    void eraserStrokeIsUndoable() {
        history.perform(FillMaskEdit.fill(track, 0));
        history.perform(MaskStrokeEdit.of(track, 0, line(10, 10, 30, 10), Brush.eraser(6, 1)));
        assertEquals("Erase", history.undoName().orElseThrow());
        assertEquals(0f, track.mask(0).get(20, 10), 0);
        history.undo();
        assertEquals(1f, track.mask(0).get(20, 10), 0);
    }

    @Test
    void strokeThatChangesNothingIsNotRecorded() {
        int before = history.undoCount();
        assertFalse(history.perform(MaskStrokeEdit.of(track, 0, List.of(new StrokePoint(-100, -100)), Brush.paint(4, 1))));
        assertEquals(before, history.undoCount());
    }

    @Test
    void fillClearInvertAndUndo() {
        history.perform(MaskStrokeEdit.of(track, 0, line(5, 5, 20, 5), Brush.paint(6, 1)));
        float[] painted = track.mask(0).values().clone();
        history.perform(InvertMaskEdit.of(track, 0));
        assertEquals(1f, track.mask(0).get(40, 30), 0, "unpainted became painted");
        assertEquals(0f, track.mask(0).get(10, 5), 0, "painted became unpainted");
        assertEquals(0, InvertMaskEdit.of(track, 0).heavyBytes(), "invert keeps no pixels");
        history.undo();
        assertArrayEquals(painted, track.mask(0).values());
        history.perform(FillMaskEdit.fill(track, 0));
        assertEquals(1.0, track.mask(0).coverage(), 0);
        history.perform(FillMaskEdit.clear(track, 0));
        assertEquals(0.0, track.mask(0).coverage(), 0);
        history.undo();
        history.undo();
        assertArrayEquals(painted, track.mask(0).values());
    }

    @Test
    void perFrameMasksAndCopyToFollowingFrames() {
        history.perform(MaskStrokeEdit.of(track, 0, line(5, 5, 20, 5), Brush.paint(6, 1)));
        Mask shared = track.mask(0);
        history.perform(MaskModeEdit.perFrame(track));
        assertTrue(track.isPerFrame());
        assertSame(shared, track.mask(29), "every frame starts from the shared mask");

        history.perform(MaskStrokeEdit.of(track, 10, line(30, 20, 40, 25), Brush.paint(6, 1)));
        assertNotEquals(track.mask(9).coverage(), track.mask(10).coverage());
        assertSame(shared, track.mask(11), "a stroke changes only its own frame");

        history.perform(CopyMaskToFollowingEdit.of(track, 10));
        for (int f = 11; f < 30; f++) assertSame(track.mask(10), track.mask(f));
        assertSame(shared, track.mask(9), "earlier frames are untouched");
        history.undo();
        assertSame(shared, track.mask(11));
        history.undo(); // the stroke on frame 10
        assertArrayEquals(shared.values(), track.mask(10).values());
        history.undo(); // back to one mask
        assertFalse(track.isPerFrame());
        assertSame(shared, track.mask(17));
        assertThrows(IllegalArgumentException.class, () -> CopyMaskToFollowingEdit.of(track, 3), "needs per-frame masks");
    }

    @Test
    void backToSharedKeepsTheChosenFrame() {
        history.perform(MaskModeEdit.perFrame(track));
        history.perform(FillMaskEdit.fill(track, 4));
        Mask four = track.mask(4);
        history.perform(MaskModeEdit.shared(track, 4));
        assertFalse(track.isPerFrame());
        assertSame(four, track.mask(0));
        history.undo();
        assertTrue(track.isPerFrame());
        assertEquals(0.0, track.mask(3).coverage(), 0);
        assertSame(four, track.mask(4));
    }

    @Test
    void undoingAddMaskRemovesTheTrackAndRedoBringsItBackPainted() {
        history.perform(FillMaskEdit.fill(track, 0));
        history.undo();
        history.undo();
        assertEquals("Add Mask", history.redoName().orElseThrow());
        assertTrue(project.maskTrack(track.id()).isEmpty());
        assertFalse(project.isDirty(), "back to the project as it was");
        history.redo();
        history.redo();
        assertSame(track, project.maskTrack(track.id()).orElseThrow());
        assertEquals(1.0, track.mask(0).coverage(), 0);
        history.perform(MaskStrokeEdit.of(track, 0, line(1, 1, 2, 2), Brush.eraser(2, 1)));
        assertTrue(track.mask(0).coverage() < 1.0);
        assertTrue(project.isDirty());
    }
}

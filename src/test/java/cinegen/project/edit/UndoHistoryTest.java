package cinegen.project.edit;

import cinegen.project.Brush;
import cinegen.project.Clip;
import cinegen.project.MaskTrack;
import cinegen.project.Project;
import cinegen.project.SampleProjects;
import cinegen.project.StrokePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class UndoHistoryTest {

    /** A light edit the studio makes (the timeline's trim handles): clip "a" ends at {@code out}. */
    private static Edit trimA(Project p, int out) { return TrimClipEdit.of(p, "a", 0, out, false); }

    private static int outOfA(Project p) { return p.timeline().clip("a").orElseThrow().outPoint(); }

    private static Project projectWithClips() {
        Project p = SampleProjects.withMedia();
        p.timeline().setClips(List.of(new Clip("a", "video", "A", 0, 0, 10), new Clip("b", "gen", "B", 10, 0, 12)));
        p.markClean();
        return p;
    }

    @Test
    void undoRedoAndNames() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        assertFalse(h.canUndo());
        assertThrows(IllegalStateException.class, h::undo);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.perform(trimA(p, 8));
        assertEquals("Trim Clip", h.undoName().orElseThrow());
        h.undo();
        assertEquals("Move Clip", h.undoName().orElseThrow());
        assertEquals("Trim Clip", h.redoName().orElseThrow());
        assertEquals(1, h.undoCount());
        assertEquals(1, h.redoCount());
        h.perform(DuplicateClipEdit.of(p, "b"));
        assertFalse(h.canRedo(), "a new edit forgets what could be redone");
        assertThrows(IllegalStateException.class, h::redo);
    }

    @Test
    void cleanStateFollowsTheSavePoint() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.perform(trimA(p, 8));
        assertTrue(p.isDirty());
        p.markClean(); // what the store does after saving
        h.undo();
        assertTrue(p.isDirty(), "before the save point");
        h.undo();
        assertTrue(p.isDirty(), "the original state was not the saved one any more");
        h.redo();
        assertTrue(p.isDirty());
        h.redo();
        assertFalse(p.isDirty(), "redone back to exactly what was saved");
        h.perform(trimA(p, 6));
        assertTrue(p.isDirty());
        h.undo();
        assertFalse(p.isDirty(), "undone back to exactly what was saved");
    }

    @Test
    void saveAfterUndoMakesTheRedoSideTheDirtyOne() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        h.perform(MoveClipEdit.of(p, "a", 1));
        h.undo();
        assertFalse(p.isDirty(), "back to the opened state");
        h.redo();
        h.undo();
        p.markDirty();
        p.markClean(); // saved while the move is undone
        h.redo();
        assertTrue(p.isDirty());
        h.undo();
        assertFalse(p.isDirty());
    }

    @Test
    void entryLimitForgetsTheOldest() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p, 3, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) h.perform(trimA(p, 9 - i));
        assertEquals(3, h.undoCount());
        h.undo();
        h.undo();
        h.undo();
        assertFalse(h.canUndo());
        assertEquals(8, outOfA(p), "the two oldest trims are forgotten");
    }

    @Test
    void heavyCapDropsOldestHeavyEditsAndWhatCameBefore() {
        Project p = projectWithClips();
        MaskTrack t = new MaskTrack("m", "video", 48, 32, 30);
        p.addMaskTrack(0, t);
        List<StrokePoint> dab = List.of(new StrokePoint(10, 10));
        long oneDab = MaskStrokeEdit.of(t, 0, dab, Brush.paint(8, 1)).heavyBytes();
        assertTrue(oneDab > 0);
        UndoHistory h = new UndoHistory(p, 100, 3 * oneDab);
        h.perform(trimA(p, 9));
        List<Float> centres = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            h.perform(MaskStrokeEdit.of(t, 0, List.of(new StrokePoint(5 + i * 9, 10)), Brush.paint(8, 1)));
            centres.add(t.mask(0).get(5 + i * 9, 10));
            h.perform(trimA(p, 8 - i));
        }
        assertTrue(h.heavyBytes() <= 3 * oneDab, "kept " + h.heavyBytes());
        int heavy = 0;
        while (h.canUndo()) {
            String name = h.undoName().orElseThrow();
            if (name.equals("Brush Stroke")) heavy++;
            h.undo();
        }
        assertEquals(3, heavy, "the three newest strokes are kept");
        // the two oldest strokes (and the trims before them) could not be undone
        assertEquals(1f, t.mask(0).get(5, 10), 0);
        assertEquals(1f, t.mask(0).get(14, 10), 0);
        assertEquals(0f, t.mask(0).get(23, 10), 0);
        assertEquals(8, outOfA(p), "the oldest kept entry is the trim to 7 frames");
    }

    @Test
    void editBiggerThanTheCapIsAppliedButNotKept() {
        Project p = projectWithClips();
        MaskTrack t = new MaskTrack("m", "video", 48, 32, 30);
        p.addMaskTrack(0, t);
        UndoHistory h = new UndoHistory(p, 100, 16);
        h.perform(FillMaskEdit.fill(t, 0));
        assertEquals(1.0, t.mask(0).coverage(), 0);
        assertFalse(h.canUndo());
        assertTrue(p.isDirty());
    }

    @Test
    void listenersHearEveryHistoryChangeAndDisposeStopsFollowing() {
        Project p = projectWithClips();
        UndoHistory h = new UndoHistory(p);
        int[] calls = {0};
        h.addListener(() -> calls[0]++);
        h.perform(trimA(p, 8));
        h.undo();
        h.redo();
        h.clear();
        assertEquals(4, calls[0]);
        assertFalse(h.canUndo());
        h.dispose();
        h.perform(trimA(p, 6));
        p.markClean();
        h.undo();
        assertTrue(p.isDirty(), "a disposed history no longer tracks saves");
    }

    @Test
    void rejectsBadLimits() {
        Project p = projectWithClips();
        assertThrows(IllegalArgumentException.class, () -> new UndoHistory(p, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new UndoHistory(p, 10, -1));
    }
}
